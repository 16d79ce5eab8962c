/* Per-CPU run queues and the fair policy (runq.c): which RUNNABLE process
 * each CPU runs next, where a woken process goes, stealing and balancing,
 * nice weights, and per-process CPU time. The switch itself and
 * sleep/wakeup are sched.c's. Shared by sched.c, proc.c and sysprio.c. */
#ifndef KERNEL_RUNQ_H
#define KERNEL_RUNQ_H
#include "types.h"
#include "cpu.h"
#include "spinlock.h"

#define NICE_MIN (-20)
#define NICE_MAX 19

struct proc;

/* A process's scheduling record (struct proc's sch). Tags: [runq] the
 * lock of the run queue it is on, or, while it runs, only the CPU running
 * it (which holds its queue's lock to write); read racily for statistics. */
struct schedinfo {
    struct proc *next;          /* [runq] next on its run queue */
    uint32_t queued_weight;     /* [runq] its weight in its queue's qweight (nice may change meanwhile) */
    uint64_t queued_at;         /* [runq] time_ns() when it was queued */
    int64_t vruntime;           /* [runq] its ns of CPU time, weighted by nice, on its queue's scale */
    uint64_t run_start;         /* [runq] time_ns() at which it was last switched in */
    uint64_t run_ns;            /* [runq] CPU time used so far (ns) */
    uint32_t user_ticks;        /* [runq] ticks that found it in user mode, */
    uint32_t sys_ticks;         /* [runq] and in the kernel: how run_ns splits */
    int nice;                   /* [ptable_lock] -20..19; the queue reads it racily */
    uint32_t weight;            /* [ptable_lock] nice's weight (1024 at nice 0); read racily */
    int on_cpu;                 /* [atomic] 1 from its switch-in until its CPU has switched away
                                 * from its stack: no other CPU may switch to it (or free it) before */
    uint64_t child_user_ns;     /* [ptable_lock] user time of its reaped children and theirs */
    uint64_t child_sys_ns;      /* [ptable_lock] the same, system time */
};

/* One CPU's queue of RUNNABLE processes waiting for it (the running one is
 * not on it). */
struct runq {
    struct spinlock lock;
    struct proc *head;          /* [lock] the waiting processes, unordered (sch.next) */
    int nqueued;                /* [lock] how many; others read it [atomic] as a hint */
    uint32_t qweight;           /* [lock] the sum of their weights; read [atomic] as nqueued */
    int64_t min_vruntime;       /* [lock] never decreases: the queue's "now" in vruntime */
    struct proc *skip;          /* [lock] sched_yield's caller, picked only if alone */
    struct proc *buddy;         /* [lock] the last process woken or forked here (runq.c) */
};

extern struct runq runqs[NCPU];

/* This CPU's queue (interrupts off, or a lock held). */
struct runq *runq_mine(void);
/* Make p (SLEEPING or EMBRYO) RUNNABLE on its last CPU's queue, or an idle
 * CPU's if that one is busy (runq.c), and kick: the CPU if halted, or its
 * running process to yield if p should run first. Needs ptable_lock (not
 * a queue lock). */
void runq_wake(struct proc *p);
/* The running process p leaves the CPU: charge its run. If requeue it goes
 * back (RUNNABLE) on this CPU's queue, behind the others if yielding.
 * Needs this CPU's queue lock. */
void runq_leave(struct proc *p, bool requeue, bool yielding);
/* Should the running process give the CPU up at a yield: is another one
 * waiting here, or is the load uneven enough to pull work? Racy hint. */
bool runq_contended(void);
/* The process this CPU runs next, removed from rq (its own queue, locked),
 * or NULL: the least vruntime, after pulling one process from a queue much
 * longer than rq (the lock is dropped and retaken meanwhile). */
struct proc *runq_pick(struct runq *rq);
/* Take a process that has waited STEAL_AGE on another CPU's queue whose
 * CPU is busy or halted, for this CPU; or NULL. Needs no lock held. */
struct proc *runq_steal(void);
/* Is there work on this idle CPU's own queue? Called after setting
 * cpu->idle, which pairs with runq_wake's reading it (neither misses the
 * other). Work on busy CPUs' queues is not its to watch: their next switch
 * kicks it (runq_has_aged). */
bool runq_work_visible(void);
/* Has a process waited on rq (locked) long enough (STEAL_AGE) that an idle
 * CPU should be kicked to steal it? */
bool runq_has_aged(const struct runq *rq);
/* Wake one idle CPU other than this one, if any. No lock needed. */
void runq_kick_idle(void);
/* Bumped whenever a process is queued: what a polling idle CPU watches. */
uint32_t runq_generation(void);

/* A fork or thread child starts with its parent's nice and vruntime, on
 * the parent's CPU, with no CPU time. Before it is made runnable. */
void runq_fork(struct proc *child, const struct proc *parent);
/* Count a tick against the running process p (in user mode or not). */
void runq_tick(struct proc *p, bool user);
/* p's user and system CPU time in ns so far, including its current run
 * if it is on a CPU (another's: takes that CPU's queue lock, so the
 * caller holds none; ptable_lock may be held). Racy for another process;
 * exact for the caller or a zombie whose on_cpu is clear. */
void runq_cputime(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns);
/* Parent cur reaps zombie q: waits for q's CPU to leave its stack, then
 * adds q's CPU time and its children's to cur's children's. Needs
 * ptable_lock. */
void runq_reap(struct proc *cur, struct proc *q);
/* Set p's nice (clamped to NICE_MIN..NICE_MAX). Needs ptable_lock. */
void runq_set_nice(struct proc *p, int nice);
#endif
