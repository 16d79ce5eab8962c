/* The I/O APICs: they turn device interrupt lines (global system
 * interrupts, GSIs) into messages to a chosen CPU. shmos routes only the
 * ISA IRQs it uses, all to the boot CPU; every other pin stays masked.
 * Registers from the 82093AA datasheet: an index register and a data
 * window; redirection entry n is two 32-bit registers at 0x10 + 2n. Only
 * the boot CPU touches them, at boot, so they need no lock. */
#include "x86/ioapic.h"
#include "lib.h"
#include "printk.h"
#include "x86/mmu.h"

#define IOREGSEL 0x00
#define IOWIN    0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL 0x10
#define RED_LOW_ACTIVE 0x2000       /* polarity: active low */
#define RED_LEVEL      0x8000       /* trigger: level */
#define RED_MASKED     0x10000
/* MPS INTI flags of an interrupt source override (ACPI 5.2.12.5). */
#define INTI_POLARITY(f) ((f) & 3)          /* 0: bus default, 1: high, 3: low */
#define INTI_TRIGGER(f)  (((f) >> 2) & 3)   /* 0: bus default, 1: edge, 3: level */

static struct ioapic {
    volatile uint32_t *regs;        /* MMIO, VA == PA */
    uint32_t gsi_base;
    uint32_t npins;
} ioapics[MAX_IOAPIC];              /* [I] after ioapic_init */
static int nioapic;                 /* [I] after ioapic_init */
static struct isa_route isa[NISA_IRQ];  /* [I] after ioapic_init: the MADT's overrides */

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
    io->regs[IOREGSEL / 4] = reg;
    return io->regs[IOWIN / 4];
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
    io->regs[IOREGSEL / 4] = reg;
    io->regs[IOWIN / 4] = v;
}

void ioapic_init(const struct madt_info *m)
{
    memcpy(isa, m->isa, sizeof(isa));
    nioapic = m->nioapic;
    for (int i = 0; i < nioapic; i++) {
        struct ioapic *io = &ioapics[i];
        io->regs = (volatile uint32_t *)m->ioapic[i].addr;
        io->gsi_base = m->ioapic[i].gsi_base;
        io->npins = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xFF) + 1;
        for (uint32_t pin = 0; pin < io->npins; pin++) {
            ioapic_write(io, IOAPIC_REDTBL + 2 * pin, RED_MASKED);
            ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, 0);
        }
    }
}

bool ioapic_route_isa(int irq, uint8_t dest)
{
    if (irq < 0 || irq >= NISA_IRQ)
        return false;
    uint32_t gsi = isa[irq].gsi;
    uint16_t flags = isa[irq].flags;
    for (int i = 0; i < nioapic; i++) {
        struct ioapic *io = &ioapics[i];
        if (gsi < io->gsi_base || gsi - io->gsi_base >= io->npins)
            continue;
        uint32_t pin = gsi - io->gsi_base;
        /* ISA's own convention (flags 0) is edge-triggered, active high. */
        uint32_t low = T_IRQ0 + irq;
        if (INTI_POLARITY(flags) == 3)
            low |= RED_LOW_ACTIVE;
        if (INTI_TRIGGER(flags) == 3)
            low |= RED_LEVEL;
        ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, (uint32_t)dest << 24);
        ioapic_write(io, IOAPIC_REDTBL + 2 * pin, low);   /* unmasks: written last */
        return true;
    }
    return false;
}
