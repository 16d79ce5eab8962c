/* sysvipc.h - walking the System V segments and semaphore sets, for
 * user/ipcs.c and user/ipcrm.c (defined in user/lib/sysvipc.c). The same
 * calls build for shmos and for Linux:
 *
 *  - semaphore sets, on both systems: semctl(0, 0, SEM_INFO) gives the
 *    highest index in use of the kernel's table, and semctl(index, 0,
 *    SEM_STAT) each set's id and record (-1, EINVAL, for an unused index);
 *  - segments: on Linux the same with shmctl SHM_INFO / SHM_STAT; on shmos
 *    shm_list (<shmos.h>) gives the ids, shmctl IPC_STAT each record.
 *    shmos's segment table also holds the xv6 lab's segments
 *    (shm_create): they are listed too, with key 0 (IPC_PRIVATE).
 *
 * An object that goes between the listing and its record is skipped. On
 * Linux, define _DEFAULT_SOURCE before any header (SHM_STAT and SEM_STAT
 * under -std=c11). */
#ifndef PORTABLE_SYSVIPC_H
#define PORTABLE_SYSVIPC_H
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

/* A visitor: called with each object's id and record; a non-zero return
 * stops the walk, which then returns that value. */
typedef int (*sysv_shm_fn)(int id, const struct shmid_ds *ds, void *arg);
typedef int (*sysv_sem_fn)(int id, const struct semid_ds *ds, void *arg);

/* Calls fn for every System V segment, in table order. 0 when every one
 * was visited, fn's non-zero value, or -1 with errno if the table cannot
 * be read. */
int sysv_each_shm(sysv_shm_fn fn, void *arg);
/* The same for every semaphore set. */
int sysv_each_sem(sysv_sem_fn fn, void *arg);
#endif
