/* Job control (jobctl.c): the stopped state, the reports waitpid gives of
 * stops and continues, orphaned process groups, and the terminal's checks
 * on background readers and writers.
 * A process stops on its way back to user mode, when it takes a stop
 * signal whose action is the default (SIGSTOP always): it sleeps there,
 * holding no lock but the ptable_lock it hands to sleep, until SIGCONT or
 * a kill. The scheduler knows nothing of it: a stopped process is a
 * SLEEPING one whose channel is its own sig.stopped. A thread of control
 * stops alone (it is a process of its own for signals, signal.h); a group
 * signal (Ctrl-Z, kill(-pgid)) stops every thread of the group. */
#ifndef KERNEL_JOBCTL_H
#define KERNEL_JOBCTL_H
#include "types.h"

struct proc;
/* What sending sig to p does before anything else, even when p ignores or
 * blocks it: SIGCONT continues a stopped p and discards its pending stop
 * signals; a stop signal discards a pending SIGCONT. Needs ptable_lock. */
void jobctl_post_locked(struct proc *p, int sig);
/* The current process p takes stop signal sig (default action): stop,
 * tell the parent, sleep until continued or killed. Called with
 * ptable_lock held; returns with it released. A terminal stop signal
 * (not SIGSTOP) to an orphaned group is discarded, as POSIX says. */
void jobctl_stop(struct proc *p, int sig);
/* waitpid's report of q's last stop (WUNTRACED) or continue
 * (WCONTINUED), once each: true with *status, false if none is due.
 * Needs ptable_lock. */
bool jobctl_wait_report_locked(struct proc *q, int options, int *status);
/* Is p stopped? Needs ptable_lock. */
bool jobctl_stopped(const struct proc *p);
/* After an exit: a group that is orphaned now and has a stopped member
 * gets SIGHUP and SIGCONT (POSIX). Needs ptable_lock. */
void jobctl_exit_locked(void);
/* May the current process use the terminal whose foreground group is fg
 * (0: none, or a group with no live member) for reading (sig SIGTTIN) or
 * for writing with TOSTOP set (sig SIGTTOU)? 0 if so; -ERESTART after
 * sending sig to its group (it stops, and the call is redone once it is
 * continued); -EIO if it may not and must not stop (a reader ignoring
 * or blocking SIGTTIN, an orphaned group). Takes ptable_lock. */
long jobctl_tty_access(int fg, int sig);
#endif
