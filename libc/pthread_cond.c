/* Condition variables (<pthread.h>): a sequence counter over the futex.
 *
 * __seq moves on at every signal and broadcast. A waiter reads it while
 * it still holds the mutex, releases the mutex, and sleeps while __seq
 * still has the value it read. A signal that comes after the read - and
 * every signal the waiter must see comes after it, since the signaller's
 * change to the predicate was made under the mutex the waiter held then -
 * has moved __seq on, so the waiter's FUTEX_WAIT either returns at once
 * or is already queued when the signal's FUTEX_WAKE looks: no wake-up is
 * lost (docs/futex.md). A signal wakes one sleeper, a broadcast all of
 * them; a waiter that returns without having been woken is one of the
 * spurious wake-ups POSIX allows (the caller loops on its predicate).
 *
 * __waiters counts the threads between their count-in and count-out, so
 * a signal nobody waits for makes no system call: the waiter counts in
 * before it reads __seq and the signaller moves __seq before it reads
 * __waiters (both sequentially consistent), so a signaller that sees 0
 * came before the waiter's read of __seq, and the waiter sleeps on a
 * value that already includes the signal - a signal it need not see.
 * The counter wraps after 2^32 signals; a waiter that slept through
 * exactly that many would sleep on, which no real program gets near. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include "pthread_sync.h"

int pthread_condattr_init(pthread_condattr_t *attr)
{
    attr->__pshared = PTHREAD_PROCESS_PRIVATE;
    attr->__clock = CLOCK_REALTIME;
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
    if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
        return EINVAL;
    attr->__pshared = pshared;
    return 0;
}

int pthread_condattr_getpshared(const pthread_condattr_t *restrict attr, int *restrict pshared)
{
    *pshared = attr->__pshared;
    return 0;
}

/* The clocks a futex deadline can be on; others (CPU-time clocks, unknown
 * ids) are EINVAL, as on Linux. */
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
        return EINVAL;
    attr->__clock = clock;
    return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *restrict attr, clockid_t *restrict clock)
{
    *clock = attr->__clock;
    return 0;
}

int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict attr)
{
    c->__seq = 0;
    c->__pshared = attr ? attr->__pshared : PTHREAD_PROCESS_PRIVATE;
    c->__clock = attr ? attr->__clock : CLOCK_REALTIME;
    c->__waiters = 0;
    return 0;
}

/* Waits for the threads still inside a wait to leave it: after a
 * broadcast (or the signals its waiters needed) they are all awake and
 * about to, and then the memory is no longer touched and may be reused.
 * Destroying a condition variable a thread is still blocked on is
 * undefined; here it waits for that thread. */
int pthread_cond_destroy(pthread_cond_t *c)
{
    while (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST))
        sched_yield();
    return 0;
}

/* Waits on c with m held, until abstime on c's clock if it is not NULL;
 * returns with m held again: 0 (signalled, or spuriously), ETIMEDOUT,
 * or EPERM when m is an error-checking or recursive mutex the caller
 * does not hold (then without waiting). The count-out is the waiter's
 * last touch of c, and comes before it takes m back (a thread that
 * destroys c under m must not wait for a thread that needs m). */
static int wait_on(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                   const struct timespec *restrict abstime)
{
    __atomic_add_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
    unsigned seq = __atomic_load_n(&c->__seq, __ATOMIC_SEQ_CST);
    unsigned depth;
    int r = __mutex_release(m, &depth);
    if (r == 0)
        r = __futex_wait(&c->__seq, seq, abstime, c->__clock, c->__pshared);
    __atomic_sub_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
    if (r != EPERM)
        __mutex_reacquire(m, depth);
    return r;
}

int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m)
{
    return wait_on(c, m, NULL);
}

int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                           const struct timespec *restrict abstime)
{
    int r = __check_abstime(abstime);
    return r ? r : wait_on(c, m, abstime);
}

/* Moves the sequence on and, if anybody waits, wakes n of them. */
static int wake(pthread_cond_t *c, int n)
{
    __atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST))
        __futex_wake(&c->__seq, n, c->__pshared);
    return 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
    return wake(c, 1);
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    return wake(c, INT_MAX);
}
