/* The core's entry points for the port (see entry.h): boot, system calls,
 * ticks, user faults and the return to user mode. Each only decides what
 * the core does about the event and hands it to the subsystem that owns
 * it. */
#include "entry.h"
#include "addrspace.h"
#include "futex.h"
#include "console.h"
#include "cpu.h"
#include "initrd.h"
#include "kalloc.h"
#include "ksyms.h"
#include "printk.h"
#include "proc.h"
#include "runq.h"
#include "sched.h"
#include "selftest.h"
#include "segment.h"
#include "sem_sysv.h"
#include "syscall.h"
#include "time.h"
#include "tmpfs.h"
#include "vclock.h"
#include "vm.h"
#include "lib.h"
#include "signal.h"
#include "shmos/wait.h"

void kernel_main(const char *cmdline, const void *initrd, size_t len)
{
    tmpfs_init();
    initrd_init(initrd, len);
    kalloc_add_range(V2P(initrd), V2P(initrd) + len);   /* unpacked: its pages are free */
    proc_init();
    futex_init();
    segment_init();
    semsys_init();
    vclock_init();
    __atomic_store_n(&cpus[0].started, 1, __ATOMIC_RELEASE);
    cpus_start();           /* they idle in the scheduler until init exists */
    selftest_run(cmdline);
    proc_start_init(cmdline);
    scheduler();
}

void kernel_cpu_main(void)
{
    __atomic_store_n(&mycpu()->started, 1, __ATOMIC_RELEASE);
    scheduler();
}

long kernel_syscall(uint32_t nr, const uint32_t args[6])
{
    proc_check_killed();
    long r = signal_syscall(nr, args);
    fd_release_held();              /* the files fd_get held for the call */
    return r;
}

void kernel_tick(bool user)
{
    /* Any CPU's tick may be the one due: an idle CPU has none, and the
     * one-shot of the last CPU to go idle comes here too. */
    time_tick();
    /* The time slice is over. Yield on the way back to user mode, also
     * when the tick interrupted a system call (the kernel is never
     * preempted, but a process that makes many calls must be). */
    struct proc *p = myproc();
    if (p) {
        runq_tick(p, user);
        __atomic_store_n(&mycpu()->resched, true, __ATOMIC_RELAXED);
    }
}

void kernel_tlb_flush(void)
{
    as_drop_lazy();
}

/* The si_code of an unresolved fault: vm_fault's reason tells a missing
 * mapping from a refused access. */
static int fault_code(int sig, const char *why)
{
    switch (sig) {
    case SIGSEGV:
        if (!*why)
            return SI_KERNEL;   /* not a page fault (a general protection fault) */
        return (!strcmp(why, "unmapped address") || !strcmp(why, "null pointer dereference") ||
                !strcmp(why, "kernel address")) ? SEGV_MAPERR : SEGV_ACCERR;
    case SIGBUS: return BUS_ADRERR;
    case SIGILL: return ILL_ILLOPC;
    case SIGFPE: return FPE_INTDIV;
    case SIGTRAP: return TRAP_BRKPT;
    default: return SI_KERNEL;
    }
}

void kernel_user_fault(const struct user_fault *f)
{
    struct proc *p = myproc();
    const char *why = "";
    int sig = f->signal;
    if (f->page_fault) {
        why = vm_fault(p->as, f->addr, f->write, &sig);
        if (!why)
            return;
    }
    uaddr_t addr = f->page_fault ? f->addr : sig == SIGSEGV ? 0 : f->pc;
    if (f->handler_ok && signal_fault(sig, fault_code(sig, why), addr))
        return;
    char fn[64], where[72] = "";
    if (usyms_lookup(&p->as->syms, f->pc, fn, sizeof(fn)))
        ksnprintf(where, sizeof(where), " (in %s)", fn);
    kprintf("pid %d (%s): killed by trap %u (%s) at address 0x%08x, eip 0x%08x%s%s%s\n",
            p->pid, p->name, f->trap, f->trap_name, f->addr, f->pc, where, *why ? ": " : "", why);
    proc_exit_group(W_EXITCODE(0, sig));    /* a fault ends the whole process, as on Linux */
}

void kernel_user_return(void)
{
    proc_check_killed();
    struct cpu *c = mycpu();    /* interrupts are off: no migration */
    if (__atomic_exchange_n(&c->resched, false, __ATOMIC_RELAXED)) {
        yield();
        proc_check_killed();
    }
    signal_return();
}

void kernel_double_fault(uintptr_t addr, uintptr_t sp, uintptr_t pc)
{
    const struct proc *p = proc_of_kstack_guard(addr);
    char where[96];
    ksym_format(where, sizeof(where), pc);
    if (p && p->state != UNUSED)
        panic("kernel stack overflow, pid %d (%s): esp 0x%08x, eip %s", p->pid, p->name, sp, where);
    if (p)
        panic("kernel stack overflow, on an unused process's stack: esp 0x%08x, eip %s", sp, where);
    panic("double fault: address 0x%08x, esp 0x%08x, eip %s", addr, sp, where);
}

void kernel_console_input(int c)
{
    console_input(c);
}
