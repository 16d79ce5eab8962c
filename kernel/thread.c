/* Thread groups: the calls that make and end threads of one process, the
 * TLS segment, and what a group's end and its signals need. Creation and
 * the exit of the last thread are proc.c's (proc_start_child, proc_exit). */
#include "thread.h"
#include "futex.h"
#include "proc.h"
#include "ptable.h"
#include "syscall_proto.h"
#include "uaccess.h"

void thread_exit_notify(struct proc *p)
{
    if (!p->ctid)
        return;
    uint32_t zero = 0;
    if (copyout(p->ctid, &zero, sizeof(zero)) == 0)
        futex_wake_word(p->ctid, 1);    /* a word no longer mapped: nobody to tell */
    p->ctid = 0;
}

/* Is q a thread of lead's group that has not ended? Needs ptable_lock. */
static bool live_member(const struct proc *q, const struct proc *lead)
{
    return q->leader == lead && q->state != UNUSED && q->state != ZOMBIE;
}

/* Kill every live thread of lead's group but me (SIGKILL) and wake it.
 * Needs ptable_lock. */
static void kill_others_locked(const struct proc *lead, const struct proc *me)
{
    if (lead->nthreads <= 1 && lead == me)
        return;                         /* alone: the common case scans nothing */
    for (int i = 0; i < ptable_bound(); i++) {
        struct proc *q = &procs[i];
        if (q == me || !live_member(q, lead) || q->state == EMBRYO)
            continue;
        q->killed = SIGKILL;
        if (q->state == SLEEPING)
            make_runnable(q);
    }
}

void thread_group_end_locked(struct proc *p, int wstatus)
{
    struct proc *lead = p->leader;
    /* The first reason stands, but a SIGKILL outranks another signal not
     * yet acted on (a stopped process's pending SIGTERM), as p->killed. */
    if (lead->gstatus < 0 || (WTERMSIG(wstatus) == SIGKILL && WIFSIGNALED(lead->gstatus)))
        lead->gstatus = wstatus;
    kill_others_locked(lead, p);
}

struct proc *thread_signal_target_locked(struct proc *p)
{
    if (p->state != ZOMBIE)
        return p;
    if (p->leader != p || p->nthreads == 0)
        return NULL;
    for (int i = 0; i < ptable_bound(); i++)
        if (live_member(&procs[i], p) && procs[i].state != EMBRYO)
            return &procs[i];
    return NULL;
}

void thread_kill_siblings(void)
{
    struct proc *me = myproc();
    spin_lock(&ptable_lock);
    kill_others_locked(me->leader, me);
    spin_unlock(&ptable_lock);
}

/* gettid: the calling thread's id (its process's pid in a process of one
 * thread, and in its leader). Takes no lock: its own pid is fixed. */
long sys_gettid(void)
{
    return myproc()->pid;
}

/* thread_exit: end the calling thread only (pthread_exit); the last thread
 * of a process ends the process, with status as its exit status. Never
 * returns. */
long sys_thread_exit(int status)
{
    proc_exit(W_EXITCODE(status, 0));
}

/* set_tls: base the calling thread's TLS segment at base (a user address,
 * or 0 for none). Returns the selector to load into %gs, or -EINVAL. */
long sys_set_tls(uaddr_t base)
{
    if (base >= USER_TOP)
        return -EINVAL;
    struct proc *p = myproc();
    p->tls = base;
    push_cli();                         /* stay on this CPU while its descriptor changes */
    long sel = cpu_set_tls(base);
    pop_cli();
    return sel;
}
