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
    l->name = name;
}

void sleep_lock(struct sleeplock *l)
{
    int pid = myproc()->pid;
    spin_lock(&l->guard);
    if (l->locked && l->pid == pid)
        panic("sleep_lock: lock '%s' acquired twice by pid %d", l->name, pid);
    while (l->locked)
        sleep_uninterruptible(l, &l->guard);
    l->locked = true;
    l->pid = pid;
    spin_unlock(&l->guard);
}

void sleep_unlock(struct sleeplock *l)
{
    spin_lock(&l->guard);
    if (!l->locked || l->pid != myproc()->pid)
        panic("sleep_unlock: lock '%s' not held by pid %d", l->name, myproc()->pid);
    l->locked = false;
    l->pid = 0;
    wakeup(l);
    spin_unlock(&l->guard);
}
