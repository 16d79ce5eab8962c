/* Time (time.c): the clock every core file reads, and the tick counter
 * that sleepers wait on. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H
#include "types.h"
#include "shmos/time.h"
/* Nanoseconds since boot (the port's clock_ns). */
uint64_t time_ns(void);
/* Whole seconds since boot (the System V time stamps). */
time_t time_sec(void);
/* Count a tick and wake the sleepers whose time has come (CPU 0's tick). */
void time_tick(void);
#endif
