/* Clocks, sleeping and calendar time. shmos has no real-time clock:
 * CLOCK_REALTIME and time() count from boot, like CLOCK_MONOTONIC, so
 * calendar dates start at 1970-01-01 00:00:00 at boot. There are no time
 * zones: localtime is gmtime (UTC). */
#ifndef _TIME_H
#define _TIME_H
#include <stddef.h>
#include <sys/types.h>
#include <shmos/time.h>

/* clock(): the process's CPU time (user + system), in microseconds; -1 on
 * failure. */
#define CLOCKS_PER_SEC 1000000L

struct tm {
    int tm_sec;      /* 0..60 */
    int tm_min;      /* 0..59 */
    int tm_hour;     /* 0..23 */
    int tm_mday;     /* 1..31 */
    int tm_mon;      /* 0..11 */
    int tm_year;     /* years since 1900 */
    int tm_wday;     /* 0..6, Sunday = 0 */
    int tm_yday;     /* 0..365 */
    int tm_isdst;    /* always 0 (UTC) */
};

int nanosleep(const struct timespec *req, struct timespec *rem);
/* CLOCK_MONOTONIC and CLOCK_REALTIME are read from the clock page, without
 * a system call (a bad ts faults, as with glibc's vDSO); other ids fail
 * with EINVAL. time() reads the same clock. */
int clock_gettime(clockid_t clock, struct timespec *ts);
time_t time(time_t *t);
clock_t clock(void);

/* Broken-down UTC time of *t: the _r forms fill *tm and return it; the
 * others return a static struct that the next call overwrites. */
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm);
/* The time_t of a UTC broken-down time; fields out of range are carried
 * (tm_mday 32 is the next month's 1st) and *tm is rewritten normalized.
 * (time_t)-1 with EOVERFLOW if the result does not fit in a time_t. */
time_t timegm(struct tm *tm);
time_t mktime(struct tm *tm);
/* Formats tm by fmt into s (at most max bytes, the NUL included); returns
 * the length, or 0 if it did not fit. The C locale's conversions: a A b B
 * c C d D e F g G h H I j k l m M n p P r R s S t T u U V w W x X y Y z Z %
 * (E and O modifiers ignored); %z is +0000 and %Z UTC. */
size_t strftime(char *restrict s, size_t max, const char *restrict fmt, const struct tm *restrict tm);
#endif
