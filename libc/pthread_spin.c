/* Spin locks (<pthread.h>): one word, 0 free and 1 held, taken by an
 * atomic exchange. A waiter spins reading the word (no bus-locked writes
 * while it is held) and, after SPINS reads, yields the CPU: the holder may
 * be a thread this CPU preempted, which cannot release it while the
 * waiter spins. Usable between processes in shared memory as they are. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#define SPINS 1000

int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
    (void)pshared;              /* the same word either way */
    __atomic_store_n(s, 0, __ATOMIC_RELEASE);
    return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
    (void)s;
    return 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
    while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE)) {
        for (int i = 0; __atomic_load_n(s, __ATOMIC_RELAXED); i++) {
            if (i == SPINS) {
                sched_yield();
                i = 0;
            }
            __builtin_ia32_pause();
        }
    }
    return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
    return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
    __atomic_store_n(s, 0, __ATOMIC_RELEASE);
    return 0;
}
