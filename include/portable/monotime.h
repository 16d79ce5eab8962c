/* monotime.h - monotonic time and short naps for the programs that build
 * for both shmos and Linux (user/consumer.c, user/producer.c, user/shm.c,
 * user/bench/), defined in user/lib/monotime.c. CLOCK_MONOTONIC is
 * mandatory on both systems, so the clock is not checked for failure. */
#ifndef PORTABLE_MONOTIME_H
#define PORTABLE_MONOTIME_H
#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t mono_ns(void);
/* CLOCK_MONOTONIC in milliseconds. */
int64_t mono_ms(void);
/* Sleep for about ms milliseconds; EINTR ends it early, which is fine
 * because every caller polls a condition around it. */
void nap_ms(long ms);
#endif
