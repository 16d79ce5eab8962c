/* The producer/consumer protocol shared by user/producer.c and
 * user/consumer.c (the HIT OS lab, over System V shared memory and POSIX
 * named semaphores). The same sources build for shmos and for Linux.
 * docs/producer-consumer.md explains the protocol; in short:
 *
 *  - one System V segment, key PC_KEY + run number, holds struct pc_ring:
 *    a ring of PC_SLOTS integers, its in/out indexes and the run's counters;
 *  - three named semaphores: empty (free slots, starts at PC_SLOTS), full
 *    (items in the ring, starts at 0) and mutex (starts at 1, guards every
 *    [mutex] field of the ring);
 *  - the producer creates all of it; a consumer waits for it to appear;
 *  - the run is over when every item has been taken, at least one consumer
 *    has joined and every process that joined has left. users counts the
 *    processes in the run (under mutex): the process whose leaving makes
 *    the run over sets over and removes the names and the segment; joining
 *    is refused once over is set, under the same mutex.
 *
 * A run number (option -k N, default 0) gives independent runs side by
 * side: key PC_KEY + N and names with "-N" appended (none for run 0). */
#ifndef PC_H
#define PC_H
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

#define PC_KEY          0x50430000      /* "PC" in the high half; run N uses PC_KEY + N */
#define PC_RUN_MAX      65535           /* largest run number */
#define PC_SLOTS        10              /* ring size */
#define PC_ITEMS        500             /* producer's default item count */
#define PC_ITEMS_MAX    100000000       /* largest item count accepted */
#define PC_CONSUMERS_MAX 1000           /* largest -c accepted */
#define PC_MAGIC        0x70635231u     /* ring->magic once the run is set up */
#define PC_WAIT_MS      10000           /* a consumer's wait for a producer */
#define PC_NAME_SIZE    32              /* "/shmos-pc-mutex-65535" and a NUL fit */

enum pc_sem { PC_EMPTY, PC_FULL, PC_MUTEX, PC_NSEMS };

/* The segment. [mutex]: read and written only with the mutex semaphore
 * held; [I]: written by the producer before magic, constant after. */
struct pc_ring {
    uint32_t magic;             /* PC_MAGIC, stored (release) after all else is set up */
    int32_t total;              /* [I] items in the run: the values 0..total-1 */
    int32_t users;              /* [mutex] processes in the run now (the producer counts) */
    int32_t consumers;          /* [mutex] consumers that ever joined */
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

/* Sleep for ms milliseconds (EINTR ends it early; callers poll anyway). */
static inline void pc_nap(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* sem_wait (retried on EINTR) and sem_post on one of the run's
 * semaphores. 0, or -1: a broken handle, which callers report before
 * giving up their part in the run. */
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

/* Leave the run: users-- under mutex. The process that leaves no one
 * behind, with every item taken and some consumer having joined, is the
 * last: it sets over (so no one can join any more: joining checks over
 * under the same mutex) and removes everything. A producer that finishes
 * while items wait in the ring is not last: the run waits for a consumer.
 * Then drops this process's hold. Returns 1 if this process removed the
 * run, 0 if not, -1 on a semaphore failure (nothing removed, hold dropped). */
static inline int pc_leave(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    int last = -1;
    if (pc_wait(r, PC_MUTEX) == 0) {
        q->users--;
        last = q->users == 0 && q->taken == q->total && q->consumers > 0;
        if (last)
            q->over = 1;
        pc_post(r, PC_MUTEX);
    }
    if (last == 1)
        pc_remove(r, r->shmid);
    pc_release(r);
    return last;
}
#endif
