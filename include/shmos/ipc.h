/* System V IPC ABI (Linux's names and flag values): keys, flags, commands
 * and the records shmctl(IPC_STAT) fills. */
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

#define SHM_RDONLY 010000      /* shmat: attach read-only */
#define SHM_RND    020000      /* shmat: round shmaddr down to SHMLBA */
#define SHM_DEST   01000       /* in shm_perm.mode: marked for removal */
#define SHMLBA     4096

struct ipc_perm {
    key_t __key;
    uint32_t uid, gid, cuid, cgid;   /* shmos has one user: all 0 */
    uint16_t mode;                   /* permission bits (stored, not enforced), SHM_DEST */
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
#endif
