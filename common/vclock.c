/* Reading the clock page (<shmos/vclock.h>): the one conversion from a
 * TSC reading to the time, compiled into the kernel (its clock_ns) and
 * into libc (clock_gettime, gettimeofday, time), so both tell the same
 * nanosecond. i386: the TSC is read with rdtsc.
 *
 * Every field is loaded with a 32-bit atomic load (plain moves): a 64-bit
 * atomic load on i386 would be cmpxchg8b, which writes, and the page is
 * read-only to user space. */
#include <shmos/vclock.h>

#define NSEC_PER_SEC 1000000000u

static uint64_t read_tsc(void)
{
    uint32_t lo, hi;
    /* "memory": not moved above the loads of the page's fields. */
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

static uint32_t load(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

uint64_t vclock_scale(uint64_t cycles, uint32_t mult, uint32_t shift)
{
    /* cycles = hi * 2^32 + lo; with shift <= 32 the hi part's product
     * shifts exactly, and each 32 x 32 multiply fits in 64 bits. The
     * usual delta (since the last tick) has no hi part: one multiply. */
    uint32_t hi = (uint32_t)(cycles >> 32), lo = (uint32_t)cycles;
    uint64_t low = ((uint64_t)lo * mult) >> shift;
    if (__builtin_expect(hi == 0, 1))
        return low;
    return (((uint64_t)hi * mult) << (32 - shift)) + low;
}

void vclock_read(const struct vclock *vc, int clock, struct timespec *ts)
{
    uint32_t seq, mult, shift, sec, nsec, rsec, rnsec;
    uint64_t base, tsc;
    do {
        while ((seq = __atomic_load_n(&vc->seq, __ATOMIC_ACQUIRE)) & 1)
            __asm__ volatile("pause");
        mult = load(&vc->mult);
        shift = load(&vc->shift);
        sec = load(&vc->base_sec);
        nsec = load(&vc->base_nsec);
        rsec = load(&vc->real_sec);
        rnsec = load(&vc->real_nsec);
        base = ((uint64_t)load(&vc->base_tsc_hi) << 32) | load(&vc->base_tsc_lo);
        tsc = read_tsc();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while (__atomic_load_n(&vc->seq, __ATOMIC_RELAXED) != seq);
    /* A TSC a little behind the base (another CPU's, or read early by an
     * out-of-order CPU) counts as the base itself: never a huge delta. */
    uint64_t cycles = tsc > base ? tsc - base : 0;
    uint64_t s = sec, ns = nsec + vclock_scale(cycles, mult, shift);
    if (clock == CLOCK_REALTIME) {
        s += rsec;
        ns += rnsec;
    }
    /* Past a second boundary since the base: the delta is a tick or so,
     * so a few subtractions beat a 64-bit division (a libgcc call on
     * i386); a long-stale base (no tick for a long time) divides. */
    for (int i = 0; ns >= NSEC_PER_SEC && i < 4; i++) {
        s++;
        ns -= NSEC_PER_SEC;
    }
    if (ns >= NSEC_PER_SEC) {
        s += ns / NSEC_PER_SEC;
        ns %= NSEC_PER_SEC;
    }
    ts->tv_sec = (time_t)s;
    ts->tv_nsec = (long)ns;
}
