/* The two cascaded 8259A interrupt controllers (pic.c): IRQ n arrives as
 * vector T_IRQ0 + n; in APIC mode they stay masked for good. */
#ifndef KERNEL_X86_PIC_H
#define KERNEL_X86_PIC_H
#define NISA_IRQ 16
void pic_init(void);                 /* remap IRQs to T_IRQ0.., all masked */
/* Let ISA IRQ irq in as vector T_IRQ0 + irq: unmasked on the 8259, or in
 * APIC mode routed by the I/O APIC to the boot CPU. Boot CPU only. */
void pic_enable(int irq);
void pic_eoi(int irq);
/* APIC mode: mask the 8259 for good and route the IRQs enabled so far
 * through the I/O APIC (ioapic_init first). Boot CPU, once. */
void pic_handover(void);
#endif
