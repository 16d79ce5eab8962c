/* monotime.h - monotonic time and short naps for the programs that build
 * for both shmos and Linux (user/consumer.c, user/producer.c, user/shm.c,
 * user/bench.c). Header-only: each of those programs is one .c file.
 * CLOCK_MONOTONIC is mandatory on both systems, so the clock is not
 * checked for failure. */
#ifndef PORTABLE_MONOTIME_H
#define PORTABLE_MONOTIME_H
#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds. */
static inline int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CLOCK_MONOTONIC in milliseconds. */
static inline int64_t mono_ms(void)
{
    return mono_ns() / 1000000;
}

/* Sleep for about ms milliseconds; EINTR ends it early, which is fine
 * because every caller polls a condition around it. */
static inline void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}
#endif
