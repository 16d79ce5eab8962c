/* The per-CPU record, shared by the core and the port. cpus[] is defined
 * in sched.c; cpus[0..ncpu-1] are the CPUs that came up. Lock tags: see
 * docs/architecture.md, "Locking". */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H
#include "arch.h"

#define NCPU 8
#define NHELD 8     /* spinlocks a CPU may hold at once and still be named in a panic */

struct proc;
struct addrspace;
struct spinlock;
struct cpu {
    struct cpu *self;           /* [I] found by mycpu() in one load (CPU_SELF_OFFSET) */
    struct proc *proc;          /* [runq] the running process or NULL (CPU_PROC_OFFSET); written
                                 * by its own CPU under its queue lock, read [atomic] as a hint */
    struct context *scheduler;  /* [cpu] swtch() here to enter the scheduler */
    int id;                     /* [I] index in cpus[] */
    int ncli;                   /* [cpu] push_cli() depth */
    int intena;                 /* [cpu] were interrupts on before the first push_cli()? */
    bool resched;               /* [atomic] a tick or a wake-up asks the running process to yield */
    bool idle;                  /* [atomic] halting or halted in the scheduler, wants cpu_kick;
                                 * whoever clears it (exchange) sends the kick */
    int started;                /* [atomic] set by the CPU itself once it can schedule */
    struct addrspace *as;       /* [cpu] user address space loaded, or NULL */
    int nheld;                  /* [cpu] spinlocks this CPU holds (lock checking) */
    struct spinlock *held[NHELD];   /* [cpu] the first NHELD of them, in acquisition order */
    struct arch_cpu arch;       /* the port's own per-CPU state */
};
_Static_assert(offsetof(struct cpu, self) == CPU_SELF_OFFSET, "mycpu() reads self here");
_Static_assert(offsetof(struct cpu, proc) == CPU_PROC_OFFSET, "mycpu_proc() reads proc here");

extern struct cpu cpus[NCPU];
extern int ncpu;            /* written by cpus_start() on the boot CPU, before init exists */
#endif
