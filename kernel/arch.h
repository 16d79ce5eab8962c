/* The port interface: everything the portable core (the files directly in
 * kernel/) needs from the machine, and nothing more. kernel/x86/
 * implements it for the i386 PC; a port to another machine replaces
 * kernel/x86/ and the one include line below. No core file includes a
 * header of kernel/x86/ but through this one, and none uses inline
 * assembly (tests/host/kernel-rules.sh checks both).
 * The port calls up into the core only through kernel/entry.h (and the
 * core's services: kprintf/panic, kalloc, spinlocks). */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H
#include "types.h"
#include "x86/machine.h"        /* types and one-instruction primitives */

/* ---- Page tables (x86/pagetable.c). One directory per address space;
 * its kernel half is shared and never changes. Only these functions edit
 * page-table entries. */
#define PT_WRITE 1              /* pt_map flag: user-writable (else read-only) */
#define PT_ACCESSED 2           /* pt_lookup: the CPU has used the entry */
#define PT_DIRTY 4              /* pt_lookup: the CPU has written the page through it */
/* A new directory holding only the kernel half, or NULL. */
pde_t *pt_create(void);
/* Free the user page tables and the directory (the pages they map must
 * already be unmapped or accounted for by the caller). */
void pt_destroy(pde_t *pgdir);
/* Make the page tables that map user pages [start, end) exist, so that
 * pt_map there needs no memory. 0 or -ENOMEM (tables made so far stay,
 * and go with the directory). */
int pt_prepare(pde_t *pgdir, uaddr_t start, uaddr_t end);
/* Map user page va to physical page pa, readable, writable with PT_WRITE.
 * 0, or -ENOMEM if a page table could not be allocated (never after
 * pt_prepare). Panics if va is already mapped: callers own the region
 * bookkeeping. */
int pt_map(pde_t *pgdir, uaddr_t va, paddr_t pa, unsigned flags);
/* Unmap user page va and drop it from this CPU's TLB if pgdir is loaded
 * here. Returns the physical page that was mapped, or 0 if none. */
paddr_t pt_unmap(pde_t *pgdir, uaddr_t va);
/* Detach the page tables whose whole span lies in [lo, hi), a range no
 * region maps (so all their entries are clear): their directory entries
 * are cleared, and the tables are returned chained, for pt_free_detached
 * after a TLB shootdown (a CPU may cache a directory entry). NULL if none. */
void *pt_detach_tables(pde_t *pgdir, uaddr_t lo, uaddr_t hi);
/* Free a chain of tables from pt_detach_tables. */
void pt_free_detached(void *chain);
/* The physical page mapped at user page va, or 0 if none (no user page is
 * ever physical page 0); *flags (if given) gets its PT_* flags. */
paddr_t pt_lookup(const pde_t *pgdir, uaddr_t va, unsigned *flags);
/* Load pgdir (NULL: the kernel-only directory) on this CPU. */
void pt_activate(const pde_t *pgdir);

/* ---- TLB shootdown between CPUs (x86/tlb.c). */
/* Make sure no CPU in cpumask but this one caches stale user translations:
 * flush each and wait for it to confirm. Call after editing page tables
 * (this CPU's own TLB is the caller's business: tlb_flush_page, or
 * pt_unmap does it) and before reusing the pages. Any context; may spin. */
void tlb_shootdown(uint32_t cpumask);
/* Serve a flush request another CPU is waiting for, if any: called by
 * every loop that spins with interrupts off, so no two CPUs wait for each
 * other. */
void tlb_poll(void);
/* How many flush requests this boot has sent to other CPUs. */
uint32_t tlb_shootdown_count(void);

/* ---- CPUs (x86/smp.c, x86/gdt.c, x86/power.c). */
/* Start every other CPU (each enters kernel_cpu_main) and set ncpu. */
void cpus_start(void);
/* Wake cpus[cpu] if it is halted in intr_wait (any context). */
void cpu_kick(int cpu);
/* A panic: stop every other started CPU. */
void cpu_stop_others(void);
/* Stop this CPU for good: interrupts off, halted. */
NORETURN void cpu_halt_forever(void);
/* The kernel stack that traps from user mode land on, on this CPU. */
void cpu_set_kstack(uintptr_t top);
/* Base this CPU's thread-local-storage segment, the one user mode's %gs
 * selects, at base (the running thread's: on every switch, and at
 * set_tls with interrupts off). Returns its selector. */
uint32_t cpu_set_tls(uintptr_t base);
/* The machine's feature word for user programs, the AT_HWCAP entry of a
 * new image's auxiliary vector (x86: CPUID leaf 1's EDX, its SEP bit set
 * when libc may enter the kernel by sysenter). */
uint32_t machine_hwcap(void);
/* Stop the machine; under QEMU it exits with status (0-127 kept). */
NORETURN void machine_poweroff(int status);

/* ---- Time and console output (x86/timer.c, x86/uart.c). */
/* Nanoseconds since boot, from a clock that every CPU reads alike. */
uint64_t clock_ns(void);
/* The clock page (<shmos/vclock.h>), a page from kalloc (its kernel
 * address) that the port keeps writing; the core maps it read-only into
 * every process, where libc reads the same clock as clock_ns. */
