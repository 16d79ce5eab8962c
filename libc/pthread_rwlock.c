/* Read-write locks (<pthread.h>) that prefer writers.
 *
 * __state holds the number of readers inside (READERS), WRITER while a
 * writer is, and RWAITING once a reader may be asleep on __state.
 * __wwait counts the writers waiting, and they sleep on __wseq, which
 * every release that may let one in moves on.
 *
 * Writers first: a reader does not come in while a writer waits
 * (__wwait > 0), so a stream of readers cannot keep a writer out - the
 * readers inside drain, the last one wakes a writer. A writer's unlock
 * hands over to the next waiting writer, and wakes the readers only when
 * no writer waits; so a stream of writers can keep readers out, the
 * price of never starving writers (glibc's
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP makes the same choice).
 * As there, a thread that takes a read lock it already holds while a
 * writer waits deadlocks: POSIX allows recursive read locks, this lock
 * does not survive them under writer contention.
 *
 * No wake-up is lost. Each release changes __state first and looks at
 * __wwait (or at RWAITING) after; each waiter makes itself seen first
 * (__wwait += 1, or RWAITING set by a compare-and-swap on the state it
 * saw) and looks at the lock after, then sleeps on the value it read;
 * all of it sequentially consistent, so one of the two sides sees the
 * other. A writer reads __wseq before it looks at __state, so a release
 * after that look moves __wseq past the value it sleeps on. A writer
 * that gives up (timeout) passes on what it may have been woken for:
 * the readers, when it was the last writer waiting, and otherwise the
 * next writer if the lock is free. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include "pthread_impl.h"
#include "pthread_sync.h"

#define READERS  0x3fffffffu
#define WRITER   0x40000000u
#define RWAITING 0x80000000u

int pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
    attr->__pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *attr, int pshared)
{
    if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
        return EINVAL;
    attr->__pshared = pshared;
    return 0;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *restrict attr, int *restrict pshared)
{
    *pshared = attr->__pshared;
    return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *restrict rw, const pthread_rwlockattr_t *restrict attr)
{
    rw->__state = 0;
    rw->__wseq = 0;
    rw->__pshared = attr ? attr->__pshared : PTHREAD_PROCESS_PRIVATE;
    rw->__writer = 0;
    rw->__wwait = 0;
    return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
    (void)rw;
    return 0;
}

static unsigned load(volatile unsigned *word)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

/* Whether the caller is the writer inside (s: the state it saw). */
static bool is_writer(const pthread_rwlock_t *rw, unsigned s)
{
    return (s & WRITER) && __atomic_load_n(&rw->__writer, __ATOMIC_RELAXED) == __pthread_tid();
}

/* One attempt at a read lock: 0, EBUSY (a writer is inside or waiting:
 * *s is the state seen) or EAGAIN (the count is full). */
