/* Clocks and sleeping. shmos has no real-time clock: CLOCK_REALTIME counts
 * from boot, like CLOCK_MONOTONIC. */
#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>
#include <shmos/time.h>

int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t clock, struct timespec *ts);
time_t time(time_t *t);
#endif
