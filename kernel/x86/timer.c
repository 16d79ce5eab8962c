/* Time. TIMER_HZ scheduling ticks come from the 8254 PIT on IRQ 0 (one
 * CPU), or in APIC mode from every CPU's local APIC timer (the PIT's IRQ
 * then stays masked). In APIC mode an idle CPU has no periodic tick: its
 * timer is one-shot to the deadline the core asks for, or stopped
 * (tick_idle); the PIT has no such mode here, so with it the one CPU keeps
 * ticking while idle. The TSC, calibrated against PIT channel 2 at
 * boot, gives nanosecond timestamps (sub-microsecond resolution for
 * clock_gettime) and calibrates the APIC timer. */
#include "x86/timer.h"
#include "arch.h"
#include "cpu.h"
#include "printk.h"
#include "x86/lapic.h"
#include "x86/mmu.h"
#include "x86/pic.h"
#include "x86/smp.h"
#include "x86/x86.h"

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61            /* bit 0: channel 2 gate, bit 5: its output */

static uint64_t tsc_boot;       /* [I] the TSC at calibration: time 0 */
static uint64_t tsc_hz;         /* [I] */

#define CAL_WINDOWS 5           /* calibration windows (odd: the median is one of them) */
#define CAL_HZ 200              /* each lasts 1/CAL_HZ s: 5 ms */

/* Count TSC cycles over one 5 ms one-shot of PIT channel 2; the TSC rate
 * it implies. */
static uint64_t measure_window(void)
{
    const uint32_t count = PIT_HZ / CAL_HZ;
    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);  /* gate on, speaker off */
    outb(PIT_CMD, 0xB0);                             /* ch 2, lo/hi, mode 0 */
    outb(PIT_CH2, count & 0xFF);
    outb(PIT_CH2, count >> 8);
    uint64_t start = rdtsc();
    while (!(inb(PIT_GATE) & 0x20))
        ;
    return (rdtsc() - start) * CAL_HZ;
}

/* The TSC rate: the median of CAL_WINDOWS windows. Under emulation a
 * window can be stretched (the virtual CPU descheduled by the host while
 * the PIT runs on) or cut short; one bad window must not skew every clock
 * reading of the boot. */
static uint64_t measure_tsc_hz(void)
{
    uint64_t w[CAL_WINDOWS];
    for (int i = 0; i < CAL_WINDOWS; i++) {
        uint64_t v = measure_window();
        int j = i;
        for (; j > 0 && w[j - 1] > v; j--)
            w[j] = w[j - 1];
        w[j] = v;
    }
    return w[CAL_WINDOWS / 2];
}

void timer_init(void)
{
    tsc_hz = measure_tsc_hz();
    if (tsc_hz < 1000000)
        panic("timer: TSC calibration failed (%u Hz)", (uint32_t)tsc_hz);
    tsc_boot = rdtsc();
    if (smp_apic_mode()) {
        uint64_t apic_hz = lapic_timer_calibrate();
        kprintf("timer: %u Hz ticks from the local APIC timers (%u MHz), TSC %u MHz\n", TIMER_HZ,
                (uint32_t)(apic_hz / 1000000), (uint32_t)(tsc_hz / 1000000));
        return;
    }
    uint32_t div = PIT_HZ / TIMER_HZ;
    outb(PIT_CMD, 0x34);                             /* ch 0, lo/hi, rate generator */
    outb(PIT_CH0, div & 0xFF);
    outb(PIT_CH0, div >> 8);
    pic_enable(IRQ_TIMER);
    kprintf("timer: %u Hz ticks, TSC %u MHz\n", TIMER_HZ, (uint32_t)(tsc_hz / 1000000));
}

uint64_t clock_ns(void)
{
    uint64_t cycles = rdtsc() - tsc_boot;
    uint64_t sec = cycles / tsc_hz;
    uint64_t rem = cycles % tsc_hz;
    return sec * 1000000000ull + rem * 1000000000ull / tsc_hz;
}

void tick_resume(void)
{
    struct arch_cpu *a = &mycpu()->arch;
    if (!a->tick_idle)
        return;
    lapic_timer_start();
    a->tick_idle = false;
}

void tick_idle(uint64_t deadline)
{
    if (!smp_apic_mode())
        return;                 /* the PIT keeps ticking */
    if (deadline) {
        uint64_t now = clock_ns();
        lapic_timer_oneshot(deadline > now ? deadline - now : 0);
    } else {
        lapic_timer_stop();
    }
    mycpu()->arch.tick_idle = true;
}
