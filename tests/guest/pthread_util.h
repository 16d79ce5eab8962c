/* Helpers of the pthread tests (pthread.c, pthread_process.c,
 * pthread_sync.c, pthread_rwlock.c), defined in pthread_util.c: crews of
 * threads, deadlines, shared pages; and MUST, for calls that return an
 * error number.
 *
 * A crew is started with pthread_create and joined with pthread_join,
 * on both systems. A crew's function returns 0 for success; a failed
 * CHECK in it fails the test (its _exit(1) ends the whole process). */
#ifndef TESTS_GUEST_PTHREAD_UTIL_H
#define TESTS_GUEST_PTHREAD_UTIL_H
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include "tests.h"

/* Fail the test unless call (a pthread-style function) returns 0. */
#define MUST(call) do { \
        int e_ = (call); \
        if (e_ != 0) \
            FAIL("%s returned %d (%s)", #call, e_, errname(e_)); \
    } while (0)

#define MAX_CREW 8
#define WORKERS 4                   /* threads of the counters */
#define INCREMENTS 100000           /* each, under the fastest locks */

struct crew {
    int n;
    long ids[MAX_CREW];             /* pthread_t */
    struct { int (*fn)(void *); void *arg; } start[MAX_CREW];
};

/* Starts n (at most MAX_CREW) threads running fn(arg). */
void start_crew(struct crew *c, int n, int (*fn)(void *), void *arg);
/* Waits for every thread of c; fails the test unless each returned 0. */
void join_crew(struct crew *c);
/* fn(arg) on n threads, waited for. */
void run_crew(int n, int (*fn)(void *), void *arg);

/* Atomically *next + 1, returning the old value: a crew member's index. */
int next_index(volatile int *next);
/* The absolute time ms milliseconds from now on clock. */
struct timespec in_ms(clockid_t clock, long ms);
/* Fails unless now is about ms milliseconds (at least ms - 10, at most
 * 10 s) after t0 (now_ns): a timeout that came when asked. */
void check_waited(uint64_t t0, long ms);
/* A fresh MAP_SHARED | MAP_ANONYMOUS page. */
void *shared_page(void);
#endif
