/* Sleeping locks, for long critical sections in process context (an
 * address space's region list: fork copies every page under it; a file's
 * data). The holder runs with interrupts on; a waiter sleeps, and a kill
 * does not cut its wait short (it may be on its way out, tearing down).
 * Never take one with a spinlock held; a spinlock may be taken inside one.
 * An uncontended take or release is one atomic instruction: every copyin
 * and copyout takes the address space's. Lock tags and order:
 * docs/architecture.md, "Locking". */
#ifndef KERNEL_SLEEPLOCK_H
#define KERNEL_SLEEPLOCK_H
#include "spinlock.h"
struct sleeplock {
    uint32_t state;         /* [atomic] SL_FREE, SL_HELD, or SL_WAITED (held, maybe with sleepers) */
    int pid;                /* [holder] the holder (-1: boot), for the double-take and unlock checks */
    struct spinlock guard;  /* orders a sleeper's going to sleep against the release's wakeup */
    const char *name;       /* [I] */
};
void sleep_lock_init(struct sleeplock *l, const char *name);
/* Take l, sleeping while another process holds it. Process context (or
 * boot, before the first process, when it cannot be contended), no
 * spinlock held; panics if the caller already holds it. */
void sleep_lock(struct sleeplock *l);
/* Release l (panics unless the caller holds it) and wake its waiters. */
void sleep_unlock(struct sleeplock *l);
#endif
