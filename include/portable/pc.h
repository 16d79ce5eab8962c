/* The producer/consumer protocol shared by user/producer.c and
 * user/consumer.c (the HIT OS lab, over System V shared memory and POSIX
 * named semaphores). The same sources build for shmos and for Linux.
 * docs/producer-consumer.md explains the protocol; in short:
 *
 *  - one System V segment, key PC_KEY + run number, holds struct pc_ring:
 *    a ring of PC_SLOTS integers, its in/out indexes and the run's state;
 *  - three named semaphores: empty (free slots, starts at PC_SLOTS), full
 *    (items in the ring, starts at 0) and mutex (starts at 1, guards every
 *    [mutex] field of the ring);
 *  - the producer creates all of it; a consumer waits for it to appear;
 *  - the processes in the run are the ones attached to the segment: the
 *    kernel's attach count (shm_nattch) drops when one leaves and when one
 *    dies, whatever kills it. Each leaves under the mutex and detaches
 *    before releasing it, so the one that finds itself alone there, with
 *    the run finished (every item taken, some consumer joined) or
 *    abandoned, is the last: it sets over and removes the names and the
 *    segment; joining is refused once over is set, under the same mutex;
 *  - a run is abandoned (aborted) when its producer gives up, fails or
 *    dies, or when every consumer that joined is gone with items left;
 *    whoever abandons it posts full once, and every consumer that wakes
 *    to find it abandoned posts it again, so all of them stop;
 *  - no one blocks for good on a dead partner: a process waiting on full
 *    or empty checks every PC_CHECK_MS whether its partner is still there.
 *
 * A run number (option -k N, default 0) gives independent runs side by
 * side: key PC_KEY + N and names with "-N" appended (none for run 0).
 *
 * user/bench.c runs the same protocol for its pc_items_per_s figure.
 *
 * Include after the system headers, with PC_PROG defined as the program's
 * name (messages start with it); on Linux, define _DEFAULT_SOURCE before
 * any header (sem_timedwait, kill, SHM_DEST under -std=c11). */
#ifndef PC_H
#define PC_H
#ifndef PC_PROG
#error "define PC_PROG, the program name that starts its messages, before including pc.h"
#endif
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <time.h>
#ifdef __shmos__
#include <shmos.h>
#endif
#include "monotime.h"

#define PC_KEY          0x50430000      /* "PC" in the high half; run N uses PC_KEY + N */
#define PC_RUN_MAX      65535           /* largest run number */
#define PC_SLOTS        10              /* ring size */
#define PC_ITEMS        500             /* producer's default item count */
#define PC_ITEMS_MAX    100000000       /* largest item count accepted */
#define PC_CONSUMERS_MAX 1000           /* largest -c accepted */
#define PC_MAGIC        0x70635231u     /* ring->magic once the run is set up */
#define PC_MAGIC_FAILED 0x70635846u     /* ring->magic: the producer could not set it up */
#define PC_WAIT_MS      10000           /* a consumer's wait for a producer, and back */
#define PC_CHECK_MS     200             /* how often a blocked process checks its partner */
#define PC_NAME_SIZE    32              /* "/shmos-pc-mutex-65535" and a NUL fit */
#define PC_PROCS_MAX    64              /* shmos's process table: getprocs fills at most this */

enum pc_sem { PC_EMPTY, PC_FULL, PC_MUTEX, PC_NSEMS };

/* Why a run was abandoned (ring->aborted); PC_RUNNING while it is not. */
enum pc_abort {
    PC_RUNNING,
    PC_TOO_FEW,             /* the producer gave up waiting for -c consumers */
    PC_FAILED,              /* the producer hit an error */
    PC_PRODUCER_DIED,       /* a consumer found the producer dead before the end */
    PC_CONSUMERS_GONE,      /* every consumer that joined is gone, items left */
};

/* The segment. [mutex]: read and written only with the mutex semaphore
 * held; [I]: written by the producer before magic, constant after. */
struct pc_ring {
    uint32_t magic;             /* PC_MAGIC (or PC_MAGIC_FAILED), stored last, with release */
    int32_t total;              /* [I] items in the run: the values 0..total-1 */
    int32_t producer;           /* [I] the producer's pid, for consumers to check */
    int32_t consumers;          /* [mutex] consumers that ever joined */
    int32_t done;               /* [mutex] the producer posted the end marker */
    int32_t aborted;            /* [mutex] enum pc_abort */
    int32_t over;               /* [mutex] set by the process that removes the run */
    int32_t taken;              /* [mutex] items consumers took */
    int32_t in;                 /* [mutex] next slot the producer fills */
    int32_t out;                /* [mutex] next slot a consumer empties */
    int32_t slot[PC_SLOTS];     /* [mutex] */
};

/* What a process holds of a run; every field may be unset (-1, NULL). */
struct pc_run {
    int run;                            /* run number */
    int shmid;
    struct pc_ring *ring;               /* the attachment */
    sem_t *sem[PC_NSEMS];
    char name[PC_NSEMS][PC_NAME_SIZE];  /* the semaphore names */
};