static int try_read(pthread_rwlock_t *rw, unsigned *s)
{
    *s = load(&rw->__state);
    while (!(*s & WRITER) && load(&rw->__wwait) == 0) {
        if ((*s & READERS) == READERS)
            return EAGAIN;
        if (__atomic_compare_exchange_n(&rw->__state, s, *s + 1, true, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return 0;
    }
    return EBUSY;
}

/* Takes a read lock, until abstime (CLOCK_REALTIME) if it is not NULL. */
static int rdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
    unsigned s;
    int r;
    while ((r = try_read(rw, &s)) == EBUSY) {
        if (is_writer(rw, s))
            return EDEADLK;
        if (!(s & RWAITING) && !__atomic_compare_exchange_n(&rw->__state, &s, s | RWAITING,
                                                            false, __ATOMIC_SEQ_CST,
                                                            __ATOMIC_SEQ_CST))
            continue;
        if (!(s & WRITER) && load(&rw->__wwait) == 0)
            continue;           /* the writer it stood back for has given up */
        if (__futex_wait(&rw->__state, s | RWAITING, abstime, CLOCK_REALTIME,
                         rw->__pshared) == ETIMEDOUT)
            return ETIMEDOUT;
    }
    return r;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
    return rdlock(rw, NULL);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
    unsigned s;
    return try_read(rw, &s);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *restrict rw, const struct timespec *restrict abstime)
{
    int r = __check_abstime(abstime);
    return r ? r : rdlock(rw, abstime);
}

/* Lets the next waiting writer try (it sleeps on __wseq). */
static void wake_writer(pthread_rwlock_t *rw)
{
    __atomic_add_fetch(&rw->__wseq, 1, __ATOMIC_SEQ_CST);
    __futex_wake(&rw->__wseq, 1, rw->__pshared);
}

/* Wakes every reader asleep on __state. */
static void wake_readers(pthread_rwlock_t *rw)
{
    __atomic_and_fetch(&rw->__state, ~RWAITING, __ATOMIC_SEQ_CST);
    __futex_wake(&rw->__state, INT_MAX, rw->__pshared);
}

/* A waiting writer leaves without the lock: see the file's comment. */
static void give_up(pthread_rwlock_t *rw)
{
    unsigned left = __atomic_sub_fetch(&rw->__wwait, 1, __ATOMIC_SEQ_CST);
    unsigned s = load(&rw->__state);
    if (left == 0 && (s & RWAITING))
        wake_readers(rw);
    else if (left > 0 && !(s & (READERS | WRITER)))
        wake_writer(rw);
}

/* One attempt at the write lock from state *s: true if taken. */
static bool try_write(pthread_rwlock_t *rw, unsigned *s)
{
    return !(*s & (READERS | WRITER)) &&
           __atomic_compare_exchange_n(&rw->__state, s, *s | WRITER, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/* Takes the write lock, until abstime (CLOCK_REALTIME) if it is not NULL. */
static int wrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
    unsigned s = 0;
    int tid = __pthread_tid();
    if (!try_write(rw, &s)) {
        if ((s & WRITER) && __atomic_load_n(&rw->__writer, __ATOMIC_RELAXED) == tid)
            return EDEADLK;
        __atomic_add_fetch(&rw->__wwait, 1, __ATOMIC_SEQ_CST);
        for (;;) {
            unsigned seq = load(&rw->__wseq);
            s = load(&rw->__state);
            if (try_write(rw, &s))
                break;
            if (!(s & (READERS | WRITER)))
                continue;       /* it changed under the attempt: look again */
            if (__futex_wait(&rw->__wseq, seq, abstime, CLOCK_REALTIME,
                             rw->__pshared) == ETIMEDOUT) {
                give_up(rw);
                return ETIMEDOUT;
            }
        }
        __atomic_sub_fetch(&rw->__wwait, 1, __ATOMIC_SEQ_CST);
    }
    __atomic_store_n(&rw->__writer, tid, __ATOMIC_RELAXED);
    return 0;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
    return wrlock(rw, NULL);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
    unsigned s = load(&rw->__state);
    if (!try_write(rw, &s))
        return EBUSY;
    __atomic_store_n(&rw->__writer, __pthread_tid(), __ATOMIC_RELAXED);
    return 0;
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *restrict rw, const struct timespec *restrict abstime)
{
    int r = __check_abstime(abstime);
    return r ? r : wrlock(rw, abstime);
}

/* Releases the caller's read or write lock (a writer inside means it is
 * the caller's: the write lock excludes readers); EPERM if it is not held. */
int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
    unsigned s = load(&rw->__state);
    if (s & WRITER) {
        __atomic_store_n(&rw->__writer, 0, __ATOMIC_RELAXED);
        unsigned old = __atomic_fetch_and(&rw->__state, ~WRITER, __ATOMIC_SEQ_CST);
        if (load(&rw->__wwait))
            wake_writer(rw);
        else if (old & RWAITING)
            wake_readers(rw);
        return 0;
    }
    if (!(s & READERS))
        return EPERM;
    unsigned old = __atomic_fetch_sub(&rw->__state, 1, __ATOMIC_SEQ_CST);
    if ((old & READERS) == 1 && load(&rw->__wwait))
        wake_writer(rw);
    return 0;
}
