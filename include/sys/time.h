/* Time of day in microseconds (gettimeofday), as glibc declares it. shmos
 * has no real-time clock: like CLOCK_REALTIME, it counts from boot. */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H
#include <sys/types.h>

struct timeval {
    time_t      tv_sec;
    suseconds_t tv_usec;        /* 0..999999 */
};

/* What a non-NULL tz receives: always zeros (UTC, no daylight saving),
 * as Linux reports with no time zone set. */
struct timezone {
    int tz_minuteswest;
    int tz_dsttime;
};

/* The time of day into *tv (unless NULL) and, if tz is not NULL, zeros
 * into the struct timezone it points at. Always 0. Reads the clock page
 * (no system call); a bad pointer faults (SIGSEGV), as with glibc. */
int gettimeofday(struct timeval *restrict tv, void *restrict tz);
#endif
