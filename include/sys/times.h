/* Process CPU times in clock ticks (sysconf(_SC_CLK_TCK) a second). */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H
#include <sys/types.h>

struct tms {
    clock_t tms_utime;          /* user CPU time */
    clock_t tms_stime;          /* system CPU time */
    clock_t tms_cutime;         /* user time of reaped children */
    clock_t tms_cstime;         /* system time of reaped children */
};

/* Fill *buf; returns the ticks since an arbitrary point (boot), or
 * (clock_t)-1 with errno. */
clock_t times(struct tms *buf);
#endif
