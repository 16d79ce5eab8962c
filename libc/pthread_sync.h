/* What libc's pthread synchronisation files share (not a public header):
 * the futex calls every lock and condition variable sleeps and wakes
 * with (pthread_futex.c). Each takes the object's pshared value: 0 adds
 * FUTEX_PRIVATE_FLAG, a promise that only this process's threads use the
 * word. None of them changes errno: pthread functions return their errors. */
#ifndef LIBC_PTHREAD_SYNC_H
#define LIBC_PTHREAD_SYNC_H
#include <pthread.h>
#include <time.h>

/* Sleeps while *word == val, until woken or the absolute deadline abstime
 * (NULL: none) on clock (CLOCK_REALTIME or CLOCK_MONOTONIC) has passed.
 * 0 when woken, when the word was no longer val, or on a signal (the
 * caller looks at its word again); ETIMEDOUT once the deadline has passed. */
int __futex_wait(volatile unsigned *word, unsigned val, const struct timespec *abstime,
                 clockid_t clock, int pshared);

/* Wakes up to n sleepers on word (INT_MAX: all). */
void __futex_wake(volatile unsigned *word, int n, int pshared);

/* 0 if abstime is a valid deadline, EINVAL if its tv_nsec is outside
 * 0..999,999,999 (POSIX's and Linux's check on every timed call). */
int __check_abstime(const struct timespec *abstime);

/* pthread_mutex_unlock and pthread_mutex_lock for pthread_cond_wait: the
 * first releases m entirely (a recursive mutex however deep it is held),
 * returning its depth in *depth, or EPERM when an error-checking or
 * recursive mutex is not the caller's; the second takes it back, deadline
 * or not (a condition variable's caller must own m when it returns). */
int __mutex_release(pthread_mutex_t *m, unsigned *depth);
void __mutex_reacquire(pthread_mutex_t *m, unsigned depth);
#endif
