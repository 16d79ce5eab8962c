/* Mutexes (<pthread.h>) over one futex word, and their attributes.
 *
 * __lock is 0 (free), 1 (locked, nobody asleep on it) or 2 (locked, and
 * somebody may be asleep). Taking a free mutex is one compare-and-swap
 * 0 -> 1 and giving back an uncontended one is one exchange to 0: no
 * system call either way. A locker that finds it held exchanges 2 in
 * (it now may sleep, so the holder must wake somebody) and sleeps while
 * the word is 2; the exchange doubles as the attempt to take it, since
 * getting 0 back means it was free and is now the caller's (at 2, so its
 * unlock wakes a possible other sleeper: at worst one wasted wake-up).
 * An unlock that exchanges 0 in and gets 2 back wakes one sleeper.
 * docs/futex.md gives the argument that no wake-up is lost.
 *
 * Normal mutexes record no owner (so they cost nothing more): relocking
 * one deadlocks, as on Linux, and unlocking somebody else's is undefined.
 * Error-checking and recursive ones keep __owner (the holder's
 * __pthread_tid) and __count, both written only by the holder. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <pthread.h>
#include "pthread_impl.h"
#include "pthread_sync.h"

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
    attr->__kind = PTHREAD_MUTEX_DEFAULT;
    attr->__pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int kind)
{
    if (kind != PTHREAD_MUTEX_NORMAL && kind != PTHREAD_MUTEX_RECURSIVE &&
        kind != PTHREAD_MUTEX_ERRORCHECK)
        return EINVAL;
    attr->__kind = kind;
    return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *restrict attr, int *restrict kind)
{
    *kind = attr->__kind;
    return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
    if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
        return EINVAL;
    attr->__pshared = pshared;
    return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *restrict attr, int *restrict pshared)
{
    *pshared = attr->__pshared;
    return 0;
}

int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict attr)
{
    m->__lock = 0;
    m->__kind = attr ? attr->__kind : PTHREAD_MUTEX_DEFAULT;
    m->__pshared = attr ? attr->__pshared : PTHREAD_PROCESS_PRIVATE;
    m->__owner = 0;
    m->__count = 0;
    return 0;
}

/* EBUSY while locked, as glibc says; the memory may then be reused. */
int pthread_mutex_destroy(pthread_mutex_t *m)
{
    return __atomic_load_n(&m->__lock, __ATOMIC_RELAXED) ? EBUSY : 0;
}

/* Takes the futex word, sleeping until abstime (CLOCK_REALTIME; NULL:
 * none). 0, or ETIMEDOUT with the mutex not taken. */
static int take_word(pthread_mutex_t *m, const struct timespec *abstime)
{
    unsigned c = 0;
    if (__atomic_compare_exchange_n(&m->__lock, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return 0;
    if (c != 2)
        c = __atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        if (__futex_wait(&m->__lock, 2, abstime, CLOCK_REALTIME, m->__pshared) == ETIMEDOUT)
            return ETIMEDOUT;
        c = __atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE);
    }
    return 0;
}

/* Gives the futex word back, waking a sleeper if there may be one. */
static void give_word(pthread_mutex_t *m)
{
    if (__atomic_exchange_n(&m->__lock, 0, __ATOMIC_RELEASE) == 2)
        __futex_wake(&m->__lock, 1, m->__pshared);
}

/* For a recursive or error-checking mutex the caller already holds:
 * deeper (EAGAIN past UINT_MAX) or EDEADLK. -1 when the caller is not
 * its holder (a normal mutex never says it is). */
static int relock(pthread_mutex_t *m, int tid)
{
    if (m->__kind == PTHREAD_MUTEX_NORMAL ||
        __atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != tid)
        return -1;
    if (m->__kind == PTHREAD_MUTEX_ERRORCHECK)
        return EDEADLK;
    if (m->__count == UINT_MAX)
        return EAGAIN;
    m->__count++;
    return 0;
}

/* Records the caller as the holder of a mutex it has just taken. */
static void own(pthread_mutex_t *m, int tid)
{
    if (m->__kind != PTHREAD_MUTEX_NORMAL) {
        __atomic_store_n(&m->__owner, tid, __ATOMIC_RELAXED);
        m->__count = 1;
    }
}

/* Locks m, until abstime (CLOCK_REALTIME) if it is not NULL. */
static int lock(pthread_mutex_t *m, const struct timespec *abstime)
{
    int tid = m->__kind == PTHREAD_MUTEX_NORMAL ? 0 : __pthread_tid();
    int r = relock(m, tid);
    if (r >= 0)
        return r;
    if ((r = take_word(m, abstime)) == 0)
        own(m, tid);
    return r;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    unsigned free_word = 0;         /* the common case first: a free normal mutex, one CAS */
    if (m->__kind == PTHREAD_MUTEX_NORMAL &&
        __atomic_compare_exchange_n(&m->__lock, &free_word, 1, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
        return 0;
    return lock(m, NULL);
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict m, const struct timespec *restrict abstime)
{
    int r = __check_abstime(abstime);
    return r ? r : lock(m, abstime);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    int tid = m->__kind == PTHREAD_MUTEX_NORMAL ? 0 : __pthread_tid();
    int r = relock(m, tid);
    if (r == EDEADLK)
        return EBUSY;           /* trylock never deadlocks: it is just busy */
    if (r >= 0)
        return r;
    unsigned c = 0;
    if (!__atomic_compare_exchange_n(&m->__lock, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return EBUSY;
    own(m, tid);
    return 0;
}

/* Whether the caller holds m, an error-checking or recursive mutex. The
 * holder alone writes __owner, so finding one's own id there is exact. */
static bool holds(const pthread_mutex_t *m)
{
    return __atomic_load_n(&m->__owner, __ATOMIC_RELAXED) == __pthread_tid();
}

int __mutex_release(pthread_mutex_t *m, unsigned *depth)
{
    *depth = 1;
    if (m->__kind != PTHREAD_MUTEX_NORMAL) {
        if (!holds(m))
            return EPERM;
        *depth = m->__count;
        m->__count = 0;
        __atomic_store_n(&m->__owner, 0, __ATOMIC_RELAXED);
    }
    give_word(m);
    return 0;
}

void __mutex_reacquire(pthread_mutex_t *m, unsigned depth)
{
    take_word(m, NULL);
    if (m->__kind != PTHREAD_MUTEX_NORMAL) {
        __atomic_store_n(&m->__owner, __pthread_tid(), __ATOMIC_RELAXED);
        m->__count = depth;
    }
}

/* EPERM when an error-checking or recursive mutex is not the caller's
 * (Linux's answer); a normal one is released whoever calls. */
static __attribute__((noinline)) int unlock_owned(pthread_mutex_t *m)
{
    if (!holds(m))
        return EPERM;
    if (--m->__count > 0)
        return 0;
    __atomic_store_n(&m->__owner, 0, __ATOMIC_RELAXED);
    give_word(m);
    return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    if (m->__kind != PTHREAD_MUTEX_NORMAL)
        return unlock_owned(m);     /* out of line: the normal path saves no register */
    give_word(m);
    return 0;
}
