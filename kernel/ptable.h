/* The process table and the scheduler's internals: shared by proc.c, jobctl.c,
 * sched.c and signal.c only (the rest of the kernel uses proc.h and
 * sched.h). */
#ifndef KERNEL_PTABLE_H
#define KERNEL_PTABLE_H
#include "proc.h"
#include "spinlock.h"

extern struct spinlock ptable_lock;     /* proc.c */
extern struct proc procs[NPROC];        /* proc.c */
/* Slots from ptable_top on are UNUSED: it is one past the highest slot in
 * use (proc.c: it grows when a slot above is taken and shrinks when the
 * highest is freed, both under ptable_lock). Every scan of the table holds
 * ptable_lock and stops there, so scans stay as short as the processes
 * alive now need, after a burst of them too. */
extern int ptable_top;
static inline int ptable_bound(void)
{
    return __atomic_load_n(&ptable_top, __ATOMIC_RELAXED);
}

/* sched.c: */
/* A new process's first kernel code: releases ptable_lock, which the
 * scheduler held when it switched here, and returns to user mode. */
void forkret(void);
/* wakeup() with ptable_lock held. */
void wakeup_locked(void *chan);
/* Make p RUNNABLE and wake an idle CPU for it. Needs ptable_lock. */
void make_runnable(struct proc *p);
/* A ZOMBIE's last switch. Needs ptable_lock; never returns. */
NORETURN void sched_exit(void);
#endif
