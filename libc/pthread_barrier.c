/* Barriers (<pthread.h>): a round number over the futex.
 *
 * The low 16 bits of __arrived count the threads that have reached the
 * barrier this round; the high 16 bits count those of the last round not
 * yet out of pthread_barrier_wait. A thread reads the round (__seq),
 * then counts itself in; the one that completes the count moves the
 * arrivals into the "leaving" half, then moves __seq on and wakes every
 * sleeper: it is the round's PTHREAD_BARRIER_SERIAL_THREAD. The others
 * sleep while __seq is the round they read (a sleeper that read it
 * before the last arrival finds it changed, or is queued when the wake
 * comes), then count themselves out. A round cannot end before each of
 * its threads has read __seq - the last arrival needs them all counted
 * in, and each counts in after its read - and no thread of the next
 * round counts in before the reset, which comes before the move of
 * __seq that let it out: rounds do not mix, so the barrier can be
 * reused at once. pthread_barrier_destroy waits until the last round's
 * threads are out, after which the memory is not touched again. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include "pthread_sync.h"

#define ARRIVED  0x0000ffffu        /* this round's arrivals */
#define LEAVING  0x00010000u        /* one thread of the last round still inside */
#define COUNT_MAX ARRIVED

int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
    attr->__pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared)
{
    if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
        return EINVAL;
    attr->__pshared = pshared;
    return 0;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *restrict attr,
                                   int *restrict pshared)
{
    *pshared = attr->__pshared;
    return 0;
}

/* EINVAL for a count of 0, or above 65535 (the half of __arrived it has). */
int pthread_barrier_init(pthread_barrier_t *restrict b, const pthread_barrierattr_t *restrict attr,
                         unsigned count)
{
    if (count == 0 || count > COUNT_MAX)
        return EINVAL;
    b->__seq = 0;
    b->__arrived = 0;
    b->__count = count;
    b->__pshared = attr ? attr->__pshared : PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
    while (__atomic_load_n(&b->__arrived, __ATOMIC_ACQUIRE) & ~ARRIVED)
        sched_yield();          /* the last round's threads are on their way out */
    return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
    unsigned seq = __atomic_load_n(&b->__seq, __ATOMIC_ACQUIRE);
    unsigned n = b->__count;
    unsigned now = __atomic_add_fetch(&b->__arrived, 1, __ATOMIC_ACQ_REL);
    if ((now & ARRIVED) == n) {
        /* arrivals back to 0, the other n - 1 of them now leaving */
        __atomic_add_fetch(&b->__arrived, (n - 1) * LEAVING - n, __ATOMIC_ACQ_REL);
        __atomic_store_n(&b->__seq, seq + 1, __ATOMIC_RELEASE);
        if (n > 1)
            __futex_wake(&b->__seq, INT_MAX, b->__pshared);
        return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    while (__atomic_load_n(&b->__seq, __ATOMIC_ACQUIRE) == seq)
        __futex_wait(&b->__seq, seq, NULL, CLOCK_MONOTONIC, b->__pshared);
    __atomic_sub_fetch(&b->__arrived, LEAVING, __ATOMIC_RELEASE);
    return 0;
}
