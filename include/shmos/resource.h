/* Priorities and CPU time, as the kernel hands them over (getpriority,
 * setpriority, times, getrusage): shared by the kernel and libc's
 * <sys/resource.h> and <sys/times.h>. Layouts are Linux i386's. */
#ifndef SHMOS_RESOURCE_H
#define SHMOS_RESOURCE_H
#include <stdint.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)

/* times(): CPU times in clock ticks of SHMOS_CLK_TCK a second. */
#define SHMOS_CLK_TCK 100
struct shmos_tms {
    int32_t utime, stime;       /* the caller's user and system time */
    int32_t cutime, cstime;     /* of its reaped children (and theirs) */
};

/* getrusage(): struct rusage; shmos fills only the two times. */
struct shmos_timeval {
    int32_t sec, usec;
};
struct shmos_rusage {
    struct shmos_timeval utime, stime;
    int32_t other[14];          /* maxrss ... nivcsw: zero */
};
#endif
