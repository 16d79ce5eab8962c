/* Helpers shared by the named-semaphore tests (sem.c, sem_wait.c), defined
 * in sem_util.c: names and the key derived from the guard's pid,
 * shortcuts, and the guarded test entry with the sweep that removes what a
 * test left. */
#ifndef TESTS_GUEST_SEM_UTIL_H
#define TESTS_GUEST_SEM_UTIL_H
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define NNAMES  72                  /* names name(0..NNAMES-1) per test */
#define NAME_SIZE 320
#define NAME_LIMIT 251             /* bytes after the '/' (glibc's NAME_MAX - 4; shmos's too) */
#define BODY_LIMIT_MS 25000         /* under the runner's 30 s default */
#define CYCLES 10000

/* The pid names and the key derive from: the guard's (sem_guarded). */
extern pid_t sem_guard;

/* The System V key of this test (the shared counter's segment). */
key_t sem_key(void);
/* Name n of this test, into buf[NAME_SIZE]. */
char *name(char *buf, int n);
/* A name of this test with exactly len bytes after its '/'. */
char *long_name(char *buf, int len);

/* call must return SEM_FAILED with errno err. */
#define EXPECT_OPEN_ERR(call, err) do { \
    errno = 0; \
    sem_t *s_ = (call); \
    int e_ = errno; \
    if (s_ != SEM_FAILED || e_ != (err)) \
        FAIL("%s returned %p errno %s, expected SEM_FAILED with %s", \
             #call, (void *)s_, errname(e_), errname(err)); \
} while (0)

/* sem_open(name(n), O_CREAT | O_EXCL, 0600, value), which must work. */
sem_t *sem_new(int n, unsigned value);
/* sem_open(name(n), 0), which must work. */
sem_t *open_existing(int n);
/* sem_unlink(name(n)), which must work. */
void unlink_n(int n);
/* sem_getvalue of s, which must work. */
int value(sem_t *s);

#ifdef __shmos__
/* Named semaphores in existence by name: the files /dev/shm/sem.*. */
long nsem(void);
/* Processes asleep in a futex wait: in these tests, blocked in sem_wait
 * (n names the semaphore, for the message). */
long waiters(int n);
#endif

/* The test function of every entry: runs the body arg (a void (*)(void))
 * guarded (run_guarded_body), then unlinks every name of the test and
 * removes its segment; names and the key derive from this process's pid. */
void sem_guarded(long arg);

#define T(name, body, timeout, skip) { "sem: " name, sem_guarded, (long)(body), 0, timeout, skip }
#ifdef __shmos__
#define SHMOS_BODY(f) f
#else
#define SHMOS_BODY(f) NULL
#endif

#endif
