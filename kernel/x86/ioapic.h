/* The I/O APICs (ioapic.c). */
#ifndef KERNEL_X86_IOAPIC_H
#define KERNEL_X86_IOAPIC_H
#include "x86/acpi.h"
void ioapic_init(const struct madt_info *m);   /* every pin masked */
/* Route ISA IRQ irq (through its MADT override) to vector T_IRQ0 + irq on
 * the CPU with APIC id dest. False if no I/O APIC has that pin. */
bool ioapic_route_isa(int irq, uint8_t dest);
#endif
