/* Priorities (nice values) and resource usage, as POSIX and glibc
 * declare them. Every process may lower any nice value (no uids yet);
 * getrusage fills only ru_utime and ru_stime. */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H
#include <sys/time.h>
#include <shmos/resource.h>

typedef unsigned int id_t;

struct rusage {
    struct timeval ru_utime;    /* user CPU time */
    struct timeval ru_stime;    /* system CPU time */
    long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
    long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* The least nice value (-20..19) of the processes which/who names
 * (PRIO_PROCESS, PRIO_PGRP, PRIO_USER; who 0: the caller's); -1 with
 * errno ESRCH or EINVAL (-1 is also a nice value: clear errno first). */
int getpriority(int which, id_t who);
/* Set their nice value (clamped to -20..19). 0, or -1 with errno. */
int setpriority(int which, id_t who, int prio);
/* RUSAGE_SELF or RUSAGE_CHILDREN (the reaped ones). 0, or -1 with errno. */
int getrusage(int who, struct rusage *usage);
#endif
