/* Job control: stopping and continuing processes, waitpid's reports of
 * it, orphaned process groups, and the terminal's background checks.
 * Everything here is under ptable_lock. Lock tags: docs/architecture.md. */
#include "jobctl.h"
#include "proc.h"
#include "ptable.h"
#include "sched.h"
#include "signal.h"
#include "shmos/wait.h"

#define H_IGN 1                 /* shmos_sigaction.handler of SIG_IGN */

/* A live member of some group: not a free slot, an embryo or a zombie. */
static bool live(const struct proc *q)
{
    return q->state != UNUSED && q->state != EMBRYO && q->state != ZOMBIE;
}

/* Is group pgid orphaned: does no live member have a parent outside the
 * group? Without sessions, init counts as outside every session (the
 * shells it starts lead their own), so a parent that is init does not
 * keep a group from being orphaned. A group with no live member is not
 * orphaned. Needs ptable_lock. */
static bool orphaned_locked(int pgid)
{
    bool members = false;
    for (int i = 0; i < ptable_bound(); i++) {
        const struct proc *q = &procs[i];
        if (!live(q) || q->pgid != pgid)
            continue;
        members = true;
        const struct proc *up = q->parent;
        if (up && up->pid != 1 && up->pgid != pgid)
            return false;
    }
    return members;
}

/* Tell p's parent that p stopped or continued (code CLD_STOPPED or
 * CLD_CONTINUED): SIGCHLD unless its action has SA_NOCLDSTOP, and a
 * wake-up for its waitpid. Needs ptable_lock. */
static void notify_parent_locked(struct proc *p, int code, int sig)
{
    struct proc *up = p->parent;
    if (!up)
        return;
    if (!(signal_action(up, SIGCHLD)->flags & SA_NOCLDSTOP)) {
        struct sigwhy why = { .code = code, .pid = p->pid, .status = sig };
        signal_post_locked(up, SIGCHLD, &why);
    }
    wakeup_locked(up);
}

void jobctl_post_locked(struct proc *p, int sig)
{
    struct sigstate *s = &p->sig;
    if (sig == SIGCONT) {
        s->pending &= ~SIG_STOPPING;
        if (s->stopped) {
            s->stopped = 0;
            s->report = CLD_CONTINUED;
            notify_parent_locked(p, CLD_CONTINUED, SIGCONT);
            wakeup_locked(&s->stopped);
        }
    } else if (SIG_STOPPING & SIG_BIT(sig)) {
        s->pending &= ~SIG_BIT(SIGCONT);
    }
}

void jobctl_stop(struct proc *p, int sig)
{
    struct sigstate *s = &p->sig;
    if (sig != SIGSTOP && orphaned_locked(p->pgid)) {
        spin_unlock(&ptable_lock);
        return;
    }
    s->stopped = sig;
    s->report = CLD_STOPPED;
    notify_parent_locked(p, CLD_STOPPED, sig);
    /* Only SIGCONT (which clears stopped) and SIGKILL end it; other
     * signals wake the sleeper and stay pending, a deadly one too (as on
     * Linux: it exits once continued). Uninterruptible, since an
     * interruptible sleep would return at once for a pending signal. */
    while (s->stopped && p->killed != SIGKILL)
        sleep_uninterruptible(&s->stopped, &ptable_lock);
    spin_unlock(&ptable_lock);
}

bool jobctl_wait_report_locked(struct proc *q, int options, int *status)
{
    struct sigstate *s = &q->sig;
    if (s->report == CLD_STOPPED && s->stopped && (options & WUNTRACED))
        *status = W_STOPCODE(s->stopped);
    else if (s->report == CLD_CONTINUED && (options & WCONTINUED))
        *status = W_CONTINUED;
    else
        return false;
    s->report = 0;
    return true;
}

bool jobctl_stopped(const struct proc *p)
{
    return p->sig.stopped != 0;
}

/* Send sig to every live member of group pgid but init. Needs
 * ptable_lock. */
static void signal_group_locked(int pgid, int sig)
{
    struct sigwhy why = { .code = SI_KERNEL };
    for (int i = 0; i < ptable_bound(); i++)
        if (live(&procs[i]) && procs[i].pgid == pgid && procs[i].pid != 1)
            signal_post_locked(&procs[i], sig, &why);
}

void jobctl_exit_locked(void)
{
    for (int i = 0; i < ptable_bound(); i++) {
        const struct proc *q = &procs[i];
        if (live(q) && q->sig.stopped && orphaned_locked(q->pgid)) {
            int pgid = q->pgid;
            signal_group_locked(pgid, SIGHUP);
            signal_group_locked(pgid, SIGCONT);
        }
    }
}

/* Does a live process belong to group pgid? Needs ptable_lock. */
static bool group_live_locked(int pgid)
{
    for (int i = 0; i < ptable_bound(); i++)
        if (live(&procs[i]) && procs[i].pgid == pgid)
            return true;
    return false;
}

long jobctl_tty_access(int fg, int sig)
{
    struct proc *p = myproc();
    long r = 0;
    if (fg <= 0)
        return 0;
    spin_lock(&ptable_lock);
    if (p->pgid != fg && group_live_locked(fg)) {
        bool refused = (p->sig.mask & SIG_BIT(sig)) || signal_action(p, sig)->handler == H_IGN;
        if (sig == SIGTTOU && refused)
            r = 0;              /* a writer that will not stop may write */
        else if (refused || orphaned_locked(p->pgid))
            r = -EIO;
        else {
            signal_group_locked(p->pgid, sig);
            r = -ERESTART;
        }
    }
    spin_unlock(&ptable_lock);
    return r;
}
