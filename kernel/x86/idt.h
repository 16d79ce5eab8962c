/* The interrupt descriptor table (idt.c). */
#ifndef KERNEL_X86_IDT_H
#define KERNEL_X86_IDT_H
void idt_init(void);                  /* build the shared IDT (once) */
void idt_load(void);                  /* load it on this CPU */
#endif
