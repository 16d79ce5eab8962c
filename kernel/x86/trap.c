/* Trap dispatch: system calls, device interrupts, and faults. System
 * calls, ticks and user faults go to the core's entry points
 * (kernel/entry.h); a fault in kernel mode is a kernel bug and panics with
 * the registers. */
#include "x86/trap.h"
#include "cpu.h"
#include "entry.h"
#include "ksyms.h"
#include "printk.h"
#include "shmos/signal.h"
#include "x86/lapic.h"
#include "x86/mmu.h"
#include "x86/pic.h"
#include "x86/smp.h"
#include "x86/sysenter.h"
#include "x86/tlb.h"
#include "x86/uart.h"
#include "x86/x86.h"

static const char *const trap_names[] = {
    [T_DIVIDE] = "divide error", [T_DEBUG] = "debug", [T_NMI] = "NMI", [T_BRKPT] = "breakpoint",
    [T_OFLOW] = "overflow", [T_BOUND] = "bound range", [T_ILLOP] = "invalid opcode",
    [T_DEVICE] = "device not available", [T_DBLFLT] = "double fault", [T_TSS] = "invalid TSS",
    [T_SEGNP] = "segment not present", [T_STACK] = "stack fault", [T_GPFLT] = "general protection",
    [T_PGFLT] = "page fault", [T_FPERR] = "x87 error", [T_ALIGN] = "alignment check",
    [T_MCHK] = "machine check", [T_SIMDERR] = "SIMD error",
};

static const char *trap_name(uint32_t n)
{
    return n < ARRAY_SIZE(trap_names) && trap_names[n] ? trap_names[n] : "unknown trap";
}

static bool from_user(const struct trapframe *tf)
{
    return (tf->cs & 3) == DPL_USER;
}

static int trap_signal(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE: case T_FPERR: case T_SIMDERR: return SIGFPE;
    case T_ILLOP: return SIGILL;
    case T_BRKPT: case T_DEBUG: return SIGTRAP;
    case T_ALIGN: return SIGBUS;
    default: return SIGSEGV;
    }
}

void tf_print(const struct trapframe *tf)
{
    bool user = from_user(tf);
    char pc[96];
    if (tf->trapno == T_SYSCALL)
        kprintf("  trap %u (system call %u)", tf->trapno, tf->eax);
    else
        kprintf("  trap %u (%s) err 0x%x", tf->trapno, trap_name(tf->trapno), tf->err);
    if (tf->trapno == T_PGFLT)
        kprintf(" cr2 0x%x (%s, %s, %s mode)", rcr2(), tf->err & PF_PRESENT ? "protection" : "not present",
                tf->err & PF_WRITE ? "write" : "read", tf->err & PF_USER ? "user" : "kernel");
    kprintf("\n  eip %s cs 0x%x (%s mode) eflags 0x%x [%s%s%s%s%s%s]\n",
            user ? (ksnprintf(pc, sizeof(pc), "%p", (void *)tf->eip), pc)
                 : ksym_format(pc, sizeof(pc), tf->eip),
            tf->cs, user ? "user" : "kernel", tf->eflags, tf->eflags & FL_IF ? " IF" : "",
            tf->eflags & FL_TF ? " TF" : "", tf->eflags & 0x400 ? " DF" : "",
            tf->eflags & FL_NT ? " NT" : "", tf->eflags & 0x1 ? " CF" : "",
            tf->eflags & 0x40 ? " ZF" : "");
    kprintf("  eax %08x ebx %08x ecx %08x edx %08x\n  esi %08x edi %08x ebp %08x esp %08x\n",
            tf->eax, tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp,
            user ? tf->esp : (uint32_t)&tf->esp);
    kprintf("  ds %04x es %04x fs %04x gs %04x%s", tf->ds, tf->es, tf->fs, tf->gs, user ? "" : "\n");
    if (user)
        kprintf(" ss %04x\n", tf->ss);
}

NORETURN static void kernel_fault(const struct trapframe *tf)
{
    kprintf("\nkernel fault: %s in kernel mode, frame:\n", trap_name(tf->trapno));
    tf_print(tf);
    panic("fault in kernel mode");      /* panic names the process, if any */
}

/* A fault from user mode: the core resolves it or kills the process. */
static void user_fault(const struct trapframe *tf)
{
    bool pf = tf->trapno == T_PGFLT;
    struct user_fault f = {
        .signal = trap_signal(tf->trapno), .trap = tf->trapno, .trap_name = trap_name(tf->trapno),
        .addr = pf ? rcr2() : 0, .pc = tf->eip, .page_fault = pf, .write = pf && (tf->err & PF_WRITE),
        .handler_ok = true,
    };
    kernel_user_fault(&f);
}

/* Acknowledge ISA IRQ irq to whichever controller delivered it. */
static void irq_eoi(int irq)
{
    if (smp_apic_mode())
        lapic_eoi();
    else
        pic_eoi(irq);
}

/* A system call with its registers in tf, by int $0x80 or sysenter. */
static void syscall(struct trapframe *tf)
{
    uint32_t args[6];
    tf_syscall_args(tf, args);
    /* tf may be rewritten meanwhile (exec): the result goes in the new one. */
    long r = kernel_syscall(tf->eax, args);
    tf->eax = (uint32_t)r;
}

void sysenter_trap(struct trapframe *tf)
{
    syscall(tf);
    kernel_user_return();
}

void trap(struct trapframe *tf)
{
    switch (tf->trapno) {
    case T_SYSCALL:
        syscall(tf);
        break;
    case T_IRQ0 + IRQ_TIMER:
        /* Every CPU ticks (its own APIC timer, or the one PIT). */
        kernel_tick(from_user(tf));
        irq_eoi(IRQ_TIMER);
        break;
    case T_IRQ0 + IRQ_COM1:
        uart_intr();
        irq_eoi(IRQ_COM1);
        break;
    case T_IRQ0 + 7:
        break;          /* 8259 spurious (master): no EOI */
    case T_IRQ0 + 15:
        irq_eoi(2);     /* 8259 spurious (slave): only the master saw a real cascade IRQ */
        break;
    case T_IPI_WAKE:
        lapic_eoi();    /* its only job was to end this CPU's hlt */
        break;
    case T_IPI_TLB:
        lapic_eoi();
        tlb_ipi();
        break;
    case T_IPI_STOP:
        cpu_halt_forever();     /* another CPU panicked */
    case T_SPURIOUS:
        break;          /* local APIC spurious: no EOI */
    default:
        if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + NISA_IRQ) {
            irq_eoi(tf->trapno - T_IRQ0);
            break;
        }
        if (!from_user(tf)) {
            if (sysenter_fault(tf, trap_name(tf->trapno)))
                break;      /* the user's page, filled: retry the read */
            kernel_fault(tf);
        }
        user_fault(tf);
        break;
    }
    if (from_user(tf))
        kernel_user_return();
}
