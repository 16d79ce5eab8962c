/* System calls for priorities and CPU time: getpriority/setpriority (the
 * nice value runq.c weighs), times and getrusage (runq.c's accounting).
 * Every process is root today (no uids), so anyone may lower any nice
 * value; PRIO_USER knows only user 0, which is everyone. */
#include "proc.h"
#include "ptable.h"
#include "runq.h"
#include "syscall_proto.h"
#include "time.h"
#include "uaccess.h"
#include "shmos/errno.h"
#include "shmos/resource.h"

/* Does live process p match (which, who) for cur? -EINVAL for a bad
 * which. Needs ptable_lock. */
static int prio_matches(const struct proc *p, const struct proc *cur, int which, int who)
{
    switch (which) {
    case PRIO_PROCESS: return p->pid == (who ? who : cur->pid);
    case PRIO_PGRP: return p->pgid == (who ? who : cur->pgid);
    case PRIO_USER: return who == 0;    /* uid 0: every process */
    default: return -EINVAL;
    }
}

/* Apply to every live process matching (which, who): with set, give it
 * nice prio; else find the least nice. Returns the count matched or
 * -EINVAL; *least gets the least nice. */
static int prio_walk(int which, int who, bool set, int prio, int *least)
{
    struct proc *cur = myproc();
    int n = 0;
    *least = NICE_MAX + 1;
    spin_lock(&ptable_lock);
    for (int i = 0; i < ptable_bound(); i++) {
        struct proc *p = &procs[i];
        if (p->state == UNUSED || p->state == EMBRYO || p->state == ZOMBIE)
            continue;
        int m = prio_matches(p, cur, which, who);
        if (m < 0) {
            n = m;
            break;
        }
        if (!m)
            continue;
        n++;
        if (set)
            runq_set_nice(p, prio);
        if (p->sch.nice < *least)
            *least = p->sch.nice;
    }
    spin_unlock(&ptable_lock);
    return n;
}

/* getpriority: 20 - the least nice among the matching processes (1..40,
 * as Linux's call: libc turns it into the nice value), -EINVAL or -ESRCH. */
long sys_getpriority(int which, int who)
{
    int least;
    int n = prio_walk(which, who, false, 0, &least);
    if (n < 0)
        return n;
    return n ? 20 - least : -ESRCH;
}

/* setpriority: nice prio (clamped to -20..19) for every matching process.
 * 0, -EINVAL or -ESRCH. */
long sys_setpriority(int which, int who, int prio)
{
    int least;
    int n = prio_walk(which, who, true, prio, &least);
    return n < 0 ? n : n ? 0 : -ESRCH;
}

static int32_t ns_to_ticks(uint64_t ns)
{
    return (int32_t)(ns / (1000000000u / SHMOS_CLK_TCK));
}

/* times: the caller's and its reaped children's CPU times into *buf (if
 * not 0); returns the ticks since boot, or -EFAULT. */
long sys_times(uaddr_t ubuf)
{
    struct proc *p = myproc();
    uint64_t u, s;
    runq_cputime(p, &u, &s);
    spin_lock(&ptable_lock);
    struct shmos_tms t = {
        .utime = ns_to_ticks(u), .stime = ns_to_ticks(s),
        .cutime = ns_to_ticks(p->sch.child_user_ns), .cstime = ns_to_ticks(p->sch.child_sys_ns),
    };
    spin_unlock(&ptable_lock);
    if (ubuf && copyout(ubuf, &t, sizeof(t)) < 0)
        return -EFAULT;
    return ns_to_ticks(time_ns()) & 0x7fffffff;
}

static struct shmos_timeval ns_to_timeval(uint64_t ns)
{
    return (struct shmos_timeval){ (int32_t)(ns / 1000000000u), (int32_t)(ns % 1000000000u / 1000) };
}

/* getrusage: RUSAGE_SELF (the caller) or RUSAGE_CHILDREN (its reaped
 * children and theirs): user and system time, the rest zero. 0, -EINVAL,
 * -EFAULT. */
long sys_getrusage(int who, uaddr_t uusage)
{
    struct proc *p = myproc();
    uint64_t u, s;
    if (who == RUSAGE_SELF) {
        runq_cputime(p, &u, &s);
    } else if (who == RUSAGE_CHILDREN) {
        spin_lock(&ptable_lock);
        u = p->sch.child_user_ns;
        s = p->sch.child_sys_ns;
        spin_unlock(&ptable_lock);
    } else {
        return -EINVAL;
    }
    struct shmos_rusage ru = { .utime = ns_to_timeval(u), .stime = ns_to_timeval(s) };
    return copyout(uusage, &ru, sizeof(ru));
}
