/* ACPI, only as far as interrupts need it: find the RSDP, walk the RSDT
 * (or XSDT) to the MADT, and summarize it as struct madt_info — the local
 * APICs (CPUs), the I/O APICs and the ISA interrupt source overrides.
 * Tables are read through the direct map, so each must lie below
 * PHYS_LIMIT; anything else counts as "no MADT" and the kernel stays on
 * one CPU. Facts from the ACPI specification, sections 5.2.5-5.2.12. */
#include "x86/acpi.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"

#define BDA_EBDA_SEG 0x40E          /* BIOS data area: EBDA segment (16 bits) */
#define BIOS_ROM_START 0xE0000
#define BIOS_ROM_END 0x100000

struct rsdp {
    char signature[8];              /* "RSD PTR " */
    uint8_t checksum;               /* over the first 20 bytes */
    char oem[6];
    uint8_t revision;               /* 0: ACPI 1.0 (RSDT only); 2: has XSDT */
    uint32_t rsdt;
    uint32_t length;                /* ACPI 2.0+: whole structure */
    uint64_t xsdt;
    uint8_t xchecksum;
    uint8_t reserved[3];
} __attribute__((packed));

struct sdt_header {
    char signature[4];
    uint32_t length;                /* header included */
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

struct madt {
    struct sdt_header h;
    uint32_t lapic_addr;
    uint32_t flags;                 /* bit 0: dual 8259s present */
    uint8_t entries[];
} __attribute__((packed));

enum {
    MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_OVERRIDE = 2, MADT_LAPIC_ADDR = 5,
};
#define MADT_LAPIC_ENABLED 0x1

struct madt_lapic { uint8_t type, len, acpi_id, apic_id; uint32_t flags; } __attribute__((packed));
struct madt_ioapic { uint8_t type, len, id, reserved; uint32_t addr, gsi_base; } __attribute__((packed));
struct madt_override {
    uint8_t type, len, bus, source;
    uint32_t gsi;
    uint16_t flags;
} __attribute__((packed));
struct madt_lapic_addr { uint8_t type, len; uint16_t reserved; uint64_t addr; } __attribute__((packed));

static uint8_t checksum(const void *p, uint32_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;
    while (len--)
        sum += *b++;
    return sum;
}

/* Is [pa, pa + len) inside the direct map (and not wrapping)? */
static bool reachable(uint64_t pa, uint32_t len)
{
    return pa < PHYS_LIMIT && len <= PHYS_LIMIT - pa;
}

/* An RSDP on a 16-byte boundary in [start, end), or NULL. */
static const struct rsdp *scan_rsdp(paddr_t start, paddr_t end)
{
    for (paddr_t pa = (start + 15) & ~15u; pa + 20 <= end; pa += 16) {
        const struct rsdp *r = P2V(pa);
        if (memcmp(r->signature, "RSD PTR ", 8) != 0 || checksum(r, 20) != 0)
            continue;
        if (r->revision >= 2 && (pa + sizeof(*r) > end || checksum(r, sizeof(*r)) != 0))
            continue;
        return r;
    }
    return NULL;
}

/* The table at physical pa if it is reachable, has a sane length and a
 * valid checksum; else NULL. */
static const struct sdt_header *map_table(uint64_t pa)
{
    if (!reachable(pa, sizeof(struct sdt_header)))
        return NULL;
    const struct sdt_header *h = P2V((paddr_t)pa);
    if (h->length < sizeof(*h) || !reachable(pa, h->length) || checksum(h, h->length) != 0)
        return NULL;
    return h;
}

/* The MADT through the XSDT (if the RSDP has one we can reach) or the
 * RSDT; NULL if absent or unreachable. */
static const struct madt *find_madt(const struct rsdp *r)
{
    const struct sdt_header *root = NULL;
    uint32_t entry_size = 4;
    if (r->revision >= 2 && r->xsdt)
        root = map_table(r->xsdt);
    if (root && memcmp(root->signature, "XSDT", 4) == 0) {
        entry_size = 8;
    } else {
        root = map_table(r->rsdt);
        if (!root || memcmp(root->signature, "RSDT", 4) != 0)
            return NULL;
    }
    const uint8_t *p = (const uint8_t *)(root + 1);
    uint32_t n = (root->length - sizeof(*root)) / entry_size;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t pa = 0;
        memcpy(&pa, p + i * entry_size, entry_size);    /* entries may be unaligned */
        const struct sdt_header *h = map_table(pa);
        if (h && memcmp(h->signature, "APIC", 4) == 0 && h->length >= sizeof(struct madt))
            return (const struct madt *)h;
    }
    return NULL;
}

/* Fill m from the MADT's variable-length entries. */
static void parse_madt(const struct madt *t, struct madt_info *m)
{
    memset(m, 0, sizeof(*m));
    m->lapic_addr = t->lapic_addr;
    for (int irq = 0; irq < NISA_IRQ; irq++)
        m->isa[irq].gsi = irq;          /* identity unless overridden */
    const uint8_t *p = t->entries, *end = (const uint8_t *)t + t->h.length;
    while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
        switch (p[0]) {
        case MADT_LAPIC: {
            const struct madt_lapic *e = (const void *)p;
            if (e->len < sizeof(*e) || !(e->flags & MADT_LAPIC_ENABLED))
                break;
            if (m->ncpu < MADT_MAX_CPUS)
                m->apic_ids[m->ncpu] = e->apic_id;
            m->ncpu++;
            break;
        }
        case MADT_IOAPIC: {
            const struct madt_ioapic *e = (const void *)p;
            if (e->len < sizeof(*e) || m->nioapic == MAX_IOAPIC)
                break;
            m->ioapic[m->nioapic++] = (struct ioapic_desc){ e->id, e->addr, e->gsi_base };
            break;
        }
        case MADT_OVERRIDE: {
            const struct madt_override *e = (const void *)p;
            if (e->len < sizeof(*e) || e->bus != 0 || e->source >= NISA_IRQ)
                break;
            m->isa[e->source].gsi = e->gsi;
            m->isa[e->source].flags = e->flags;
            break;
        }
        case MADT_LAPIC_ADDR: {
            const struct madt_lapic_addr *e = (const void *)p;
            if (e->len >= sizeof(*e) && e->addr < 0x100000000ull)
                m->lapic_addr = (paddr_t)e->addr;
            break;
        }
        default:
            break;
        }
        p += p[1];
    }
}

const char *acpi_read_madt(struct madt_info *m)
{
    const struct rsdp *r = NULL;
    paddr_t ebda = (paddr_t)*(const uint16_t *)P2V(BDA_EBDA_SEG) << 4;
    if (ebda >= 0x400 && ebda < BIOS_ROM_START)
        r = scan_rsdp(ebda, ebda + 1024);
    if (!r)
        r = scan_rsdp(BIOS_ROM_START, BIOS_ROM_END);
    if (!r)
        return "no ACPI RSDP";
    const struct madt *t = find_madt(r);
    if (!t)
        return "no ACPI MADT below 768 MiB";
    parse_madt(t, m);
    if (m->ncpu == 0)
        return "MADT lists no enabled CPU";
    if (m->nioapic == 0)
        return "MADT lists no I/O APIC";
    return NULL;
}
