/* What the ACPI MADT says about the interrupt hardware (acpi.c). */
#ifndef KERNEL_X86_ACPI_H
#define KERNEL_X86_ACPI_H
#include "types.h"
#include "x86/pic.h"

#define MADT_MAX_CPUS 32
#define MAX_IOAPIC 4
struct ioapic_desc {
    uint8_t id;
    paddr_t addr;
    uint32_t gsi_base;              /* first global system interrupt of its pins */
};
struct isa_route {
    uint32_t gsi;                   /* global system interrupt of the ISA IRQ */
    uint16_t flags;                 /* MPS INTI polarity and trigger; 0: ISA default */
};
struct madt_info {
    paddr_t lapic_addr;
    int ncpu;                       /* enabled processors (may exceed MADT_MAX_CPUS) */
    uint8_t apic_ids[MADT_MAX_CPUS];    /* their APIC ids, in MADT order */
    int nioapic;
    struct ioapic_desc ioapic[MAX_IOAPIC];
    struct isa_route isa[NISA_IRQ];
};
/* Find and summarize the MADT. NULL on success, else why there is none. */
const char *acpi_read_madt(struct madt_info *m);
#endif
