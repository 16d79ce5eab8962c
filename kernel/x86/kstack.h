/* Kernel stacks with guard pages and the double-fault task (kstack.c).
 * kstacks_guard and call_on_stack, which the core uses, are in
 * kernel/arch.h; this is what only the port needs. */
#ifndef KERNEL_X86_KSTACK_H
#define KERNEL_X86_KSTACK_H
struct cpu;

/* The window the guarded kernel stacks are mapped in, 4 KiB pages between
 * the direct map and the APIC window (x86/pagetable.h). */
#define KSTACK_WINDOW     0xF0000000u
#define KSTACK_WINDOW_END 0xFEC00000u

/* Fill in c's double-fault TSS (its GDT slot is gdt.c's): its own stack,
 * the kernel directory, interrupts off, this CPU's %gs. */
void double_fault_task_init(struct cpu *c);
#endif
