/* libc's internal locks (malloc's heap, each stdio stream): a futex word
 * (0 free, 1 held, 2 held and someone may sleep), recursive for its
 * holder. While the process has a single thread nobody can contend, so
 * taking and releasing cost nothing: __libc_threaded, set by the first
 * pthread_create before the second thread exists, switches them on. A
 * lock "taken" before that is not held, and its release is ignored (the
 * owner check below). */
#include <limits.h>
#include <shmos.h>
#include "pthread_impl.h"

bool __libc_threaded;

static void acquire(struct __libc_lock *l)
{
    unsigned c = 0;
    if (__atomic_compare_exchange_n(&l->word, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        futex((uint32_t *)&l->word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, NULL, NULL, 0);
        c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
    }
}

void __libc_lock(struct __libc_lock *l)
{
    if (!__libc_threaded)
        return;
    int me = __pthread_tid();
    if (l->owner == me) {
        l->depth++;
        return;
    }
    acquire(l);
    l->owner = me;
    l->depth = 1;
}

bool __libc_trylock(struct __libc_lock *l)
{
    if (!__libc_threaded)
        return true;
    int me = __pthread_tid();
    if (l->owner == me) {
        l->depth++;
        return true;
    }
    unsigned c = 0;
    if (!__atomic_compare_exchange_n(&l->word, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return false;
    l->owner = me;
    l->depth = 1;
    return true;
}

void __libc_unlock(struct __libc_lock *l)
{
    if (!__libc_threaded || l->owner != __pthread_tid())
        return;                         /* not held: taken while single-threaded */
    if (--l->depth > 0)
        return;
    l->owner = 0;
    if (__atomic_exchange_n(&l->word, 0, __ATOMIC_RELEASE) == 2)
        futex((uint32_t *)&l->word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
}
