/* Trap dispatch: system calls, device interrupts, and faults. A fault in
 * user mode kills only that process (one line on the console, and the
 * signal in its wait status); a fault in kernel mode is a kernel bug and
 * panics with the registers. */
#include "proc.h"
#include "lib.h"
#include "syscall.h"
#include "shmos/signal.h"
#include "shmos/wait.h"
#include "x86/devices.h"
#include "x86/tlb.h"
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

NORETURN static void kernel_fault(const struct trapframe *tf)
{
    kprintf("\nkernel fault: trap %u (%s) err 0x%x eip 0x%x cr2 0x%x\n", tf->trapno,
            trap_name(tf->trapno), tf->err, tf->eip, rcr2());
    kprintf("eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x esp %08x\n",
            tf->eax, tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp, (uint32_t)&tf->esp);
    struct proc *p = myproc();
    panic("fault in kernel mode (pid %d)", p ? p->pid : 0);
}

/* Handle a fault from user mode: resolve it (demand fill) or kill. */
static void user_fault(struct trapframe *tf)
{
    struct proc *p = myproc();
    uint32_t addr = tf->trapno == T_PGFLT ? rcr2() : 0;
    const char *why = "";
    if (tf->trapno == T_PGFLT) {
        why = vm_fault(p->as, addr, tf->err & PF_WRITE);
        if (!why)
            return;
    }
    kprintf("pid %d (%s): killed by trap %u (%s) at address 0x%08x, eip 0x%08x%s%s\n",
            p->pid, p->name, tf->trapno, trap_name(tf->trapno), addr, tf->eip,
            *why ? ": " : "", why);
    proc_exit(W_EXITCODE(0, trap_signal(tf->trapno)));
}

/* Acknowledge ISA IRQ irq to whichever controller delivered it. */
static void irq_eoi(int irq)
{
    if (smp_apic_mode())
        lapic_eoi();
    else
        pic_eoi(irq);
}

void trap(struct trapframe *tf)
{
    switch (tf->trapno) {
    case T_SYSCALL:
        proc_check_killed();
        syscall_dispatch(tf);
        break;
    case T_IRQ0 + IRQ_TIMER:
        /* Every CPU ticks (its own APIC timer, or the one PIT); time is
         * counted once. */
        if (mycpu()->id == 0)
            timer_tick();
        irq_eoi(IRQ_TIMER);
        /* The time slice is over. Yield on the way back to user mode, also
         * when the tick interrupted a system call (the kernel is never
         * preempted, but a process that makes many calls must be). */
        if (myproc())
            mycpu()->resched = true;
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
        if (!from_user(tf))
            kernel_fault(tf);
        user_fault(tf);
        break;
    }
    if (from_user(tf)) {
        proc_check_killed();
        if (mycpu()->resched) {
            mycpu()->resched = false;
            yield();
            proc_check_killed();
        }
    }
}
