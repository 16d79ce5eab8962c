/* pc_sem.h - the producer/consumer lab's three semaphores (empty, full,
 * mutex) behind one interface, in any of three kinds, with the same calls
 * on shmos and on Linux (functions in user/lib/pc_sem.c):
 *
 *  - PC_NAMED: three POSIX named semaphores (sem_open), one name each;
 *  - PC_UNNAMED: three POSIX unnamed semaphores (sem_init(.., 1, ..))
 *    that the creator initialises in shared memory (the lab's segment);
 *  - PC_SYSV: one System V set of three semaphores (semget/semop) under
 *    a key. The mutex is taken and given back with SEM_UNDO: if a holder
 *    dies, the kernel gives its unit back, so the others do not wait for
 *    ever. empty and full are not undone: their units move between
 *    processes (the producer takes empty, a consumer gives it back).
 *
 * Waits come in two forms: pc_sems_wait blocks until a unit comes (used
 * for the mutex, which every holder gives back at once), pc_sems_wait_ms
 * gives up after a time (sem_timedwait with an absolute CLOCK_REALTIME
 * deadline for the POSIX kinds, semtimedop with a relative timeout for
 * System V), so that a waiter can look at its partner between slices.
 *
 * On Linux, semtimedop needs _GNU_SOURCE where it is called (pc_sem.c
 * defines it); callers need nothing beyond pc.h's _DEFAULT_SOURCE. */
#ifndef PORTABLE_PC_SEM_H
#define PORTABLE_PC_SEM_H
#include <semaphore.h>
#include <sys/ipc.h>
#include <sys/types.h>

#define PC_NAME_SIZE    32              /* "/shmos-pc-mutex-65535" and a NUL fit */

/* The three semaphores, as indexes. */
enum pc_sem { PC_EMPTY, PC_FULL, PC_MUTEX, PC_NSEMS };

/* The kind of semaphores a run uses (its programs' --sysv, --unnamed). */
enum pc_kind { PC_NAMED, PC_UNNAMED, PC_SYSV, PC_KINDS };

/* What a process holds of a run's semaphores; unset: semid -1, sem NULL. */
struct pc_sems {
    enum pc_kind kind;
    key_t key;                          /* PC_SYSV: the set's key (IPC_PRIVATE: none) */
    int semid;                          /* PC_SYSV: the set */
    sem_t *sem[PC_NSEMS];               /* PC_NAMED: the handles; PC_UNNAMED: in the segment */
    char name[PC_NSEMS][PC_NAME_SIZE];  /* PC_NAMED: the names */
};

/* The kind's name in messages ("named", "unnamed", "System V") and the
 * option that selects it ("", "--unnamed", "--sysv"). */
const char *pc_kind_name(enum pc_kind kind);
const char *pc_kind_option(enum pc_kind kind);

/* Set s up for kind, key and (for PC_NAMED) names: nothing held. */
void pc_sems_init(struct pc_sems *s, enum pc_kind kind, key_t key,
                  const char name[PC_NSEMS][PC_NAME_SIZE]);

/* Create the three semaphores with the values initial[]: PC_NAMED and
 * PC_SYSV first remove what a killed run may have left under the same
 * names or key (the caller holds the run's segment key fresh, so nothing
 * live can be there), then create exclusively; PC_UNNAMED initialises
 * the three sem_t of in_segment (process-shared). 0, or -1 with errno
 * and *what naming the failed object or call (anything made is removed
 * again). */
int pc_sems_create(struct pc_sems *s, sem_t in_segment[PC_NSEMS],
                   const unsigned initial[PC_NSEMS], const char **what);

/* Open the semaphores a creator made (PC_UNNAMED: the ones in
 * in_segment). 0; 1 if they are gone (the run has just been removed);
 * -1 with errno and *what naming the failed object or call. */
int pc_sems_open(struct pc_sems *s, sem_t in_segment[PC_NSEMS], const char **what);

/* Whether this process holds the semaphores (created or opened them). */
int pc_sems_held(const struct pc_sems *s);

/* Whether the kind keeps its semaphores in the segment itself (then a
 * process must stay attached until its last post). */
int pc_sems_in_segment(const struct pc_sems *s);

/* Take a unit of semaphore i, retrying on EINTR, with no time limit. 0,
 * or -1 with errno. */
int pc_sems_wait(struct pc_sems *s, enum pc_sem i);

/* Take a unit of semaphore i, sleeping at most ms. 0 taken, 1 timed
 * out, -1 error (errno). */
int pc_sems_wait_ms(struct pc_sems *s, enum pc_sem i, long ms);

/* Give a unit back to semaphore i. 0, or -1 with errno. */
int pc_sems_post(struct pc_sems *s, enum pc_sem i);

/* Whether err, from one of the calls above, says the semaphores were
 * removed under this process (PC_SYSV: EIDRM, or EINVAL once the set is
 * gone): the run has been removed, which is not a failure of the caller. */
int pc_sems_removed(const struct pc_sems *s, int err);

/* Remove the kind's objects from the system (PC_NAMED: unlink the names;
 * PC_SYSV: IPC_RMID the set, looked up by key if this process has none;
 * PC_UNNAMED: nothing, they go with the segment). Tolerates what is gone
 * already. Returns how many objects it removed. */
int pc_sems_remove(const struct pc_sems *s);

/* Drop this process's hold (close the handles); removes nothing. */
void pc_sems_close(struct pc_sems *s);
#endif
