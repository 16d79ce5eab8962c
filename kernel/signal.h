/* Signals (signal.c): each process's actions, mask and pending set;
 * sending, delivery on the way back to user mode through a frame on the
 * user stack, sigreturn, alarms, and the system calls a handler
 * interrupts (EINTR, or a restart with SA_RESTART).
 * A thread of control (thread_spawn) is a process of its own here: its
 * own actions (copied from its creator, as at fork), mask, pending set and
 * pid; kill(pid) reaches that thread only, a group kill every member.
 * The threads of one process (thread_new) share its actions, each with
 * its own mask and pending set. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
#include "types.h"
#include "shmos/signal.h"

/* Kernel-only results of an interrupted system call; never seen by user
 * space (signal_return turns them into a restart or -EINTR). */
#define ERESTART       512      /* restart if the handler has SA_RESTART, else EINTR */
#define ERESTARTNOINTR 513      /* restart after any handler */

/* Why a pending signal was sent: its siginfo. */
struct sigwhy {
    int code;                   /* si_code */
    int pid;                    /* si_pid: the sender (0: the kernel) */
    int status;                 /* si_status (SIGCHLD) */
    uaddr_t addr;               /* si_addr (faults) */
    bool fault;                 /* a fault: si_addr, not si_pid, is meant */
};

/* A process's signal state (in struct proc). */
struct sigstate {
    struct shmos_sigaction act[NSIG];   /* [ptable_lock] actions (the process writes its own):
                                         * a leader's serve its whole thread group */
    uint32_t pending;           /* [ptable_lock] sent, not yet taken (SIG_BIT) */
    uint32_t mask;              /* [ptable_lock] blocked (the process changes only its own;
                                 * it reads its own without the lock) */
    struct sigwhy why[NSIG];    /* [ptable_lock] siginfo of each pending signal */
    int stopped;                /* [ptable_lock] the signal that stopped it, 0 while not (jobctl.c) */
    int report;                 /* [ptable_lock] what waitpid has yet to report: CLD_STOPPED,
                                 * CLD_CONTINUED or 0 */
    uint32_t saved_mask;        /* [O] the mask sigsuspend replaced, if has_saved */
    bool has_saved;             /* [O] */
    uint64_t alarm_at;          /* [O] time_ns() of the SIGALRM due (0: none) */
    long rs_err;                /* [O] -ERESTART(NOINTR) of the system call to restart, or 0 */
    uint32_t rs_nr, rs_args[6]; /* [O] that call */
};

struct proc;
/* The action p's process takes for sig (its threads share one set).
 * Needs ptable_lock. */
const struct shmos_sigaction *signal_action(const struct proc *p, int sig);
/* Send sig to p (SIGCONT first continues p if stopped: jobctl.h; then
 * ignored: nothing; SIGKILL, or a deadly default: p will exit; else
 * pending, a stop signal included), waking p if it sleeps and sig is not
 * blocked. Needs ptable_lock. */
void signal_post_locked(struct proc *p, int sig, const struct sigwhy *why);
/* A child's signal state: the parent's actions and mask, nothing pending,
 * no alarm. Needs ptable_lock. */
void signal_fork(struct proc *child, const struct proc *parent);
/* exec: handlers back to SIG_DFL (ignored stay ignored); mask, pending
 * signals and the alarm stay. Takes ptable_lock. */
void signal_exec(struct proc *p);
/* Run system call nr and note it for a restart if a signal interrupted it. */
long signal_syscall(uint32_t nr, const uint32_t args[6]);
/* On the way to user mode: restart an interrupted call, or take a pending
 * signal (exit, stop until continued, or run its handler: a frame on the
 * user stack). */
void signal_return(void);
/* A fault the process has a handler for: queue sig with its siginfo and
 * return true (the handler runs on the way out); false to kill. */
bool signal_fault(int sig, int code, uaddr_t addr);
/* The deadline a sleep of the current process should end at: deadline,
 * or its alarm if that is sooner. */
uint64_t signal_sleep_deadline(uint64_t deadline);
/* After a sleep: post SIGALRM if the current process's alarm is due.
 * Needs ptable_lock. */
void signal_alarm_check_locked(void);
#endif
