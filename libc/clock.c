/* The clocks without a system call: clock_gettime(CLOCK_MONOTONIC and
 * CLOCK_REALTIME) and gettimeofday read the kernel's clock page
 * (<shmos/vclock.h>, mapped read-only at USER_VCLOCK into every process)
 * with the kernel's own reader (common/vclock.c). Other clock ids go to
 * the system call, which knows no others: EINVAL, as Linux for an unknown
 * id. Like glibc's vDSO path, these write the result in user space, so a
 * bad pointer faults (SIGSEGV) instead of failing with EFAULT. */
#include <sys/time.h>
#include <time.h>
#include <shmos/layout.h>
#include <shmos/vclock.h>

/* The system call itself (the generated stub). */
int __clock_gettime(clockid_t clock, struct timespec *ts);

#define VCLOCK ((const struct vclock *)USER_VCLOCK)

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
        return __clock_gettime(clock, ts);
    vclock_read(VCLOCK, clock, ts);
    return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    if (tv) {
        struct timespec ts;
        vclock_read(VCLOCK, CLOCK_REALTIME, &ts);
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    if (tz) {
        struct timezone *z = tz;
        z->tz_minuteswest = 0;
        z->tz_dsttime = 0;
    }
    return 0;
}
