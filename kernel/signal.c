/* Signals: sending (signal_post_locked), delivery on the way back to user
 * mode (signal_return: a frame on the user stack, the handler entered
 * with its mask), sigreturn (the frame read back and checked by the
 * port), the restart or EINTR of an interrupted system call, alarms, and
 * the calls on actions and masks. Lock tags: docs/architecture.md. */
#include "signal.h"
#include "jobctl.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "ptable.h"
#include "sched.h"
#include "syscall.h"
#include "syscall_proto.h"
#include "thread.h"
#include "time.h"
#include "uaccess.h"
#include "shmos/wait.h"

#define H_DFL 0                 /* shmos_sigaction.handler values */
#define H_IGN 1
/* The signals a fault raises: taken before any other pending one. */
#define FAULT_SIGNALS (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) | SIG_BIT(SIGFPE) | \
                       SIG_BIT(SIGTRAP))
#define NS_PER_SEC 1000000000ull

/* The actions of p's process, which all its threads share: the leader's
 * (a thread's own act[] is unused). [ptable_lock] */
static struct shmos_sigaction *actions_of(const struct proc *p)
{
    return p->leader->sig.act;
}

const struct shmos_sigaction *signal_action(const struct proc *p, int sig)
{
    return &actions_of(p)[sig];
}

/* Does sig, sent to p now, do nothing? Needs ptable_lock. */
static bool ignored_locked(const struct proc *p, int sig)
{
    uint32_t h = actions_of(p)[sig].handler;
    if (sig == SIGKILL)
        return false;
    return h == H_IGN || (h == H_DFL && (SIG_DEFAULT_IGNORED & SIG_BIT(sig)));
}

void signal_post_locked(struct proc *p, int sig, const struct sigwhy *why)
{
    if (sig <= 0 || sig >= NSIG)
        return;
    jobctl_post_locked(p, sig);
    if (ignored_locked(p, sig))
        return;
    uint32_t bit = SIG_BIT(sig);
    bool blocked = (p->sig.mask & bit) != 0;
    bool deadly = !blocked && actions_of(p)[sig].handler == H_DFL && !(SIG_STOPPING & bit);
    if (sig == SIGKILL || deadly) {
        if (!p->killed || sig == SIGKILL)
            p->killed = sig;    /* deadly: it exits at its next return to user mode */
        thread_group_end_locked(p, W_EXITCODE(0, sig));     /* and so does its process */
    } else if (!(p->sig.pending & bit)) {
        p->sig.pending |= bit;  /* standard signals do not queue: the first's siginfo */
        p->sig.why[sig] = *why;
    }
    if ((!blocked || sig == SIGKILL) && p->state == SLEEPING)
        make_runnable(p);
}

void signal_fork(struct proc *child, const struct proc *parent)
{
    memcpy(child->sig.act, actions_of(parent), sizeof(child->sig.act));
    child->sig.mask = parent->sig.mask;
}

void signal_exec(struct proc *p)
{
    spin_lock(&ptable_lock);
    struct shmos_sigaction *act = actions_of(p);
    for (int sig = 1; sig < NSIG; sig++)
        if (act[sig].handler != H_IGN)
            memset(&act[sig], 0, sizeof(act[sig]));
    spin_unlock(&ptable_lock);
    p->sig.rs_err = 0;
}

long signal_syscall(uint32_t nr, const uint32_t args[6])
{
    long r = syscall_dispatch(nr, args);
    if (r == -ERESTART || r == -ERESTARTNOINTR) {
        struct sigstate *s = &myproc()->sig;
        if (!s->rs_err) {       /* (sigreturn's restarted call noted itself) */
            s->rs_err = r;
            s->rs_nr = nr;
            memcpy(s->rs_args, args, sizeof(s->rs_args));
        }
    }
    return r;
}

/* The pending signal to take next (faults first, then by number), or 0.
 * Needs ptable_lock. */
