/* Time structures for nanosleep() and clock_gettime(). */
#ifndef SHMOS_TIME_H
#define SHMOS_TIME_H
#include <stdint.h>
typedef long time_t;            /* 32 bits on i386; long, as glibc, so %ld works */
struct timespec {
    time_t tv_sec;
    long   tv_nsec;
};
#define CLOCK_REALTIME  0   /* shmos has no RTC: same as CLOCK_MONOTONIC (since boot) */
#define CLOCK_MONOTONIC 1
#endif
