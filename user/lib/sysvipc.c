/* Walking the System V segments and semaphore sets (include/portable/
 * sysvipc.h): by table index with SEM_INFO / SEM_STAT (and, on Linux,
 * SHM_INFO / SHM_STAT), or through shm_list on shmos. */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* SHM_STAT, SEM_STAT, struct seminfo under -std=c11 */
#endif
#include <errno.h>
#include "sysvipc.h"
#ifdef __shmos__
#include <shmos.h>
#endif

/* semctl's fourth argument, which POSIX leaves to the caller to define. */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

int sysv_each_sem(sysv_sem_fn fn, void *arg)
{
    struct seminfo info;
    union semun a = { .__buf = &info };
    int max = semctl(0, 0, SEM_INFO, a);
    if (max < 0)
        return -1;
    for (int i = 0; i <= max; i++) {
        struct semid_ds ds;
        union semun b = { .buf = &ds };
        int id = semctl(i, 0, SEM_STAT, b);
        if (id < 0)
            continue;               /* an unused index, or removed meanwhile */
        int r = fn(id, &ds, arg);
        if (r != 0)
            return r;
    }
    return 0;
}

#ifdef __shmos__
/* Larger than the kernel's table (64), so a listing is never cut short. */
#define MAX_RECORDS SHM_SEGS_MAX

int sysv_each_shm(sysv_shm_fn fn, void *arg)
{
    static struct shminfo_rec recs[MAX_RECORDS];
    int n = shm_list(recs, MAX_RECORDS);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        struct shmid_ds ds;
        if (shmctl(recs[i].id, IPC_STAT, &ds) < 0)
            continue;               /* freed since the listing */
        int r = fn(recs[i].id, &ds, arg);
        if (r != 0)
            return r;
    }
    return 0;
}
#else
int sysv_each_shm(sysv_shm_fn fn, void *arg)
{
    struct shm_info info;
    int max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);
    if (max < 0)
        return -1;
    for (int i = 0; i <= max; i++) {
        struct shmid_ds ds;
        int id = shmctl(i, SHM_STAT, &ds);
        if (id < 0)
            continue;               /* an unused index, or freed meanwhile */
        int r = fn(id, &ds, arg);
        if (r != 0)
            return r;
    }
    return 0;
}
#endif