/* Print "PROG: WHAT: <text of err>" on stderr. Callers pass the errno
 * they saved at the failure: cleanup on the way may have changed errno. */
static inline void pc_report(const char *what, int err)
{
    fprintf(stderr, PC_PROG ": %s: %s\n", what, strerror(err));
}

/* Parse a decimal number in [0, max] (digits only). 0, or -1 if bad. */
static inline int pc_parse(const char *s, long max, long *out)
{
    long v = 0;
    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (max - (*s - '0')) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 0;
}

/* Set up r for run number run (0..PC_RUN_MAX): key, names, nothing held. */
static inline void pc_run_init(struct pc_run *r, int run)
{
    static const char *const base[PC_NSEMS] = {
        "/shmos-pc-empty", "/shmos-pc-full", "/shmos-pc-mutex",
    };
    r->run = run;
    r->shmid = -1;
    r->ring = NULL;
    for (int i = 0; i < PC_NSEMS; i++) {
        r->sem[i] = NULL;
        if (run == 0)
            snprintf(r->name[i], PC_NAME_SIZE, "%s", base[i]);
        else
            snprintf(r->name[i], PC_NAME_SIZE, "%s-%d", base[i], run);
    }
}

static inline key_t pc_key(const struct pc_run *r)
{
    return (key_t)(PC_KEY + r->run);
}

/* sem_wait (retried on EINTR) and sem_post on one of the run's
 * semaphores. 0, or -1 with errno: a broken handle, which callers report
 * before giving up their part in the run. pc_wait blocks for good: it is
 * used for the mutex only, which every holder gives back at once. */
static inline int pc_wait(struct pc_run *r, enum pc_sem s)
{
    while (sem_wait(r->sem[s]) != 0)
        if (errno != EINTR)
            return -1;
    return 0;
}

static inline int pc_post(struct pc_run *r, enum pc_sem s)
{
    return sem_post(r->sem[s]);
}

/* Take a unit of s, sleeping at most ms. 0 taken, 1 timed out, -1 error
 * (errno). */
static inline int pc_sem_wait_ms(sem_t *s, long ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);      /* sem_timedwait's clock */
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait(s, &until) != 0) {
        if (errno == ETIMEDOUT)
            return 1;
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

/* A waiter's look at its partner, made every PC_CHECK_MS without a unit:
 * 1 the partner is gone (stop waiting), 0 keep waiting. */
typedef int pc_lost_fn(struct pc_run *r);

/* Take a unit of s; while none comes, call lost(r) every PC_CHECK_MS.
 * 0 taken, 1 lost(r) said the partner is gone (nothing taken), -1 error
 * (errno). */
static inline int pc_wait_watch(struct pc_run *r, enum pc_sem s, pc_lost_fn *lost)
{
    for (;;) {
        int got = pc_sem_wait_ms(r->sem[s], PC_CHECK_MS);
        if (got <= 0)
            return got;
        if (lost(r))
            return 1;
    }
}

/* What pc_put and pc_take did: pc_wait_watch's 0, 1 and -1, and the two
 * ways a consumer's unit of full can carry no item. */
enum pc_step {
    PC_STEP_ERROR = -1,         /* a semaphore call failed (errno) */
    PC_STEP_DONE = 0,           /* the item went in, or came out */
    PC_STEP_LOST = 1,           /* lost(r) said the partner is gone; nothing moved */
    PC_STEP_END = 2,            /* pc_take: nothing left: the end marker, passed on */
    PC_STEP_ABANDONED = 3,      /* pc_take: the run is abandoned: its wake-up, passed on */
};

/* Producer step 6: wait for a free slot (calling lost(r) every
 * PC_CHECK_MS meanwhile), put v in it under the mutex, post full.
 * PC_STEP_DONE, PC_STEP_LOST (nothing put) or PC_STEP_ERROR (errno). */
static inline enum pc_step pc_put(struct pc_run *r, int v, pc_lost_fn *lost)
{
    struct pc_ring *q = r->ring;
    int got = pc_wait_watch(r, PC_EMPTY, lost);
    if (got != 0)
        return got > 0 ? PC_STEP_LOST : PC_STEP_ERROR;
    if (pc_wait(r, PC_MUTEX) != 0)
        return PC_STEP_ERROR;
    q->slot[q->in] = v;
    q->in = (q->in + 1) % PC_SLOTS;
    if (pc_post(r, PC_MUTEX) != 0 || pc_post(r, PC_FULL) != 0)
        return PC_STEP_ERROR;
    return PC_STEP_DONE;
}

/* Consumer step 4: wait for a unit of full (calling lost(r) every
 * PC_CHECK_MS meanwhile) and, under the mutex, take the next item into
 * *v, or, if the run is abandoned or every item is taken, post the unit
 * back for the next consumer. PC_STEP_DONE (*v set), PC_STEP_END,
 * PC_STEP_ABANDONED, PC_STEP_LOST (nothing taken) or PC_STEP_ERROR
 * (errno). */
static inline enum pc_step pc_take(struct pc_run *r, int *v, pc_lost_fn *lost)
{
    struct pc_ring *q = r->ring;
    int got = pc_wait_watch(r, PC_FULL, lost);
    if (got != 0)
        return got > 0 ? PC_STEP_LOST : PC_STEP_ERROR;
    if (pc_wait(r, PC_MUTEX) != 0)
        return PC_STEP_ERROR;
    if (q->aborted != PC_RUNNING || q->taken == q->total) {
        enum pc_step why = q->aborted != PC_RUNNING ? PC_STEP_ABANDONED : PC_STEP_END;
        /* The unit goes back whatever the mutex post said: the other
         * consumers must still wake and end. */
        pc_post(r, PC_MUTEX);
        return pc_post(r, PC_FULL) != 0 ? PC_STEP_ERROR : why;
    }
    *v = q->slot[q->out];
    q->out = (q->out + 1) % PC_SLOTS;
    q->taken++;
    if (pc_post(r, PC_MUTEX) != 0 || pc_post(r, PC_EMPTY) != 0)
        return PC_STEP_ERROR;
    return PC_STEP_DONE;
}

/* The number of processes attached to r's segment (the run's members),
 * or -1 with errno. */
static inline long pc_attached(const struct pc_run *r)
{
    struct shmid_ds ds;
    if (shmctl(r->shmid, IPC_STAT, &ds) != 0)
        return -1;
    return (long)ds.shm_nattch;
}

/* Whether process pid has exited but not been reaped: kill(pid, 0) still
 * finds a zombie, on both systems. Unknown counts as no. */
static inline int pc_zombie(pid_t pid)
{
#ifdef __shmos__
    struct procinfo ps[PC_PROCS_MAX];
    int n = getprocs(ps, PC_PROCS_MAX);
    for (int i = 0; i < n; i++)
        if (ps[i].pid == pid)
            return ps[i].state == PS_ZOMBIE;
    return 0;
#else
    char path[40], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* "pid (name) S ...": the name may hold ')' itself, the state follows the last. */
    const char *p = strrchr(buf, ')');
    return p != NULL && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
#endif
}

/* Whether process pid is still running (EPERM: it exists, not ours). */
static inline int pc_alive(pid_t pid)
{
    if (kill(pid, 0) != 0 && errno == ESRCH)
        return 0;
    return !pc_zombie(pid);
}

/* Remove the run from the system: names first, then the key, so that once
 * the key is free no name of this run is left (a new producer that gets
 * the key may treat any name it finds as a leftover). Tolerates what is
 * already gone. Returns how many objects it removed. */
static inline int pc_remove(const struct pc_run *r, int shmid)
{
    int removed = 0;
    for (int i = 0; i < PC_NSEMS; i++)
        removed += sem_unlink(r->name[i]) == 0;
    if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) == 0)
        removed++;
    return removed;
}

