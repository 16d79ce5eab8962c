/* Per-CPU state, the trap frame and the saved kernel context. */
#ifndef KERNEL_X86_CPU_H
#define KERNEL_X86_CPU_H
#include "types.h"
#include "x86/mmu.h"

#define NCPU 8
#define NHELD 8     /* spinlocks a CPU may hold at once and still be named in a panic */

/* Registers saved on the kernel stack by trap entry (trapentry.S). */
struct trapframe {
    uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;   /* pushal */
    uint32_t gs, fs, es, ds;
    uint32_t trapno, err;
    uint32_t eip, cs, eflags;                           /* pushed by the CPU */
    uint32_t esp, ss;                                   /* only when coming from user mode */
};

/* Callee-saved registers of a switched-out kernel thread (swtch.S). */
struct context {
    uint32_t edi, esi, ebx, ebp, eip;
};

/* fxsave area: x87 and SSE registers of a switched-out process. */
struct fpu_state {
    uint8_t area[512];
} __attribute__((aligned(16)));

struct proc;
struct addrspace;
struct spinlock;
/* A field without a tag is touched only by its own CPU with interrupts
 * off; self, id, apic_id, gdt and ts are written once by the boot CPU or
 * the CPU itself before it starts scheduling. */
struct cpu {
    struct cpu *self;           /* %gs:0, so mycpu() is one load */
    struct proc *proc;          /* %gs:4, the running process or NULL */
    struct context *scheduler;  /* swtch() here to enter the scheduler */
    int id;                     /* index in cpus[] */
    int ncli;                   /* push_cli() depth */
    int intena;                 /* were interrupts on before the first push_cli()? */
    bool resched;               /* a tick asked the running process to yield */
    volatile int started;       /* set by the CPU itself once it can schedule */
    uint8_t apic_id;            /* local APIC id (written once at boot) */
    bool idle;                  /* [ptable_lock] halted in the scheduler, wants T_IPI_WAKE */
    struct addrspace *as;       /* user address space loaded in CR3, or NULL (own CPU only) */
    volatile uint32_t tlb_req;  /* [atomic] bumped by a CPU asking for a TLB flush */
    volatile uint32_t tlb_done; /* [atomic] the last tlb_req this CPU has served */
    int nheld;                  /* spinlocks this CPU holds (lock checking) */
    struct spinlock *held[NHELD];   /* the first NHELD of them, in acquisition order */
    struct taskstate ts;
    uint64_t gdt[NSEGS];
};

extern struct cpu cpus[NCPU];
extern int ncpu;

static inline struct cpu *mycpu(void)
{
    struct cpu *c;
    __asm__ volatile("movl %%gs:0, %0" : "=r"(c));
    return c;
}

void gdt_init_cpu(struct cpu *c);     /* load this CPU's GDT, TSS and %gs */
void idt_init(void);                  /* build the shared IDT (once) */
void idt_load(void);                  /* load it on this CPU */
void cpu_set_kstack(uint32_t esp0);   /* kernel stack for traps from user mode */
void fpu_init_cpu(void);
void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);
extern struct fpu_state fpu_initial_state;
void swtch(struct context **save, struct context *next);
void trap_return(void);
#endif