void *clock_page(void);
/* Move the clock page's base up to now (any CPU, any context; the time it
 * tells does not change). The core calls it at its ticks. */
void clock_advance(void);
/* This CPU goes idle: no periodic tick from now on; one kernel_tick()
 * once clock_ns() has reached deadline (at once if it has already), or
 * none at all with deadline 0. Interrupts off. A port whose timer cannot
 * do this keeps ticking (the PC's PIT mode does). */
void tick_idle(uint64_t deadline);
/* This CPU runs a process: periodic ticks again (they preempt it), if
 * tick_idle stopped them. Interrupts off. */
void tick_resume(void);
/* Write one byte to the serial console, blocking ('\n' becomes "\r\n"). */
void serial_putc(int c);

/* ---- Kernel threads and user registers (x86/context.c, x86/swtch.S,
 * x86/fpu.c). */
/* Save the current kernel thread's registers in *save and resume next. */
void swtch(struct context **save, struct context *next);
/* Reserve room for n kernel stacks of size bytes each, each with an
 * unmapped guard page below it; returns where stack 0 starts, stack i at
 * + i * (size + PAGE_SIZE). Writing a guard page (an overflow) ends in
 * kernel_double_fault. At boot, before the first process directory. */
char *kstacks_window(size_t size, int n);
/* Give the stack [stack, stack + size) of kstacks_window the pages it
 * lacks (they stay for the slot's next users). 0 or -ENOMEM (the pages
 * mapped so far stay too). Callers of one stack are serialised by its
 * owner (the slot's EMBRYO claim); different stacks may be backed at once. */
int kstack_back(char *stack, size_t size);
/* Pages backing kernel stacks (they are never freed). */
uint32_t kstack_pages(void);
/* Switch this CPU to the stack whose top is top and call fn there; never
 * returns (for the kernel-stack-overflow self-test). */
NORETURN void call_on_stack(char *top, void (*fn)(void));
/* Lay out a new process's kernel stack [kstack, kstack + size): a zeroed
 * trap frame at the top, returned, and below it a context, stored in *ctx,
 * that starts first() and then returns to user mode through the frame. */
struct trapframe *kstack_init(char *kstack, size_t size, void (*first)(void),
                              struct context **ctx);
/* A frame that enters a new program at pc with stack sp, in user mode,
 * with only interrupts enabled in the flags. */
void tf_init_user(struct trapframe *tf, uaddr_t pc, uaddr_t sp);
/* Let the frame resume at pc with stack sp (a new thread). */
void tf_set_entry(struct trapframe *tf, uaddr_t pc, uaddr_t sp);
/* The system call's result register. */
void tf_set_result(struct trapframe *tf, uint32_t value);
/* The six argument registers of a system call made with this frame. */
void tf_syscall_args(const struct trapframe *tf, uint32_t args[6]);
/* The user stack pointer. */
uaddr_t tf_user_sp(const struct trapframe *tf);
/* Signal frames (<shmos/signal.h>). The registers of tf, as a handler
 * sees them. */
struct shmos_sigcontext;
void tf_to_sigcontext(const struct trapframe *tf, struct shmos_sigcontext *sc);
/* Load tf from sc, a frame user space may have forged: only if every
 * register is one user mode may hold (user code and data selectors, only
 * the flags user mode may change, a user pc); else false, tf unchanged.
 * The frame then returns by the full path (x86: iret). */
bool tf_from_sigcontext(struct trapframe *tf, const struct shmos_sigcontext *sc);
/* Enter a signal handler at pc with stack pointer sp and arguments a0 a1
 * a2 (as a call from sp would see them; x86 also passes them in eax edx
 * ecx); the flags a handler must not inherit (trace, direction) cleared. */
void tf_set_handler(struct trapframe *tf, uaddr_t pc, uaddr_t sp, uint32_t a0, uint32_t a1,
                    uint32_t a2);
/* The 8 bytes of code a frame returns through when no restorer is
 * given: system call nr (sigreturn). */
void sigframe_retcode(uint8_t code[8], uint32_t nr);
/* The return addresses of the current kernel call chain, innermost first:
 * up to max of them in pcs; returns how many. */
int backtrace_pcs(uintptr_t *pcs, int max);
/* Print a trap frame's registers, decoded: the trap's name, user or
 * kernel mode, the flags by name, a kernel pc with its function. */
void tf_print(const struct trapframe *tf);
/* The x87/SSE registers: a process's stay live in the CPU while it is in
 * the kernel, and are saved only when it is switched out. */
void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);
/* Make a state from user space safe to restore (x86: reserved MXCSR
 * bits, which would fault in the kernel, cleared). */
void fpu_sanitize(struct fpu_state *s);
extern struct fpu_state fpu_initial_state;      /* what a new image starts with */

/* ---- Memory copies (x86/string.c): the machine's fastest. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
#endif
