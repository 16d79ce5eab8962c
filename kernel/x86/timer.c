/* Time. TIMER_HZ scheduling ticks come from the 8254 PIT on IRQ 0 (one
 * CPU), or in APIC mode from every CPU's local APIC timer (the PIT's IRQ
 * then stays masked). In APIC mode an idle CPU has no periodic tick: its
 * timer is one-shot to the deadline the core asks for, or stopped
 * (tick_idle); the PIT has no such mode here, so with it the one CPU keeps
 * ticking while idle. The TSC, calibrated against PIT channel 2 at
 * boot, gives nanosecond timestamps (sub-microsecond resolution for
 * clock_gettime) and calibrates the APIC timer.
 *
 * The clock is the clock page (<shmos/vclock.h>): the TSC rate as a
 * multiply-and-shift and a base, which clock_ns reads with the same
 * function (common/vclock.c) as user space's clock_gettime. */
#include "x86/timer.h"
#include "arch.h"
#include "cpu.h"
#include "kalloc.h"
#include "printk.h"
#include "x86/lapic.h"
#include "x86/mmu.h"
#include "x86/pic.h"
#include "x86/smp.h"
#include "x86/x86.h"
#include "shmos/vclock.h"

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61            /* bit 0: channel 2 gate, bit 5: its output */

static uint64_t tsc_hz;         /* [I] */
/* The clock page. Its fields are written only inside its sequence
 * counter (odd while written), by the boot CPU in timer_init and then by
 * clock_advance, whose writers exclude each other by taking the counter
 * odd with a compare-and-swap; readers retry (vclock_read). */
static struct vclock *vc;       /* [I] */

#define NSEC_PER_SEC 1000000000u
#define MULT_MIN (1u << 23)     /* the scale's precision: 1 part in 2^23 at worst */

/* Measured under QEMU (TCG): 1 ms windows agree to 0.03%, except the
 * first (the code is being translated: 3-6% long) and, now and then, one
 * the host stretched (2x). The median of 7 tolerates three bad ones and
 * costs 7 ms of boot. */
#define CAL_WINDOWS 7           /* calibration windows (odd: the median is one of them) */
#define CAL_HZ 1000             /* each lasts 1/CAL_HZ s: 1 ms */

/* Count TSC cycles over one 1/CAL_HZ s one-shot of PIT channel 2; the TSC rate
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

/* The TSC rate as mult and shift, ns = cycles * mult >> shift: the
 * smallest shift whose mult reaches MULT_MIN, so that the scale is within
 * 1.2e-7 of the calibrated rate (which itself is good to ~1e-4) and one
 * quantum of clock_advance, 2^shift cycles = mult ns, is 8-17 ms (about a
 * tick). mult < 2^24 and shift <= 32 for any rate from 1 MHz to 100 GHz. */
static void choose_scale(uint64_t hz, uint32_t *mult, uint32_t *shift)
{
    uint32_t s = 0;
    while (s < 32 && (uint64_t)NSEC_PER_SEC * (1ull << s) / hz < MULT_MIN)
        s++;
    *shift = s;
    *mult = (uint32_t)((uint64_t)NSEC_PER_SEC * (1ull << s) / hz);
}

/* Write the clock page for time 0 now. Boot CPU, before any other reads. */
static void clock_page_init(void)
{
    if (!(vc = kalloc()))
        panic("timer: no page for the clock page");
    choose_scale(tsc_hz, &vc->mult, &vc->shift);
    uint64_t now = rdtsc();
    vc->base_tsc_lo = (uint32_t)now;
    vc->base_tsc_hi = (uint32_t)(now >> 32);
}

void *clock_page(void)
{
    return vc;
}

void clock_advance(void)
{
    uint32_t seq = __atomic_load_n(&vc->seq, __ATOMIC_RELAXED);
    if ((seq & 1) || !__atomic_compare_exchange_n(&vc->seq, &seq, seq + 1, false,
                                                  __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;                 /* another CPU is advancing it */
    uint64_t base = ((uint64_t)vc->base_tsc_hi << 32) | vc->base_tsc_lo;
    uint64_t now = rdtsc();
    uint64_t quanta = now > base ? (now - base) >> vc->shift : 0;
    if (quanta) {
        /* quanta << shift cycles are exactly quanta * mult ns. */
        base += quanta << vc->shift;
        uint64_t ns = vc->base_nsec + vclock_scale(quanta << vc->shift, vc->mult, vc->shift);
        __atomic_store_n(&vc->base_tsc_lo, (uint32_t)base, __ATOMIC_RELAXED);
        __atomic_store_n(&vc->base_tsc_hi, (uint32_t)(base >> 32), __ATOMIC_RELAXED);
        __atomic_store_n(&vc->base_sec, vc->base_sec + (uint32_t)(ns / NSEC_PER_SEC),
                         __ATOMIC_RELAXED);
        __atomic_store_n(&vc->base_nsec, (uint32_t)(ns % NSEC_PER_SEC), __ATOMIC_RELAXED);
    }
    __atomic_store_n(&vc->seq, seq + 2, __ATOMIC_RELEASE);
}

void timer_init(void)
{
    tsc_hz = measure_tsc_hz();
    if (tsc_hz < 1000000)
        panic("timer: TSC calibration failed (%u Hz)", (uint32_t)tsc_hz);
    clock_page_init();
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
    if (!vc)
        return 0;               /* before timer_init: time has not started */
    struct timespec ts;
    vclock_read(vc, CLOCK_MONOTONIC, &ts);
    return (uint64_t)(uint32_t)ts.tv_sec * NSEC_PER_SEC + (uint32_t)ts.tv_nsec;
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
