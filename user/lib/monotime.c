/* Monotonic time and short naps (include/portable/monotime.h). */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* nanosleep even with -std=c11 */
#endif
#include "monotime.h"

int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t mono_ms(void)
{
    return mono_ns() / 1000000;
}

void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}
