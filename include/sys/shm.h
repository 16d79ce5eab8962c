/* System V shared memory. shmat returns (void *)-1 with errno on error. */
#ifndef _SYS_SHM_H
#define _SYS_SHM_H
#include <stddef.h>
#include <sys/ipc.h>
int shmget(key_t key, size_t size, int shmflg);
void *shmat(int shmid, const void *shmaddr, int shmflg);
int shmdt(const void *shmaddr);
int shmctl(int shmid, int cmd, struct shmid_ds *buf);
#endif