static int next_signal(const struct sigstate *s)
{
    uint32_t ready = s->pending & ~s->mask;
    if (ready & FAULT_SIGNALS)
        ready &= FAULT_SIGNALS;
    return ready ? __builtin_ctz(ready) + 1 : 0;
}

/* Build the frame for handler act of sig below the user's stack, the
 * registers it saves those of p->tf, and point the frame at the handler.
 * restart: the system call sigreturn redoes, + 1 (0: none). False if the
 * frame cannot be written (the stack is bad). */
static bool push_frame(struct proc *p, int sig, const struct shmos_sigaction *act,
                       const struct sigwhy *why, uint32_t oldmask, uint32_t restart)
{
    struct shmos_sigframe f;
    uaddr_t sp = tf_user_sp(p->tf);
    if (sp < USER_BASE + sizeof(f) + 16 || sp > USER_TOP)
        return false;
    uaddr_t at = ((sp - sizeof(f)) & ~15u) - 4;     /* the handler's esp + 4 is 16-aligned */
    memset(&f, 0, sizeof(f));
    f.ret = (act->flags & SA_RESTORER) ? act->restorer : at + offsetof(struct shmos_sigframe, retcode);
    f.signo = sig;
    f.pinfo = at + offsetof(struct shmos_sigframe, info);
    f.puc = at + offsetof(struct shmos_sigframe, uc);
    f.info.si_signo = sig;
    f.info.si_code = why->code;
    if (why->fault) {
        f.info.u.si_addr = why->addr;
        f.uc.uc_mcontext.cr2 = why->addr;
    } else {
        f.info.u.kill.si_pid = why->pid;
        f.info.u.kill.si_status = why->status;
    }
    tf_to_sigcontext(p->tf, &f.uc.uc_mcontext);
    f.uc.uc_mcontext.fpstate = at + offsetof(struct shmos_sigframe, fpstate);
    f.uc.uc_mcontext.oldmask = oldmask;
    f.uc.uc_sigmask = oldmask;
    f.restart = restart;
    sigframe_retcode(f.retcode, SYS_sigreturn);
    fpu_save((struct fpu_state *)f.fpstate);        /* the live registers are the user's */
    if (copyout(at, &f, sizeof(f)) < 0)
        return false;
    fpu_restore(&fpu_initial_state);                /* the handler starts clean */
    tf_set_handler(p->tf, act->handler, at, sig, f.pinfo, f.puc);
    return true;
}

/* Take signal sig (its pending bit already cleared): do nothing, exit,
 * stop until continued, or set up its handler. Called with ptable_lock
 * held; returns with it released; true if a handler will run. */
static bool take_signal(struct proc *p, int sig, const struct sigwhy *why)
{
    struct sigstate *s = &p->sig;
    struct shmos_sigaction act = actions_of(p)[sig];
    if (ignored_locked(p, sig)) {
        spin_unlock(&ptable_lock);
        return false;
    }
    if (act.handler == H_DFL && (SIG_STOPPING & SIG_BIT(sig))) {
        jobctl_stop(p, sig);
        proc_check_killed();    /* a kill ended the stop */
        return false;
    }
    if (act.handler == H_DFL) {
        spin_unlock(&ptable_lock);
        proc_exit_group(W_EXITCODE(0, sig));
    }
    uint32_t oldmask = s->has_saved ? s->saved_mask : s->mask;
    s->has_saved = false;
    s->mask |= act.mask | ((act.flags & SA_NODEFER) ? 0 : SIG_BIT(sig));
    s->mask &= ~SIG_UNCATCHABLE;
    if (act.flags & SA_RESETHAND)
        memset(&actions_of(p)[sig], 0, sizeof(act));
    spin_unlock(&ptable_lock);

    uint32_t restart = 0;
    if (s->rs_err) {
        if (s->rs_err == -ERESTARTNOINTR || (act.flags & SA_RESTART))
            restart = s->rs_nr + 1;
        else
            tf_set_result(p->tf, (uint32_t)-EINTR);
        s->rs_err = 0;
    }
    if (!push_frame(p, sig, &act, why, oldmask, restart)) {
        kprintf("pid %d (%s): killed: no room for the frame of signal %d below esp 0x%08x\n",
                p->pid, p->name, sig, tf_user_sp(p->tf));
        proc_exit_group(W_EXITCODE(0, SIGSEGV));
    }
    return true;
}

