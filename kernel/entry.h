/* The core's entry points for the port: the only core functions that
 * kernel/x86/ calls up into (besides the services every file may use:
 * kprintf/panic, kalloc, spinlocks). A port to
 * another machine calls exactly these. */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H
#include "types.h"

struct trapframe;

/* The boot CPU, once the port has set up its devices, the clock and the
 * page allocator (kalloc_add_range): start the core, the other CPUs and
 * init. cmdline is what the boot loader passed after the kernel's name;
 * the initrd, [initrd, initrd + len) in the direct map, is unpacked into
 * the memory file system and its pages then go to the allocator. */
NORETURN void kernel_main(const char *cmdline, const void *initrd, size_t len);
/* Every other CPU, once it can take interrupts: run the scheduler. */
NORETURN void kernel_cpu_main(void);

/* A system call numbered nr with its six argument registers, from the
 * current process. Returns the result (or -errno) for the result
 * register. */
long kernel_syscall(uint32_t nr, const uint32_t args[6]);
/* A timer tick on this CPU: TIMER_HZ times a second while it runs
 * processes; an idle CPU's one-shot (tick_idle) comes here too. user:
 * it interrupted user mode (CPU time accounting). */
void kernel_tick(bool user);
/* This CPU serves a TLB flush request another CPU waits for (interrupts
 * off, any context; called just before the port acknowledges it): the
 * core drops an address space it keeps loaded only lazily. Takes no lock. */
void kernel_tlb_flush(void);
/* A fault in user mode that the port does not handle itself. */
struct user_fault {
    int signal;             /* what it kills with when unresolved */
    uint32_t trap;          /* the machine's trap number and name, for the report */
    const char *trap_name;
    uaddr_t addr;           /* the faulting address (page faults) */
    uaddr_t pc;             /* where the program was */
    bool page_fault;        /* a missing or protected page: may be resolved */
    bool write;             /* a write access (page faults) */
    bool handler_ok;        /* from user mode: a signal handler may take it */
};
/* Resolve it (demand fill) and return, or (handler_ok) queue f->signal
 * for the process's handler and return, or report it on the console and
 * terminate the process with f->signal. */
void kernel_user_fault(const struct user_fault *f);
/* The last thing before any return to user mode: exits a killed process,
 * yields the CPU if a tick asked for it, and takes pending signals (may
 * rewrite the current trap frame). */
void kernel_user_return(void);
/* A double fault (interrupts off, on a stack of its own): addr is the
 * address of the page fault that could not be delivered, sp and pc the
 * interrupted stack and instruction. Panics, naming the process whose
 * kernel stack overflowed if addr is in a guard page (kstacks_guard). */
NORETURN void kernel_double_fault(uintptr_t addr, uintptr_t sp, uintptr_t pc);
/* A byte received on the console's serial line (interrupt context). */
void kernel_console_input(int c);
#endif
