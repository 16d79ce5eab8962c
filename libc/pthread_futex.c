/* The futex calls of the pthread synchronisation objects (pthread_sync.h,
 * docs/futex.md). */
#include <errno.h>
#include <pthread.h>
#include <shmos.h>
#include "pthread_sync.h"

static int private_flag(int pshared)
{
    return pshared ? 0 : FUTEX_PRIVATE_FLAG;
}

int __futex_wait(volatile unsigned *word, unsigned val, const struct timespec *abstime,
                 clockid_t clock, int pshared)
{
    if (abstime && abstime->tv_sec < 0)
        return ETIMEDOUT;           /* before the epoch: long past */
    int op = FUTEX_WAIT_BITSET | private_flag(pshared);
    if (clock == CLOCK_REALTIME)
        op |= FUTEX_CLOCK_REALTIME;
    int saved = errno;
    long r = futex((uint32_t *)word, op, val, abstime, NULL, FUTEX_BITSET_MATCH_ANY);
    int err = r < 0 ? errno : 0;
    errno = saved;
    return err == ETIMEDOUT ? ETIMEDOUT : 0;
}

void __futex_wake(volatile unsigned *word, int n, int pshared)
{
    int saved = errno;
    futex((uint32_t *)word, FUTEX_WAKE | private_flag(pshared), (uint32_t)n, NULL, NULL, 0);
    errno = saved;
}

int __check_abstime(const struct timespec *abstime)
{
    return abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000 ? EINVAL : 0;
}
