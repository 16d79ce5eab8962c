/* Processes, CPUs and the scheduler's interface.
 *
 * Locking legend for struct proc fields:
 *   [P]  ptable.lock (proc.c) must be held to read or write;
 *   [O]  owner only: touched by the process itself in its own kernel context,
 *        or by its creator (fork/exec) before it first runs, or by wait()
 *        after it became a zombie (nothing else can touch it then);
 *   [I]  immutable after creation.
 * Exceptions, each safe as a plain aligned 32-bit read: a process reads its
 * own pid without the lock (it cannot change while it runs); the scheduler
 * reads the as pointer of a RUNNABLE process under ptable_lock (its owner
 * is not running, so not changing it); ps reads the as pointer once,
 * atomically, and as->npages racily (a statistic).
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include "types.h"
#include "spinlock.h"
#include "vm.h"
#include "file.h"
#include "sem.h"
#include "x86/cpu.h"
#include "shmos/sysinfo.h"

#define NPROC 64
#define KSTACK_SIZE 8192

enum proc_state { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct proc {
    enum proc_state state;      /* [P] */
    int pid;                    /* [P] written at allocation; the process reads its own freely */
    int pgid;                   /* [P] process group (for Ctrl-C) */
    struct proc *parent;        /* [P] */
    void *chan;                 /* [P] what a SLEEPING process waits for */
    uint64_t wake_at;           /* [P] time_ns() at which a timed sleep ends; 0: untimed */
    int killed;                 /* [P] signal that will terminate it, or 0 */
    uint32_t sigignore;         /* [P] bit n: signal n is ignored (SIG_IGN); kept across exec */
    int xstatus;                /* [P] wait status, valid once ZOMBIE */
    char name[PROC_NAME_MAX];   /* [P] program name (ps reads it) */

    struct addrspace *as;       /* [O] regions and page directory, shared by its threads */
    int cpu;                    /* [P] CPU it runs on, valid while RUNNING */
    struct fdtable files;       /* [O] open files */
    struct sem_handles sems;    /* [O] open named semaphores */
    char *kstack;               /* [I] bottom of the kernel stack */
    struct trapframe *tf;       /* [O] user registers, top of kstack */
    struct context *context;    /* [P] saved kernel registers for swtch */
    struct fpu_state fpu;       /* [O] x87/SSE registers while switched out */
};

extern struct spinlock ptable_lock;

/* The process running on this CPU (NULL in the scheduler). */
struct proc *myproc(void);

void proc_init(void);
/* Create pid 1 running /bin/init with the given argument (may be NULL). */
void proc_start_init(const char *cmdline);
/* Per-CPU scheduler loop; never returns. */
NORETURN void scheduler(void);
/* Give up the CPU for one round. */
void yield(void);
/* Atomically release lk and sleep on chan; reacquires lk before returning.
 * Returns early if the process is killed: callers re-check their condition
 * and proc_killed(). lk must not be ptable_lock. */
void sleep(void *chan, struct spinlock *lk);
/* sleep(), also ending (with the condition still unmet) once time_ns()
 * reaches deadline (0: never), at the first timer tick after it. */
void sleep_until(void *chan, struct spinlock *lk, uint64_t deadline);
/* sleep(), but a kill does not end it: for waits that are always short
 * and must finish (sleeping locks). */
void sleep_uninterruptible(void *chan, struct spinlock *lk);
/* Wake every process sleeping on chan. Takes ptable_lock. */
void wakeup(void *chan);
/* Wake timed sleepers whose deadline is past (the timer, on CPU 0). */
void wakeup_expired(uint64_t now);
/* Has the current process been killed? (It will exit on its way to user mode.) */
bool proc_killed(void);
/* Terminate the current process with the given wait status. */
NORETURN void proc_exit(int wstatus);
/* Send a terminating signal to pid (> 0) or to process group -pid. Returns 0 or -ESRCH. */
int proc_kill(int pid, int sig);
/* Does a live process belong to group pgid? */
bool proc_group_exists(int pgid);
/* Scheduler internals shared by proc.c and sched.c. */
extern struct proc procs[NPROC];
void forkret(void);                 /* a new process's first kernel code */
void wakeup_locked(void *chan);     /* wakeup() with ptable_lock held */
void make_runnable(struct proc *p); /* RUNNABLE, and wake an idle CPU; ptable_lock held */
NORETURN void sched_exit(void);     /* a ZOMBIE's last switch; ptable_lock held */

/* Called on the way back to user mode: exits if the process was killed. */
void proc_check_killed(void);
/* Fill up to max records for ps; returns how many. */
int proc_snapshot(struct procinfo *out, int max);
int proc_count(void);
#endif
