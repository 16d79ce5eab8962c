/* System V semaphores (sem_sysv.c): sets of counters, semop's atomic
 * groups of operations, and each process's SEM_UNDO adjustments. The
 * system calls are semget, semtimedop and semctl; this header is what the
 * rest of the kernel needs. */
#ifndef KERNEL_SEM_SYSV_H
#define KERNEL_SEM_SYSV_H
#include "types.h"

struct proc;
struct sem_undo;

void semsys_init(void);
/* Apply and free p's SEM_UNDO adjustments (p is exiting; called by p
 * itself with no lock held). */
void semsys_exit(struct proc *p);
/* Semaphore sets in existence (leak checks, meminfo). */
uint32_t semsys_count(void);
#endif
