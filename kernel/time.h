/* Time (time.c): the clock every core file reads, and the tick that ends
 * timed sleeps. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H
#include "types.h"
#include "shmos/time.h"
/* Nanoseconds since boot (the port's clock_ns). */
uint64_t time_ns(void);
/* Whole seconds since boot (the System V time stamps). */
time_t time_sec(void);
/* Move the clock page's base on (arch.h clock_advance) and
 * wake the sleepers whose time has come (every CPU's tick). */
void time_tick(void);
#endif
