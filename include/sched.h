/* Scheduling: sched_yield() gives up the CPU. */
#ifndef _SCHED_H
#define _SCHED_H
int sched_yield(void);
#endif
