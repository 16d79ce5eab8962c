/* POSIX named semaphores. Unnamed ones (sem_init) are not supported. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H
#include <fcntl.h>
#include <sys/types.h>
#include <time.h>

typedef struct {
    int __id;               /* the kernel's semaphore id */
    unsigned __opens;       /* sem_open calls in this process not yet closed */
} sem_t;
#define SEM_FAILED ((sem_t *)0)
#define SEM_VALUE_MAX 0x7FFFFFFF

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
