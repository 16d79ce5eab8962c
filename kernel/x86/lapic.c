/* The local APIC of each CPU (xAPIC, memory-mapped): interrupt acceptance,
 * end of interrupt, the per-CPU timer (periodic while the CPU runs
 * processes, one-shot or stopped while it idles), and inter-processor
 * interrupts. Register layout from the Intel SDM vol. 3, chapter 10. Every
 * CPU sees its own APIC at the same address, so the registers need no lock;
 * the ICR (two writes) is protected against this CPU's interrupts only. */
#include "x86/lapic.h"
#include "cpu.h"
#include "lib.h"
#include "printk.h"
#include "spinlock.h"
#include "x86/mmu.h"
#include "x86/pagetable.h"
#include "x86/smp.h"
#include "x86/timer.h"
#include "x86/x86.h"

enum {
    LAPIC_ID = 0x020, LAPIC_VER = 0x030, LAPIC_TPR = 0x080, LAPIC_EOI = 0x0B0,
    LAPIC_SVR = 0x0F0, LAPIC_ESR = 0x280, LAPIC_ICR_LO = 0x300, LAPIC_ICR_HI = 0x310,
    LAPIC_LVT_TIMER = 0x320, LAPIC_LVT_THERMAL = 0x330, LAPIC_LVT_PERF = 0x340,
    LAPIC_LVT_LINT0 = 0x350, LAPIC_LVT_LINT1 = 0x360, LAPIC_LVT_ERROR = 0x370,
    LAPIC_TIMER_INIT = 0x380, LAPIC_TIMER_COUNT = 0x390, LAPIC_TIMER_DIV = 0x3E0,
};
#define SVR_ENABLE      0x100
#define LVT_MASKED      0x10000
#define LVT_NMI         0x400       /* delivery mode NMI */
#define LVT_PERIODIC    0x20000
#define TIMER_DIV_16    0x3
#define ICR_FIXED       0x000
#define ICR_INIT        0x500
#define ICR_STARTUP     0x600
#define ICR_BUSY        0x1000      /* delivery status: send pending */
#define ICR_ASSERT      0x4000
#define ICR_LEVEL       0x8000

#define MSR_APIC_BASE   0x1B
#define APIC_BASE_ENABLE 0x800
#define APIC_BASE_X2APIC 0x400     /* x2APIC mode: the MMIO registers are off */
#define CPUID_EDX_APIC  (1u << 9)

#define CALIBRATE_NS    2000000ull  /* measure the APIC timer for 2 ms of TSC time */

static volatile uint32_t *lapic;    /* [I] MMIO base (VA == PA), set once at boot */
static uint32_t timer_count;        /* [I] initial count for one tick, set once at boot */
static uint64_t timer_rate;         /* [I] timer counts per second (input clock / 16) */

static uint32_t lapic_read(uint32_t reg) { return lapic[reg / 4]; }
static void lapic_write(uint32_t reg, uint32_t v) { lapic[reg / 4] = v; }

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

bool lapic_setup(paddr_t pa)
{
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    if (!(d & CPUID_EDX_APIC))
        return false;
    uint64_t base = rdmsr(MSR_APIC_BASE);
    if (!(base & APIC_BASE_ENABLE) || (base & APIC_BASE_X2APIC))
        return false;
    if (pa < APIC_WINDOW_BASE || pa > APIC_WINDOW_END - PAGE_SIZE || (pa & (PAGE_SIZE - 1)))
        return false;
    lapic = (volatile uint32_t *)pa;
    return true;
}

uint8_t lapic_id(void)
{
    return lapic_read(LAPIC_ID) >> 24;
}

/* Only the boot CPU keeps LINT1 as the NMI input (the MP spec's virtual
 * wire wiring); LINT0 would bring in the 8259, which stays masked. */
void lapic_init_cpu(bool boot_cpu)
{
    lapic_write(LAPIC_SVR, SVR_ENABLE | T_SPURIOUS);
    lapic_write(LAPIC_TIMER_INIT, 0);
    lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | (T_IRQ0 + IRQ_TIMER));
    lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
    lapic_write(LAPIC_LVT_LINT1, boot_cpu ? LVT_NMI : LVT_MASKED);
    uint32_t max_lvt = (lapic_read(LAPIC_VER) >> 16) & 0xFF;
    if (max_lvt >= 4)
        lapic_write(LAPIC_LVT_PERF, LVT_MASKED);
    if (max_lvt >= 5)
        lapic_write(LAPIC_LVT_THERMAL, LVT_MASKED);
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED | T_SPURIOUS);
    lapic_write(LAPIC_ESR, 0);          /* back-to-back writes clear the error status */
    lapic_write(LAPIC_ESR, 0);
    lapic_write(LAPIC_EOI, 0);          /* nothing left in service from before */
    lapic_write(LAPIC_TPR, 0);          /* accept every vector */
}

