/* Priorities and CPU time: nice, getpriority (the kernel's 20 - nice made
 * a nice value again), times and clock (CPU time, from times' ticks would
 * be coarse: clock uses getrusage's microseconds). setpriority and
 * getrusage are plain stubs. */
#include <errno.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

int __getpriority(int which, int who);
long __times(struct shmos_tms *buf);

int getpriority(int which, id_t who)
{
    int r = __getpriority(which, (int)who);
    return r < 0 ? r : 20 - r;          /* -1 with errno stays -1 */
}

/* nice: add inc to the caller's nice value; the new value, or -1 with
 * errno (-1 is also a value: POSIX says clear errno first). */
int nice(int inc)
{
    errno = 0;
    int cur = getpriority(PRIO_PROCESS, 0);
    if (cur == -1 && errno)
        return -1;
    int want = cur + inc;
    if (want < -20)
        want = -20;
    if (want > 19)
        want = 19;
    if (setpriority(PRIO_PROCESS, 0, want) < 0)
        return -1;
    return getpriority(PRIO_PROCESS, 0);
}

clock_t times(struct tms *buf)
{
    struct shmos_tms t;
    long r = __times(&t);
    if (r < 0)
        return (clock_t)-1;
    if (buf)
        *buf = (struct tms){ t.utime, t.stime, t.cutime, t.cstime };
    return (clock_t)r;
}

/* The caller's user + system CPU time in microseconds (CLOCKS_PER_SEC);
 * wraps after about 35 minutes of CPU (clock_t is 32 bits, as glibc's
 * is on i386). */
clock_t clock(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0)
        return (clock_t)-1;
    unsigned long us = (unsigned long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000ul +
                       (unsigned long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    return (clock_t)(us & 0x7fffffff);
}
