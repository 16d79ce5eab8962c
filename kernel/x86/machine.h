/* The i386 port's half of the port interface (included only by
 * kernel/arch.h): the machine types the core handles without looking
 * inside, and the primitives that are one instruction each. */
#ifndef KERNEL_X86_MACHINE_H
#define KERNEL_X86_MACHINE_H
#include <stdint.h>
#include <stdbool.h>

typedef uint32_t pte_t;
typedef uint32_t pde_t;         /* a page directory is an array of these */

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

/* 32-bit task state segment: only ss0/esp0 and the I/O map base matter. */
/* A 32-bit task-state segment (SDM vol. 3, 7.2.1); segment fields are
 * 16 bits, the rest of their word reserved (zero). */
struct taskstate {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomb;
} __attribute__((packed));

#define GDT_ENTRIES 9           /* room for the GDT slots of x86/mmu.h */

/* The port's part of struct cpu (kernel/cpu.h). */
struct arch_cpu {
    uint8_t apic_id;            /* [I] local APIC id, written once at boot */
    volatile uint32_t tlb_req;  /* [atomic] bumped by a CPU asking for a TLB flush */
    volatile uint32_t tlb_done; /* [atomic] the last tlb_req this CPU has served */
    bool tick_idle;             /* [cpu] its APIC timer is one-shot or stopped, not periodic */
    struct taskstate ts;        /* [cpu] */
    struct taskstate dfts;      /* [I] the double-fault task (x86/kstack.c) */
    uint64_t gdt[GDT_ENTRIES];  /* [I] */
};

/* %gs holds a per-CPU segment whose base is this CPU's struct cpu, so the
 * CPU and its running process are one load each (kernel/cpu.h keeps self
 * and proc at these offsets, and checks it). */
#define CPU_SELF_OFFSET 0
#define CPU_PROC_OFFSET 4
struct cpu;
struct proc;
static inline struct cpu *mycpu(void)
{
    struct cpu *c;
    __asm__ volatile("movl %%gs:0, %0" : "=r"(c));
    return c;
}
static inline struct proc *mycpu_proc(void)
{
    struct proc *p;
    __asm__ volatile("movl %%gs:4, %0" : "=r"(p));
    return p;
}

/* Interrupts on this CPU. */
static inline void intr_on(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void intr_off(void) { __asm__ volatile("cli" ::: "memory"); }
static inline bool intr_enabled(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    return f & 0x200;           /* EFLAGS.IF */
}
/* With interrupts off: enable them and halt until one arrives, then
 * disable them again. An interrupt already pending (say, an IPI sent just
 * before) ends the wait at once, so no wake-up is lost. */
static inline void intr_wait(void) { __asm__ volatile("sti; hlt; cli" ::: "memory"); }

/* A hint inside a spin-wait loop. */
static inline void cpu_relax(void) { __asm__ volatile("pause"); }

/* Drop this CPU's cached translation of user page va. */
static inline void tlb_flush_page(uint32_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
#endif