void signal_return(void)
{
    struct proc *p = myproc();
    struct sigstate *s = &p->sig;
    if (s->alarm_at) {
        spin_lock(&ptable_lock);
        signal_alarm_check_locked();
        spin_unlock(&ptable_lock);
    }
    for (;;) {
        if (!(s->pending & ~s->mask) && !s->rs_err && !s->has_saved)
            return;             /* the common case, without a lock */
        spin_lock(&ptable_lock);
        int sig = next_signal(s);
        if (sig) {
            s->pending &= ~SIG_BIT(sig);
            struct sigwhy why = s->why[sig];
            if (take_signal(p, sig, &why))
                return;
            continue;
        }
        if (s->has_saved) {     /* sigsuspend's mask, if no handler took it over */
            s->mask = s->saved_mask;
            s->has_saved = false;
        }
        spin_unlock(&ptable_lock);
        if (s->rs_err) {        /* nothing took the interruption: redo the call */
            s->rs_err = 0;
            tf_set_result(p->tf, (uint32_t)signal_syscall(s->rs_nr, s->rs_args));
            proc_check_killed();
        }
    }
}

bool signal_fault(int sig, int code, uaddr_t addr)
{
    struct proc *p = myproc();
    spin_lock(&ptable_lock);
    /* A blocked or ignored fault signal kills, as on Linux: the program
     * would only fault again. */
    bool take = actions_of(p)[sig].handler > H_IGN && !(p->sig.mask & SIG_BIT(sig));
    if (take) {
        p->sig.pending |= SIG_BIT(sig);
        p->sig.why[sig] = (struct sigwhy){ .code = code, .addr = addr, .fault = true };
    }
    spin_unlock(&ptable_lock);
    return take;
}

uint64_t signal_sleep_deadline(uint64_t deadline)
{
    uint64_t a = myproc()->sig.alarm_at;
    return a && (!deadline || a < deadline) ? a : deadline;
}

void signal_alarm_check_locked(void)
{
    struct proc *p = myproc();
    if (p->sig.alarm_at && time_ns() >= p->sig.alarm_at) {
        p->sig.alarm_at = 0;
        struct sigwhy why = { .code = SI_KERNEL };
        signal_post_locked(p, SIGALRM, &why);
    }
}

/* sigaction: sets sig's action from *act (if act) and reports the old one
 * in *old (if old). 0, -EINVAL (bad sig, or a change to SIGKILL or
 * SIGSTOP) or -EFAULT. Making a pending signal ignored discards it. */
