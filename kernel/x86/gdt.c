/* Segmentation: a flat 4 GiB code and data segment for the kernel and for
 * user mode, a TSS (only for the kernel stack of traps from user mode), a
 * second TSS for the double-fault task (x86/kstack.c), and
 * a per-CPU data segment whose base is the CPU's struct cpu (loaded in %gs,
 * so mycpu() is a single load). Each CPU has its own GDT copy. The kernel
 * keeps UDATA_SEL in %ds, %es (and, until a user loads something else, %fs),
 * so entering and leaving it reloads no segment (x86/trapentry.S). */
#include "x86/gdt.h"
#include "cpu.h"
#include "x86/kstack.h"
#include "x86/mmu.h"
#include "x86/sysenter.h"

_Static_assert(NSEGS <= GDT_ENTRIES, "struct arch_cpu has room for the GDT");

/* Encode a segment descriptor (SDM 3.4.5): type, base, limit (in pages when
 * gran is set), privilege level. */
static uint64_t seg_desc(uint32_t type, uint32_t base, uint32_t limit, int dpl, bool sys, bool gran)
{
    uint64_t d = 0;
    d |= limit & 0xFFFF;
    d |= (uint64_t)(base & 0xFFFFFF) << 16;
    d |= (uint64_t)(type & 0xF) << 40;
    d |= (uint64_t)(sys ? 0 : 1) << 44;        /* S: code/data */
    d |= (uint64_t)(dpl & 3) << 45;
    d |= (uint64_t)1 << 47;                    /* present */
    d |= (uint64_t)((limit >> 16) & 0xF) << 48;
    if (!sys)
        d |= (uint64_t)1 << 54;                /* 32-bit */
    if (gran)
        d |= (uint64_t)1 << 55;
    d |= (uint64_t)(base >> 24) << 56;
    return d;
}

#define STA_X 0x8   /* executable */
#define STA_W 0x2   /* data writable */
#define STA_R 0x2   /* code readable */
#define STS_T32A 0x9

void gdt_init_cpu(struct cpu *c)
{
    struct arch_cpu *a = &c->arch;
    c->self = c;
    a->gdt[0] = 0;
    a->gdt[SEG_KCODE] = seg_desc(STA_X | STA_R, 0, 0xFFFFF, 0, false, true);
    a->gdt[SEG_KDATA] = seg_desc(STA_W, 0, 0xFFFFF, 0, false, true);
    a->gdt[SEG_UCODE] = seg_desc(STA_X | STA_R, 0, 0xFFFFF, DPL_USER, false, true);
    a->gdt[SEG_UDATA] = seg_desc(STA_W, 0, 0xFFFFF, DPL_USER, false, true);
    a->gdt[SEG_TSS] = seg_desc(STS_T32A, (uint32_t)&a->ts, sizeof(a->ts) - 1, 0, true, false);
    a->gdt[SEG_KCPU] = seg_desc(STA_W, (uint32_t)c, sizeof(*c) - 1, 0, false, false);
    a->gdt[SEG_DFTSS] = seg_desc(STS_T32A, (uint32_t)&a->dfts, sizeof(a->dfts) - 1, 0, true, false);
    a->gdt[SEG_UTLS] = seg_desc(STA_W, 0, 0xFFFFF, DPL_USER, false, true);
    double_fault_task_init(c);
    a->ts.ss0 = KDATA_SEL;
    a->ts.iomb = sizeof(a->ts);     /* no I/O permission bitmap: user port I/O faults */

    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr = {
        NSEGS * sizeof(a->gdt[0]) - 1, (uint32_t)a->gdt
    };
    __asm__ volatile("lgdt %0" : : "m"(gdtr));
    __asm__ volatile(
        "movw %w0, %%ds\n\tmovw %w0, %%es\n\tmovw %w0, %%fs\n\tmovw %w1, %%ss\n\t"
        "movw %w2, %%gs\n\t"
        "ljmp %3, $1f\n1:"
        : : "r"(UDATA_SEL), "r"(KDATA_SEL), "r"(KCPU_SEL), "i"(KCODE_SEL) : "memory");
    __asm__ volatile("ltr %w0" : : "r"(TSS_SEL));
}

/* A flat 4 GiB user data segment based at base: %gs:-n reaches below
 * base by wrapping around, as the i386 TLS ABI's negative offsets need.
 * The descriptor is read when %gs is loaded: every return to user mode
 * with the user's %gs reloads it (the kernel runs with KCPU_SEL there). */
uint32_t cpu_set_tls(uintptr_t base)
{
    mycpu()->arch.gdt[SEG_UTLS] = seg_desc(STA_W, base, 0xFFFFF, DPL_USER, false, true);
    return UTLS_SEL;
}

void cpu_set_kstack(uintptr_t top)
{
    mycpu()->arch.ts.esp0 = top;       /* int $0x80 and other traps from user mode */
    sysenter_set_kstack(top);
}
