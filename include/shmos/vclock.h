/* The clock page: one read-only page the kernel shares with every process
 * at USER_VCLOCK (<shmos/layout.h>), so that clock_gettime needs no system
 * call (Linux's vDSO data page, "vvar", does the same). It says how to
 * turn a TSC reading into the time since boot:
 *
 *   ns since boot = base + ((tsc - base_tsc) * mult >> shift)
 *
 * where base is base_sec seconds and base_nsec nanoseconds. The kernel
 * writes it under a sequence counter: seq is odd while a write is in
 * progress, and a reader that saw it odd, or changed, reads again. The
 * kernel's own clock reads the page with the same function as libc
 * (vclock_read, common/vclock.c), so the two agree to the nanosecond.
 *
 * The kernel moves the base forward at its ticks by whole multiples of
 * 2^shift cycles, which add exactly mult nanoseconds each: the time the
 * formula gives for any TSC value stays what it was (no step), and the
 * delta user space multiplies stays small. docs/architecture.md, "The
 * clock page", has the protocol and the reasons; [vc->seq] is its lock
 * tag (written only by the writer that made seq odd). */
#ifndef SHMOS_VCLOCK_H
#define SHMOS_VCLOCK_H
#include <stdint.h>
#include <shmos/time.h>

struct vclock {
    uint32_t seq;           /* [atomic] odd while the kernel writes; readers retry */
    uint32_t mult;          /* [vc->seq] nanoseconds per cycle, times 2^shift */
    uint32_t shift;         /* [vc->seq] <= 32 */
    uint32_t base_sec;      /* [vc->seq] CLOCK_MONOTONIC at base_tsc: seconds */
    uint32_t base_nsec;     /* [vc->seq]   and nanoseconds (< 10^9) */
    uint32_t real_sec;      /* [vc->seq] CLOCK_REALTIME - CLOCK_MONOTONIC (0: */
    uint32_t real_nsec;     /* [vc->seq]   no real-time clock; < 10^9) */
    uint32_t base_tsc_lo;   /* [vc->seq] the TSC reading the base is the time */
    uint32_t base_tsc_hi;   /* [vc->seq]   of, in halves: each one 32-bit load */
};

/* The time on clock (CLOCK_MONOTONIC or CLOCK_REALTIME) from the page vc,
 * into *ts. A pure reader: no system call, no lock; it retries while the
 * kernel writes. Compiled into both the kernel and libc. */
void vclock_read(const struct vclock *vc, int clock, struct timespec *ts);
/* ns cycles in nanoseconds: (cycles * mult) >> shift, exact for any
 * 64-bit cycle count (the 96-bit product is formed in 32-bit pieces). */
uint64_t vclock_scale(uint64_t cycles, uint32_t mult, uint32_t shift);
#endif
