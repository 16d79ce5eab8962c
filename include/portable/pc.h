/* The producer/consumer protocol shared by user/producer.c and
 * user/consumer.c (the HIT OS lab, over System V shared memory and
 * semaphores of one of three kinds). The same sources build for shmos and
 * for Linux. docs/producer-consumer.md explains the protocol; in short:
 *
 *  - one System V segment, key PC_KEY + run number, holds struct pc_ring:
 *    a ring of PC_SLOTS integers, its in/out indexes and the run's state;
 *  - three semaphores: empty (free slots, starts at PC_SLOTS), full
 *    (items in the ring, starts at 0) and mutex (starts at 1, guards every
 *    [mutex] field of the ring); named ones by default, unnamed ones in
 *    the ring (--unnamed) or one System V set with the segment's key
 *    (--sysv), all behind include/portable/pc_sem.h;
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
 * user/bench/ runs the same protocol for its pc_items_per_s,
 * pc_unnamed_items_per_s and pc_sysv_items_per_s figures.
 *
 * The functions are in user/lib/pc.c, which every program may link. On
 * Linux, define _DEFAULT_SOURCE before any header (sem_timedwait, kill,
 * SHM_DEST under -std=c11). */
#ifndef PC_H
#define PC_H
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
#include "pc_sem.h"

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
#define PC_PROCS_MAX    1024            /* shmos's process table: getprocs fills at most this */

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
    int32_t kind;               /* [I] enum pc_kind: the run's semaphores */
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
    sem_t sem[PC_NSEMS];        /* [I] PC_UNNAMED: empty, full, mutex; unused otherwise */
};

/* What a process holds of a run; every field may be unset (-1, NULL). */
struct pc_run {
    int run;                            /* run number */
    key_t key;                          /* the segment's (and a System V set's) */
    int shmid;
    struct pc_ring *ring;               /* the attachment */
    struct pc_sems sems;                /* empty, full, mutex */
};

/* Print "PROG: WHAT: <text of err>" on stderr. Callers pass the errno
 * they saved at the failure: cleanup on the way may have changed errno.
 * pc_report(what, err) is pc_report_as(PC_PROG, what, err), for a program
 * that defines PC_PROG, its name, before including pc.h. */
void pc_report_as(const char *prog, const char *what, int err);
#ifdef PC_PROG
#define pc_report(what, err) pc_report_as(PC_PROG, what, err)
#endif

/* Parse a decimal number in [0, max] (digits only). 0, or -1 if bad. */
int pc_parse(const char *s, long max, long *out);

/* Whether arg is one of the options that pick the semaphores (--sysv,
 * --unnamed); if so, *kind is set to that kind. */
int pc_parse_kind(const char *arg, enum pc_kind *kind);

/* Set up r for run number run (0..PC_RUN_MAX) with semaphores of kind:
 * key, names, nothing held. */
void pc_run_init(struct pc_run *r, int run, enum pc_kind kind);
/* The System V key of r's run. */
key_t pc_key(const struct pc_run *r);

/* Wait (retried on EINTR) and post on one of the run's semaphores
 * (pc_sem.h's pc_sems_wait and pc_sems_post). 0, or -1 with errno: a
 * broken handle, or a System V set removed under the run, which callers
 * report before giving up their part in the run. pc_wait blocks for good:
 * it is used for the mutex only, which every holder gives back at once. */
int pc_wait(struct pc_run *r, enum pc_sem s);
int pc_post(struct pc_run *r, enum pc_sem s);

/* A waiter's look at its partner, made every PC_CHECK_MS without a unit:
 * 1 the partner is gone (stop waiting), 0 keep waiting. */
typedef int pc_lost_fn(struct pc_run *r);

/* Take a unit of s; while none comes, call lost(r) every PC_CHECK_MS.
 * 0 taken, 1 lost(r) said the partner is gone (nothing taken), -1 error
 * (errno). */
int pc_wait_watch(struct pc_run *r, enum pc_sem s, pc_lost_fn *lost);

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
enum pc_step pc_put(struct pc_run *r, int v, pc_lost_fn *lost);

/* Consumer step 4: wait for a unit of full (calling lost(r) every
 * PC_CHECK_MS meanwhile) and, under the mutex, take the next item into
 * *v, or, if the run is abandoned or every item is taken, post the unit
 * back for the next consumer. PC_STEP_DONE (*v set), PC_STEP_END,
 * PC_STEP_ABANDONED, PC_STEP_LOST (nothing taken) or PC_STEP_ERROR
 * (errno). */
enum pc_step pc_take(struct pc_run *r, int *v, pc_lost_fn *lost);

/* The number of processes attached to r's segment (the run's members),
 * or -1 with errno. */
long pc_attached(const struct pc_run *r);

/* Whether process pid has exited but not been reaped: kill(pid, 0) still
 * finds a zombie, on both systems. Unknown counts as no. */
int pc_zombie(pid_t pid);

/* Whether process pid is still running (EPERM: it exists, not ours). */
int pc_alive(pid_t pid);

/* Remove the run from the system: its semaphores first (names, or the
 * System V set), then the segment, so that once the key is free nothing
 * of this run is left (a new producer that gets the key may treat any
 * name or set it finds as a leftover). Tolerates what is already gone.
 * Returns how many objects it removed. */
int pc_remove(const struct pc_run *r, int shmid);

/* Drop what this process holds (attachment, handles); removes nothing. */
void pc_release(struct pc_run *r);

/* Mark run r abandoned for reason why (unless it already is) and post
 * full once, so a consumer blocked on it wakes, sees the mark and passes
 * the unit on. 0, or -1 with errno if the mutex is broken (the mark and
 * the post are still made). */
int pc_abandon(struct pc_run *r, enum pc_abort why);

/* Leave the run: under the mutex, count the processes attached; if this
 * one is alone and the run is finished (every item taken and some
 * consumer joined) or abandoned, it is the last: it sets over (joining
 * checks over under the same mutex, so no one can join any more) and,
 * after releasing the mutex, removes everything. It detaches before it
 * releases the mutex, so the next one to leave does not count it; a
 * process that died was detached by its kernel. With semaphores inside
 * the segment (unnamed) it can only detach after its post; so one that
 * was not alone looks at the attach count once more after detaching, and
 * if it is 0 (everyone else left meanwhile, each seeing it still
 * attached), attaches again and, under the mutex, sets over and removes
 * the run if it is finished and over is not set yet. Then drops this
 * process's hold. Returns 1 if this process removed the run, 0 if not, -1
 * with errno on a failure (the hold is dropped all the same). A System V
 * set already removed (by the last one out, or by --clean) is no
 * failure. */
int pc_leave(struct pc_run *r);
#endif
