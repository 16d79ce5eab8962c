/* The scheduler (sched.c): every CPU's loop, and sleep/wakeup. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include "types.h"
struct spinlock;

/* This CPU's scheduler loop; never returns. */
NORETURN void scheduler(void);
/* Give up the CPU for one round (if another process is runnable). */
void yield(void);
/* A preemption point for a long loop in a system call (the kernel is
 * never preempted otherwise), called with no spinlock held: yields if a
 * tick ended this process's time slice, and returns true if the process
 * has been killed (the loop should stop: a short count or -EINTR). */
bool preempt_point(void);
/* Atomically release lk and sleep on chan; reacquires lk before returning.
 * Returns early if the process is killed: callers re-check their condition
 * and proc_killed(). lk must be the only spinlock held. */
void sleep(void *chan, struct spinlock *lk);
/* sleep(), also ending (with the condition still unmet) once time_ns()
 * reaches deadline (0: never): at the first tick of a busy CPU after it,
 * or at the one-shot timer the last CPU to go idle arms for it. */
void sleep_until(void *chan, struct spinlock *lk, uint64_t deadline);
/* sleep(), but a kill does not end it: for waits that are always short
 * and must finish (sleeping locks). */
void sleep_uninterruptible(void *chan, struct spinlock *lk);
/* Wake every process sleeping on chan. Takes ptable_lock. */
void wakeup(void *chan);
/* Wake timed sleepers whose deadline is past (every CPU's tick; cheap
 * when none is due). Takes ptable_lock. */
void wakeup_expired(uint64_t now);
#endif
