/* Sleeping locks (see sleeplock.h). The state word makes the uncontended
 * case one compare-and-swap to take and one exchange to release; only a
 * contended lock uses the guard and the scheduler.
 *
 * Why no wake-up is lost: a waiter marks the lock SL_WAITED and goes to
 * sleep while holding the guard (sleep releases it only once the waiter
 * is asleep under ptable_lock). A release that finds SL_WAITED takes the
 * guard before it wakes, so it either runs after the waiter is asleep
 * (and wakes it) or before the waiter marked the lock (and the waiter's
 * exchange then finds it free and takes it). */
#include "sleeplock.h"
#include "printk.h"
#include "proc.h"
#include "sched.h"

#define SL_FREE   0
#define SL_HELD   1
#define SL_WAITED 2

void sleep_lock_init(struct sleeplock *l, const char *name)
{
    l->state = SL_FREE;
    l->pid = 0;
    spin_init(&l->guard, name);
    l->name = name;
}

/* Who takes a sleeping lock: the current process, or -1 at boot before
 * there is one (when nothing else can hold the lock). */
static int holder_id(void)
{
    struct proc *p = myproc();
    return p ? p->pid : -1;
}

void sleep_lock(struct sleeplock *l)
{
    int pid = holder_id();
    uint32_t free = SL_FREE;
    if (!__atomic_compare_exchange_n(&l->state, &free, SL_HELD, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED)) {
        /* Only the holder stores its pid, so reading our own is exact. */
        if (__atomic_load_n(&l->pid, __ATOMIC_RELAXED) == pid)
            panic("sleep_lock: lock '%s' acquired twice by pid %d", l->name, pid);
        if (pid < 0)
            panic("sleep_lock: lock '%s' is held at boot", l->name);
        spin_lock(&l->guard);
        while (__atomic_exchange_n(&l->state, SL_WAITED, __ATOMIC_ACQUIRE) != SL_FREE)
            sleep_uninterruptible(l, &l->guard);
        spin_unlock(&l->guard);
    }
    __atomic_store_n(&l->pid, pid, __ATOMIC_RELAXED);
}

void sleep_unlock(struct sleeplock *l)
{
    int pid = holder_id();
    if (__atomic_load_n(&l->state, __ATOMIC_RELAXED) == SL_FREE || l->pid != pid)
        panic("sleep_unlock: lock '%s' not held by pid %d", l->name, pid);
    __atomic_store_n(&l->pid, 0, __ATOMIC_RELAXED);
    if (__atomic_exchange_n(&l->state, SL_FREE, __ATOMIC_RELEASE) == SL_WAITED) {
        spin_lock(&l->guard);
        wakeup(l);
        spin_unlock(&l->guard);
    }
}
