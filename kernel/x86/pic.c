/* The two cascaded 8259A interrupt controllers, remapped so that IRQ n
 * arrives as vector T_IRQ0 + n (away from the CPU exceptions). In APIC
 * mode they stay fully masked and the I/O APIC delivers the ISA IRQs. */
#include "x86/pic.h"
#include "cpu.h"
#include "printk.h"
#include "x86/ioapic.h"
#include "x86/mmu.h"
#include "x86/uart.h"
#include "x86/x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define IRQ_CASCADE 2

/* Written only by the boot CPU while it brings the devices up, before any
 * other CPU runs; read-only afterwards. */
static uint16_t irq_mask = 0xFFFF & ~(1 << IRQ_CASCADE);
static bool handed_over;            /* the I/O APIC routes ISA IRQs now */

static void pic_write_mask(void)
{
    outb(PIC1_DATA, irq_mask & 0xFF);
    outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
    outb(PIC1_CMD, 0x11);            /* ICW1: edge, cascade, ICW4 follows */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, T_IRQ0);         /* ICW2: vector offsets */
    outb(PIC2_DATA, T_IRQ0 + 8);
    outb(PIC1_DATA, 1 << IRQ_CASCADE);   /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, IRQ_CASCADE);
    outb(PIC1_DATA, 0x01);           /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    pic_write_mask();
}

void pic_enable(int irq)
{
    if (handed_over) {
        if (!ioapic_route_isa(irq, cpus[0].arch.apic_id))
            kprintf("pic: no I/O APIC pin for IRQ %d\n", irq);
        return;
    }
    irq_mask &= ~(1u << irq);
    pic_write_mask();
}

void pic_handover(void)
{
    uint16_t enabled = (uint16_t)~irq_mask & ~(1u << IRQ_CASCADE);
    irq_mask = 0xFFFF;
    pic_write_mask();
    handed_over = true;
    for (int irq = 0; irq < NISA_IRQ; irq++)
        if (enabled & (1u << irq))
            pic_enable(irq);
    /* The I/O APIC latches edges only on unmasked pins: a byte that came in
     * before the hand-over raised its edge unseen, so take it now. */
    if (enabled & (1u << IRQ_COM1))
        uart_intr();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, 0x20);
    outb(PIC1_CMD, 0x20);
}
