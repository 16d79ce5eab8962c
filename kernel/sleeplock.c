/* Sleeping locks (see sleeplock.h). */
#include "sleeplock.h"
#include "printk.h"
#include "proc.h"
#include "sched.h"

void sleep_lock_init(struct sleeplock *l, const char *name)
{
    spin_init(&l->guard, name);
    l->locked = false;
    l->pid = 0;
    l->waiters = 0;
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
    spin_lock(&l->guard);
    if (l->locked && l->pid == pid)
        panic("sleep_lock: lock '%s' acquired twice by pid %d", l->name, pid);
    while (l->locked) {
        if (pid < 0)
            panic("sleep_lock: lock '%s' is held at boot", l->name);
        l->waiters++;
        sleep_uninterruptible(l, &l->guard);
        l->waiters--;
    }
    l->locked = true;
    l->pid = pid;
    spin_unlock(&l->guard);
}

void sleep_unlock(struct sleeplock *l)
{
    spin_lock(&l->guard);
    int pid = holder_id();
    if (!l->locked || l->pid != pid)
        panic("sleep_unlock: lock '%s' not held by pid %d", l->name, pid);
    l->locked = false;
    l->pid = 0;
    if (l->waiters)                 /* the common case, uncontended, wakes nobody */
        wakeup(l);
    spin_unlock(&l->guard);
}
