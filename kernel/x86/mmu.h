/* x86 paging and segmentation definitions (Intel SDM vol. 3, ch. 3-4). */
#ifndef KERNEL_X86_MMU_H
#define KERNEL_X86_MMU_H

/* Page table / directory entry bits. */
#define PTE_P    0x001      /* present */
#define PTE_W    0x002      /* writable */
#define PTE_U    0x004      /* user */
#define PTE_A    0x020      /* accessed (set by the CPU) */
#define PTE_D    0x040      /* dirty (set by the CPU) */
#define PTE_PS   0x080      /* 4 MiB page (in a PDE) */
#define PTE_G    0x100      /* global: kept in the TLB across CR3 loads */
#define PTE_ADDR(e) ((e) & ~0xFFFu)
#define PDX(va)  (((uint32_t)(va) >> 22) & 0x3FF)
#define PTX(va)  (((uint32_t)(va) >> 12) & 0x3FF)
#define PDE_SPAN 0x400000u  /* bytes mapped by one directory entry */

/* Control register bits. */
#define CR0_PE 0x00000001
#define CR0_MP 0x00000002
#define CR0_EM 0x00000004
#define CR0_TS 0x00000008
#define CR0_NE 0x00000020
#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR4_PSE 0x010
#define CR4_PGE 0x080
#define CR4_OSFXSR 0x200
#define CR4_OSXMMEXCPT 0x400

/* EFLAGS bits. */
#define FL_FIXED 0x002      /* bit 1 always reads as 1 */
#define FL_TF 0x100         /* single-step trap */
#define FL_IF 0x200         /* interrupt enable */
#define FL_DF 0x400         /* direction: string instructions count down */
#define FL_NT 0x4000        /* nested task: iret would switch tasks */

/* Model-specific registers (SDM vol. 4) and CPUID bits. */
#define MSR_SYSENTER_CS  0x174  /* sysenter: CS (SS = CS + 8); sysexit: CS + 16, SS + 24 */
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define CPUID1_EDX_SEP (1u << 11)   /* sysenter/sysexit */

/* GDT slots. SEG_KCPU is a per-CPU data segment whose base is that CPU's
 * struct cpu, loaded in %gs while in the kernel. KCODE, KDATA, UCODE and
 * UDATA are consecutive, as sysenter/sysexit require. The kernel runs with
 * UDATA_SEL in %ds and %es (a flat segment, usable at any privilege): what
 * user mode normally has there, so trap entry and exit reload nothing. */
#define SEG_KCODE 1
#define SEG_KDATA 2
#define SEG_UCODE 3
#define SEG_UDATA 4
#define SEG_TSS   5
#define SEG_KCPU  6
#define SEG_DFTSS 7         /* the double-fault task's TSS (x86/kstack.c) */
#define SEG_UTLS  8         /* the running thread's TLS segment (user %gs) */
#define NSEGS     9         /* <= GDT_ENTRIES (x86/machine.h) */
#define DPL_USER  3
#define SEL(seg, rpl) (((seg) << 3) | (rpl))
#define KCODE_SEL SEL(SEG_KCODE, 0)
#define KDATA_SEL SEL(SEG_KDATA, 0)
#define UCODE_SEL SEL(SEG_UCODE, DPL_USER)
#define UDATA_SEL SEL(SEG_UDATA, DPL_USER)
#define TSS_SEL   SEL(SEG_TSS, 0)
#define KCPU_SEL  SEL(SEG_KCPU, 0)
#define DFTSS_SEL SEL(SEG_DFTSS, 0)
#define UTLS_SEL  SEL(SEG_UTLS, DPL_USER)

/* Trap numbers. */
#define T_DIVIDE   0
#define T_DEBUG    1
#define T_NMI      2
#define T_BRKPT    3
#define T_OFLOW    4
#define T_BOUND    5
#define T_ILLOP    6
#define T_DEVICE   7
#define T_DBLFLT   8
#define T_TSS     10
#define T_SEGNP   11
#define T_STACK   12
#define T_GPFLT   13
#define T_PGFLT   14
#define T_FPERR   16
#define T_ALIGN   17
#define T_MCHK    18
#define T_SIMDERR 19
#define T_IRQ0    32        /* IRQ n arrives as vector T_IRQ0 + n */
#define T_SYSCALL 0x80
#define IRQ_TIMER 0
#define IRQ_COM1  4
/* Local APIC vectors (SMP). The APIC timer uses T_IRQ0 + IRQ_TIMER. */
#define T_IPI_WAKE 0xF0     /* an idle CPU: something became runnable */
#define T_IPI_TLB  0xF1     /* flush this CPU's TLB (x86/tlb.c) */
#define T_IPI_STOP 0xF2     /* another CPU panicked: halt */
#define T_SPURIOUS 0xFF

/* Page-fault error code bits. */
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER    0x4

#endif
