/* Thread groups (thread.c): a process is one or more threads sharing an
 * address space. The first, the leader, gives the process its pid
 * (getpid); each thread has an id of its own (gettid: its slot's pid).
 * Only the leader is the parent's child: waitpid reports the process once
 * its last thread has ended. A thread's files, current directory, signal
 * actions, mask and credentials are its own copies, taken when it was
 * created (docs/architecture.md, "Threads"). Lock tags: proc.h. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H
#include "types.h"

struct proc;
/* At p's exit (p the current thread, its memory still mapped): zero its
 * ctid word and wake a futex waiter there. Takes no lock on entry. */
void thread_exit_notify(struct proc *p);
/* End p's whole process with wait status wstatus (if one was set already
 * it stays, unless this one is SIGKILL's and that one a signal's): every
 * other thread of its group is killed (SIGKILL) and woken. Needs
 * ptable_lock. */
void thread_group_end_locked(struct proc *p, int wstatus);
/* The thread a signal sent to p's id should reach: p, or if p is a
 * leader that has ended while its threads go on, one of those; NULL if
 * none can take it (p a zombie). Needs ptable_lock. */
struct proc *thread_signal_target_locked(struct proc *p);
/* exec: kill the caller's other threads (each exits at its next return to
 * user mode; the process goes on in the caller). Takes ptable_lock. */
void thread_kill_siblings(void);
#endif
