/* System V semaphores. union semun is the caller's to define, as POSIX
 * says; semctl's fourth argument is one (passed by value). Errors: -1 with
 * errno. */
#ifndef _SYS_SEM_H
#define _SYS_SEM_H
#include <stddef.h>
#include <sys/ipc.h>
#include <time.h>
int semget(key_t key, int nsems, int semflg);
int semop(int semid, struct sembuf *sops, size_t nsops);
/* semop, giving up with EAGAIN after the relative timeout (NULL: never). */
int semtimedop(int semid, struct sembuf *sops, size_t nsops, const struct timespec *timeout);
int semctl(int semid, int semnum, int cmd, ...);
#endif
