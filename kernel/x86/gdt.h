/* Segments (gdt.c): each CPU's GDT, TSS and per-CPU %gs segment.
 * cpu_set_kstack is in kernel/arch.h. */
#ifndef KERNEL_X86_GDT_H
#define KERNEL_X86_GDT_H
struct cpu;
void gdt_init_cpu(struct cpu *c);     /* load this CPU's GDT, TSS and %gs */
#endif