/* Drop what this process holds (attachment, handles); removes nothing. */
static inline void pc_release(struct pc_run *r)
{
    if (r->ring != NULL)
        shmdt(r->ring);
    r->ring = NULL;
    for (int i = 0; i < PC_NSEMS; i++) {
        if (r->sem[i] != NULL)
            sem_close(r->sem[i]);
        r->sem[i] = NULL;
    }
}

/* Mark run r abandoned for reason why (unless it already is) and post
 * full once, so a consumer blocked on it wakes, sees the mark and passes
 * the unit on. 0, or -1 with errno if the mutex is broken (the mark and
 * the post are still made). */
static inline int pc_abandon(struct pc_run *r, enum pc_abort why)
{
    int locked = pc_wait(r, PC_MUTEX) == 0, err = errno;
    if (r->ring->aborted == PC_RUNNING)
        r->ring->aborted = why;
    pc_post(r, PC_FULL);
    if (locked)
        pc_post(r, PC_MUTEX);
    errno = err;
    return locked ? 0 : -1;
}

/* Leave the run: under the mutex, count the processes attached; if this
 * one is alone and the run is finished (every item taken and some
 * consumer joined) or abandoned, it is the last: it sets over (joining
 * checks over under the same mutex, so no one can join any more) and,
 * after releasing the mutex, removes everything. It detaches before it
 * releases the mutex, so the next one to leave does not count it; a
 * process that died was detached by its kernel. Then drops this process's
 * hold. Returns 1 if this process removed the run, 0 if not, -1 with
 * errno on a failure (the hold is dropped all the same). */
static inline int pc_leave(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    int last = 0, err = 0;
    if (pc_wait(r, PC_MUTEX) == 0) {
        long attached = pc_attached(r);
        if (attached < 0) {
            err = errno;
        } else {
            last = attached == 1 && !q->over &&
                   (q->aborted != PC_RUNNING || (q->taken == q->total && q->consumers > 0));
            if (last)
                q->over = 1;
        }
        shmdt(q);
        r->ring = NULL;
        if (pc_post(r, PC_MUTEX) != 0 && err == 0)
            err = errno;
    } else {
        err = errno;
    }
    if (last)
        pc_remove(r, r->shmid);
    pc_release(r);
    errno = err;
    return err != 0 ? -1 : last;
}
#endif
