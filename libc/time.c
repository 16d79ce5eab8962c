/* Time of day and calendar: time() (clock() is CPU time: resource.c), and the UTC conversions
 * between time_t and struct tm (proleptic Gregorian calendar, no leap
 * seconds). shmos has no real-time clock, so "now" counts from boot. */
#include <errno.h>
#include <time.h>

/* Seconds since boot. */
time_t time(time_t *t)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return (time_t)-1;
    if (t)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

static int is_leap(long long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days before each month in a common year. */
static const short month_start[13] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 };

/* a / b rounded down (b > 0). */
static long long floor_div(long long a, long long b)
{
    return a / b - (a % b < 0);
}

/* Leap years in [1, year) of the proleptic Gregorian calendar (negative
 * for years before 1, by the same rule). */
static long long leaps_before(long long year)
{
    long long y = year - 1;

    return floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

/* Days from 1970-01-01 to January 1st of year. */
static long long days_to_year(long long year)
{
    return 365 * (year - 1970) + leaps_before(year) - leaps_before(1970);
}

struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
    long long days = floor_div(*t, 86400);
    long secs = (long)(*t - days * 86400);

    tm->tm_sec = secs % 60;
    tm->tm_min = secs / 60 % 60;
    tm->tm_hour = secs / 3600;
    tm->tm_wday = (int)((days % 7 + 11) % 7);      /* 1970-01-01 was a Thursday (4) */
    /* A first guess from the mean year, then at most a step either way. */
    long long year = 1970 + floor_div(days * 400, 146097);
    while (days_to_year(year) > days)
        year--;
    while (days_to_year(year + 1) <= days)
        year++;
    int yday = (int)(days - days_to_year(year)), leap = is_leap(year), mon = 0;
    while (mon < 11 && yday >= month_start[mon + 1] + (leap && mon + 1 >= 2))
        mon++;
    tm->tm_year = (int)(year - 1900);
    tm->tm_yday = yday;
    tm->tm_mon = mon;
    tm->tm_mday = yday - month_start[mon] - (leap && mon >= 2) + 1;
    tm->tm_isdst = 0;
    return tm;
}

struct tm *gmtime(const time_t *t)
{
    static struct tm tm;

    return gmtime_r(t, &tm);
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
    return gmtime_r(t, tm);
}

struct tm *localtime(const time_t *t)
{
    return gmtime(t);
}

time_t timegm(struct tm *tm)
{
    long long year = tm->tm_year + 1900LL + floor_div(tm->tm_mon, 12);
    int mon = (int)(tm->tm_mon - floor_div(tm->tm_mon, 12) * 12);
    long long days = days_to_year(year) + month_start[mon] + (is_leap(year) && mon >= 2)
                     + tm->tm_mday - 1;
    long long secs = days * 86400 + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
    time_t t = (time_t)secs;

    if (t != secs) {
        errno = EOVERFLOW;
        return (time_t)-1;
    }
    gmtime_r(&t, tm);
    return t;
}

/* No time zones: local time is UTC. */
time_t mktime(struct tm *tm)
{
    return timegm(tm);
}
