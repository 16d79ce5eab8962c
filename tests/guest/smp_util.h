/* Helpers shared by the SMP stress tests (smp.c, smp_pool.c): keys and
 * the semaphore name derived from the guard's pid, a shared scratch
 * mapping, a start barrier, crews of children reaped as they end (one
 * failing stops the others), the kernel-wide counts each test must leave
 * as it found them, and the guarded test entry with its sweep; defined
 * in smp_util.c.
 *
 * Waiting sides spin at most SPINS checks between two sched_yield()
 * calls, so every test also passes on one CPU. A child whose body is gone
 * (after a failure) exits instead of waiting for ever. */
#ifndef TESTS_GUEST_SMP_UTIL_H
#define TESTS_GUEST_SMP_UTIL_H
#include <fcntl.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define BODY_LIMIT_MS 25000         /* under the runner's 30 s default */
#define SPINS 200                   /* checks of a shared word between two yields */
#define MAX_CREW 8
#define SMP_KEYS 8                  /* System V keys smp_key(0..SMP_KEYS-1) per test */

/* The guard (smp_guarded), from whose pid keys and the semaphore name
 * derive, and the body, whose children exit when it is gone. */
extern pid_t smp_guard;
extern pid_t boss;

/* System V key n (0..SMP_KEYS-1) of this test. */
key_t smp_key(int n);
/* The semaphore name of this test, into buf. */
char *sem_name(char *buf, size_t size);

/* A zero-filled shared mapping of size bytes that fork passes on: an
 * IPC_PRIVATE segment removed at once, so it goes with its last
 * attachment whatever happens. */
void *scratch_new(size_t size);
/* In a child of the body: exit at once if the body is gone (its failure
 * is reported already), so no child is left spinning. */
void still_needed(void);
/* Arrive at a barrier of n processes, then wait for the others, so that
 * they all start at once (on as many CPUs as there are). */
void barrier(_Atomic int *arrived, int n);
/* Deepen the stack once, so pages it demand-fills later are not counted
 * as a leak. */
void warm_stack(void);

/* The kernel-wide counts a test must leave as it found them (all 0 on
 * Linux, whose counts are not ours to check). */
struct counts { long free_pages, nproc, nshm, nsem; };
struct counts counts_now(void);
int same_counts(struct counts a, struct counts b);
/* The counts once they have stopped moving (an earlier test's orphan may
 * still be on its way out): three equal readings 20 ms apart, or the last
 * of 100 readings. */
struct counts settled_counts(void);
/* Fails unless the counts come back to before within 3 s (a child that
 * was reaped on one CPU may still be releasing memory on another). */
void expect_counts_back(struct counts before);

/* n children running fn(0..n-1) at the same time. */
struct crew {
    int n;
    pid_t pid[MAX_CREW];
};
/* Start the crew (the caller becomes the boss its members watch). */
void crew_start(struct crew *c, int n, void (*fn)(long));
/* Reap the crew in the order they end. The first member that did not exit
 * 0 fails the test, after the others are killed and reaped. */
void crew_finish(struct crew *c, const char *what);

/* The test function of every entry: runs the body arg (a void (*)(void))
 * guarded (run_guarded_body), then removes what it left: its keys, its
 * semaphore name and, on shmos, keyless segments made since it started. */
void smp_guarded(long arg);

/* A test entry: body runs guarded, with the runner's default timeout. */
#define T(name, body, skip) { "smp: " name, smp_guarded, (long)(body), 0, 0, skip }

#endif
