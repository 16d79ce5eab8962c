/* System V IPC ABI (Linux's names and flag values): keys, flags, commands
 * and the records shmctl(IPC_STAT) and semctl fill. */
#ifndef SHMOS_IPC_H
#define SHMOS_IPC_H
#include <stddef.h>
#include <stdint.h>
#include "shmos/time.h"

#ifndef _SHMOS_KEY_T
#define _SHMOS_KEY_T
typedef int key_t;          /* also declared by <sys/types.h>, under the same guard */
#endif
typedef unsigned long shmatt_t;
#define IPC_PRIVATE ((key_t)0)
#define IPC_CREAT  01000
#define IPC_EXCL   02000
#define IPC_NOWAIT 04000
#define IPC_RMID 0
#define IPC_SET  1
#define IPC_STAT 2
#define IPC_INFO 3                 /* semctl: the limits, into a struct seminfo */

#define SHM_RDONLY 010000      /* shmat: attach read-only */
#define SHM_RND    020000      /* shmat: round shmaddr down to SHMLBA */
#define SHM_DEST   01000       /* in shm_perm.mode: marked for removal */
#define SHMLBA     4096

struct ipc_perm {
    key_t __key;
    uint32_t uid, gid, cuid, cgid;   /* owner and creator */
    uint16_t mode;                   /* permission bits (enforced: kernel/cred.h), SHM_DEST */
    uint16_t __seq;
};

struct shmid_ds {
    struct ipc_perm shm_perm;
    size_t shm_segsz;                /* bytes */
    time_t shm_atime;                /* last attach, seconds since boot (0: never) */
    time_t shm_dtime;                /* last detach */
    time_t shm_ctime;                /* creation or last IPC_SET/IPC_RMID */
    int shm_cpid;                    /* creator (a pid_t) */
    int shm_lpid;                    /* last attach or detach (a pid_t) */
    shmatt_t shm_nattch;
};

/* System V semaphores */
#define SEM_UNDO 0x1000            /* sem_flg: undo this operation at exit */
#define GETPID  11                 /* semctl commands */
#define GETVAL  12
#define GETALL  13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL  16
#define SETALL  17
#define SEM_STAT 18                /* semnum-free: IPC_STAT by table index; returns the id */
#define SEM_INFO 19                /* IPC_INFO, plus use counts; returns the highest index in use */

/* shmos's limits (Linux's names; IPC_INFO reports them) */
#define SHM_SEGS_MAX  4096         /* SHMMNI: segments system-wide (xv6 and System V) */
#define SEM_SETS_MAX  128          /* SEMMNI: sets system-wide */
#define SEM_NSEMS_MAX 250          /* SEMMSL: semaphores per set */
#define SEM_NOPS_MAX  32           /* SEMOPM: operations per semop call */
#define SEM_VAL_MAX   32767        /* SEMVMX: largest semaphore value */

struct sembuf {
    unsigned short sem_num;          /* index in the set */
    short sem_op;                    /* < 0 take, 0 wait for zero, > 0 give */
    short sem_flg;                   /* IPC_NOWAIT, SEM_UNDO */
};

struct semid_ds {
    struct ipc_perm sem_perm;
    time_t sem_otime;                /* last semop, seconds since boot (0: never) */
    time_t sem_ctime;                /* creation or last IPC_SET/SETVAL/SETALL */
    unsigned long sem_nsems;
};

struct seminfo {                     /* semctl IPC_INFO / SEM_INFO (Linux's layout) */
    int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};

#endif
