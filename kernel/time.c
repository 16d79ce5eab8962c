/* Clocks and sleeping. A sleeper waits with a deadline (sleep_until): the
 * first tick after it (of a busy CPU, or the one-shot the last CPU to go
 * idle armed for it: sched.c) wakes the sleeper, which re-checks the
 * clock, so a sleep lasts at least what was asked and costs no wake-up
 * before its time. */
#include "time.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "uaccess.h"
#include "shmos/time.h"

/* The lock a sleeper hands to sleep_until (it guards nothing else). */
static struct spinlock nap_lock = SPINLOCK_INIT("nap");

uint64_t time_ns(void)
{
    return clock_ns();
}

time_t time_sec(void)
{
    return (time_t)(time_ns() / 1000000000u);
}

void time_tick(void)
{
    clock_advance();
    wakeup_expired(time_ns());
}

static void ns_to_timespec(uint64_t ns, struct timespec *ts)
{
    ts->tv_sec = (time_t)(ns / 1000000000u);
    ts->tv_nsec = (long)(ns % 1000000000u);
}

/* clock_gettime: nanoseconds since boot for both clocks. 0, -EINVAL, -EFAULT. */
long sys_clock_gettime(int clock, uaddr_t uts)
{
    if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
        return -EINVAL;
    struct timespec ts;
    ns_to_timespec(time_ns(), &ts);
    return copyout(uts, &ts, sizeof(ts));
}

/* nanosleep: sleeps at least req. 0, -EINVAL, -EFAULT, or -EINTR (killed;
 * the remainder in *rem). */
long sys_nanosleep(uaddr_t ureq, uaddr_t urem)
{
    struct timespec req;
    if (copyin(&req, ureq, sizeof(req)) < 0)
        return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
        return -EINVAL;
    uint64_t deadline = time_ns() + (uint64_t)req.tv_sec * 1000000000u + (uint64_t)req.tv_nsec;
    spin_lock(&nap_lock);
    while (time_ns() < deadline && !proc_killed())
        sleep_until(&req, &nap_lock, deadline);     /* &req: a channel nobody else uses */
    spin_unlock(&nap_lock);
    uint64_t now = time_ns();
    if (now < deadline) {
        struct timespec rem;
        ns_to_timespec(deadline - now, &rem);
        if (urem && copyout(urem, &rem, sizeof(rem)) < 0)
            return -EFAULT;
        return -EINTR;
    }
    return 0;
}