long sys_sigaction(int sig, uaddr_t uact, uaddr_t uold)
{
    struct shmos_sigaction act, old;
    if (sig <= 0 || sig >= NSIG || (uact && (SIG_UNCATCHABLE & SIG_BIT(sig))))
        return -EINVAL;
    if (uact && copyin(&act, uact, sizeof(act)) < 0)
        return -EFAULT;
    act.mask &= ~SIG_UNCATCHABLE;
    struct proc *p = myproc();
    spin_lock(&ptable_lock);
    old = actions_of(p)[sig];
    if (uact) {
        actions_of(p)[sig] = act;
        if (ignored_locked(p, sig))
            p->sig.pending &= ~SIG_BIT(sig);
    }
    spin_unlock(&ptable_lock);
    if (uold && copyout(uold, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

/* sigprocmask: how (SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK) applies *set (if
 * set) to the mask; the old mask goes to *old (if old). SIGKILL and
 * SIGSTOP are never blocked. 0, -EINVAL or -EFAULT. */
long sys_sigprocmask(int how, uaddr_t uset, uaddr_t uold)
{
    uint32_t set = 0, old;
    if (uset && copyin(&set, uset, sizeof(set)) < 0)
        return -EFAULT;
    if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
        return -EINVAL;
    struct sigstate *s = &myproc()->sig;
    spin_lock(&ptable_lock);
    old = s->mask;
    if (uset) {
        if (how == SIG_BLOCK)
            s->mask |= set;
        else if (how == SIG_UNBLOCK)
            s->mask &= ~set;
        else
            s->mask = set;
        s->mask &= ~SIG_UNCATCHABLE;
    }
    spin_unlock(&ptable_lock);
    if (uold && copyout(uold, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

/* sigpending: the signals sent but blocked, into *set. 0 or -EFAULT. */
long sys_sigpending(uaddr_t uset)
{
    struct sigstate *s = &myproc()->sig;
    spin_lock(&ptable_lock);
    uint32_t set = s->pending & s->mask;
    spin_unlock(&ptable_lock);
    return copyout(uset, &set, sizeof(set)) < 0 ? -EFAULT : 0;
}

/* Sleep until a signal not in the (current) mask is pending. Always
 * -EINTR. */
static long wait_for_signal(void)
{
    struct proc *p = myproc();
    spin_lock(&ptable_lock);
    while (!proc_killed())
        sleep(&p->sig, &ptable_lock);
    spin_unlock(&ptable_lock);
    return -EINTR;
}

/* sigsuspend: the mask becomes mask until a signal's handler has run (it
 * returns with the old one), then -EINTR. */
long sys_sigsuspend(uint32_t mask)
{
    struct sigstate *s = &myproc()->sig;
    spin_lock(&ptable_lock);
    s->saved_mask = s->mask;
    s->has_saved = true;
    s->mask = mask & ~SIG_UNCATCHABLE;
    spin_unlock(&ptable_lock);
    return wait_for_signal();
}

/* pause: sleeps until a signal is taken; -EINTR. */
long sys_pause(void)
{
    return wait_for_signal();
}

/* alarm: SIGALRM in secs seconds (0: cancel); the seconds the previous
 * alarm had left (rounded, at least 1), or 0. */
long sys_alarm(uint32_t secs)
{
    struct sigstate *s = &myproc()->sig;
    uint64_t now = time_ns();
    long left = 0;
    if (s->alarm_at > now) {
        left = (long)((s->alarm_at - now + NS_PER_SEC / 2) / NS_PER_SEC);
        if (left == 0)
            left = 1;
    }
    s->alarm_at = secs ? now + secs * NS_PER_SEC : 0;
    return left;
}

/* sigreturn: the end of a handler. Reads the frame at esp - 4 back: the
 * registers (checked by the port: user selectors, user flags only), the
 * FPU state and the mask; then redoes the interrupted call if the frame
 * says so. A bad frame kills the process with SIGSEGV. Returns the
 * restored eax (or the redone call's result). */
long sys_sigreturn(void)
{
    struct proc *p = myproc();
    struct shmos_sigframe f;
    struct fpu_state fpu;
    uaddr_t at = tf_user_sp(p->tf) - 4;
    if (copyin(&f, at, sizeof(f)) < 0 || f.restart == SYS_sigreturn + 1)
        goto bad;
    memcpy(&fpu, f.fpstate, sizeof(fpu));
    fpu_sanitize(&fpu);
    if (!tf_from_sigcontext(p->tf, &f.uc.uc_mcontext))
        goto bad;
    fpu_restore(&fpu);
    spin_lock(&ptable_lock);
    p->sig.mask = f.uc.uc_sigmask & ~SIG_UNCATCHABLE;
    spin_unlock(&ptable_lock);
    if (f.restart) {
        uint32_t args[6];
        tf_syscall_args(p->tf, args);
        return signal_syscall(f.restart - 1, args);
    }
    return (long)f.uc.uc_mcontext.eax;
bad:
    kprintf("pid %d (%s): killed: bad signal frame at 0x%08x\n", p->pid, p->name, at);
    proc_exit_group(W_EXITCODE(0, SIGSEGV));
}
