/* Named semaphores (POSIX sem_open & co.), kernel side.
 * A semaphore exists from its creation until it is unlinked and no process
 * has it open any more. Each process keeps a small table of the semaphores
 * it has open (with an open count, since sem_open of one name twice gives
 * one handle); fork copies it, exit and exec close everything in it. */
#ifndef KERNEL_SEM_H
#define KERNEL_SEM_H
#include "types.h"

#define NSEM 64             /* semaphores system-wide (ENOSPC beyond) */
#define NSEM_OPEN 16        /* open per process (EMFILE beyond) */
#define SEM_VALUE_MAX 0x7FFFFFFF

struct ksem;
struct sem_handles {
    struct ksem *sem[NSEM_OPEN];    /* [O] */
    uint32_t opens[NSEM_OPEN];      /* [O] sem_open calls not yet closed */
};

void sem_init(void);
/* dst gets every handle of src (each semaphore gains an opener). */
void sem_fork(struct sem_handles *dst, const struct sem_handles *src);
/* Close every handle (exit, exec). */
void sem_close_all(struct sem_handles *h);
/* Semaphores in existence (leak checks). */
uint32_t sem_count(void);
#endif
