/* POSIX semaphores, in user memory over the futex (libc/sem.c): unnamed
 * ones (sem_init) anywhere — process-shared when they live in shared
 * memory — and named ones (sem_open), each a small file /dev/shm/sem.NAME
 * that every opener maps. sem_wait and sem_post make no system call
 * unless a process must sleep or be woken. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H
#include <fcntl.h>
#include <sys/types.h>
#include <time.h>

typedef struct {
    volatile unsigned __value;      /* the count; the futex word */
    volatile unsigned __nwaiters;   /* processes asleep (or about to be) in a wait */
    int __pshared;
    volatile unsigned __magic;      /* set last when the semaphore is ready */
} sem_t;
#define SEM_FAILED ((sem_t *)0)
#define SEM_VALUE_MAX 0x7FFFFFFF

int sem_init(sem_t *sem, int pshared, unsigned value);
int sem_destroy(sem_t *sem);
/* sem_open(name, oflag) or, with O_CREAT, sem_open(name, oflag, mode_t mode,
 * unsigned value). Opening one name twice returns the same sem_t. */
sem_t *sem_open(const char *name, int oflag, ...);
int sem_close(sem_t *sem);
int sem_unlink(const char *name);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
/* sem_wait until abstime on CLOCK_REALTIME (which counts from boot on
 * shmos); ETIMEDOUT once it has passed, EINVAL for a bad tv_nsec. */
int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *sem, int *sval);
#endif