uint64_t lapic_timer_calibrate(void)
{
    lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | (T_IRQ0 + IRQ_TIMER));   /* one-shot */
    lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);
    /* Each count is read just before its timestamp, so the two small gaps
     * between them cancel out. */
    uint32_t c0 = lapic_read(LAPIC_TIMER_COUNT);
    uint64_t t0 = clock_ns(), t1;
    while ((t1 = clock_ns()) - t0 < CALIBRATE_NS)
        cpu_relax();
    uint32_t c1 = lapic_read(LAPIC_TIMER_COUNT);
    t1 = clock_ns();
    lapic_write(LAPIC_TIMER_INIT, 0);
    uint64_t hz = (uint64_t)(c0 - c1) * 16 * 1000000000ull / (t1 - t0);
    if (hz / 16 / TIMER_HZ < 100)
        panic("lapic: timer calibration failed (%u Hz)", (uint32_t)hz);
    timer_count = (uint32_t)(hz / 16 / TIMER_HZ);
    timer_rate = hz / 16;
    lapic_timer_start();
    return hz;
}

void lapic_timer_start(void)
{
    /* Stopped first: periodic with a short one-shot's count still in the
     * initial-count register, even for a moment, would fire back to back
     * (under QEMU a storm of timer callbacks that can starve everything). */
    lapic_write(LAPIC_TIMER_INIT, 0);
    lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | (T_IRQ0 + IRQ_TIMER));
    lapic_write(LAPIC_TIMER_INIT, timer_count);
}

/* The longest one-shot: a later deadline is reached in several (each
 * interrupt finds nothing due and re-arms). Short enough that ns * rate
 * cannot overflow for any APIC clock below 1.8 GHz. */
#define ONESHOT_MAX_NS 10000000000ull

void lapic_timer_oneshot(uint64_t ns)
{
    if (ns > ONESHOT_MAX_NS)
        ns = ONESHOT_MAX_NS;
    /* Rounded up, plus one: the interrupt never comes before ns are over. */
    uint64_t count = ns * timer_rate / 1000000000ull + 1;
    if (count > 0xFFFFFFFFull)
        count = 0xFFFFFFFFull;
    lapic_write(LAPIC_LVT_TIMER, T_IRQ0 + IRQ_TIMER);  /* one-shot: a mode change disarms */
    lapic_write(LAPIC_TIMER_INIT, (uint32_t)count);
}

void lapic_timer_stop(void)
{
    lapic_write(LAPIC_TIMER_INIT, 0);
}

void lapic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

/* Write the ICR: destination first, then the command that sends. Waits for
 * the previous IPI to leave (the register cannot take a new one before). */
static void lapic_icr(uint8_t apic_id, uint32_t cmd)
{
    push_cli();         /* an interrupt handler's IPI must not split the two writes */
    while (lapic_read(LAPIC_ICR_LO) & ICR_BUSY)
        cpu_relax();
    lapic_write(LAPIC_ICR_HI, (uint32_t)apic_id << 24);
    lapic_write(LAPIC_ICR_LO, cmd);
    while (lapic_read(LAPIC_ICR_LO) & ICR_BUSY)
        cpu_relax();
    pop_cli();
}

void lapic_send_ipi(int cpu, int vector)
{
    if (!smp_apic_mode() || cpu < 0 || cpu >= ncpu)
        return;
    lapic_icr(cpus[cpu].arch.apic_id, ICR_FIXED | ICR_ASSERT | (uint32_t)(vector & 0xFF));
}

void lapic_send_init(uint8_t apic_id)
{
    lapic_write(LAPIC_ESR, 0);
    lapic_icr(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
    lapic_icr(apic_id, ICR_INIT | ICR_LEVEL);
}

void lapic_send_startup(uint8_t apic_id, uint32_t pa)
{
    /* The level bit must be 1 for everything but an INIT de-assert (SDM). */
    lapic_icr(apic_id, ICR_STARTUP | ICR_ASSERT | (pa >> 12));
}

bool lapic_legacy_startup(void)
{
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    uint32_t family = (a >> 8) & 0xF;
    bool integrated = (lapic_read(LAPIC_VER) & 0xFF) >= 0x10;
    return !integrated || family < 6;
}
