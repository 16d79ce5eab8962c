/* Credentials (cred.c): a process's user and group ids, the system calls
 * that read and change them, and the one permission check every object
 * with an owner and mode bits uses (files, System V segments and
 * semaphores, kill). Root is euid 0. A process's cred is written only by
 * the process itself (its set*id calls, exec of a set-id program) and
 * copied by fork; kill reads another's ruid and suid under ptable_lock
 * while the owner may be changing them: each is one aligned 32-bit word,
 * so a reader sees the old or the new id. */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H
#include "types.h"

#define CRED_NGROUPS 16          /* supplementary groups (NGROUPS_MAX) */
#define CRED_ID_KEEP 0xFFFFFFFFu /* (uid_t)-1 in set*id and chown: leave this id unchanged */

/* cred_permit's want bits, as the "other" mode bits. */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4

struct cred {
    uint32_t ruid, euid, suid;   /* real, effective, saved user id */
    uint32_t rgid, egid, sgid;   /* real, effective, saved group id */
    uint32_t ngroups;            /* groups[0..ngroups) */
    uint32_t groups[CRED_NGROUPS];
};

/* Does c belong to group gid (effective or supplementary)? */
bool cred_in_group(const struct cred *c, uint32_t gid);
/* May c do want (MAY_* bits) to an object owned by uid:gid with mode
 * (permission bits, with S_IFDIR for a directory)? The owner bits apply if
 * c's euid is the owner, else the group bits if c is in the group, else
 * the other bits. Root may do anything, except execute a non-directory
 * that has no x bit at all. 0 or -EACCES. */
int cred_permit(const struct cred *c, uint32_t uid, uint32_t gid, uint32_t mode, int want);
/* The want bits a System V get call (shmget, semget) asks for with the
 * permission bits of its flag: any of a class's r/w bits (Linux's
 * ipcperms). */
static inline int cred_ipc_want(uint32_t flag)
{
    return (int)(((flag >> 6) | (flag >> 3) | flag) & 7);
}
/* May c change or remove an object owned by uid, created by cuid (IPC_SET,
 * IPC_RMID)? Root, the owner or the creator. 0 or -EPERM. */
int cred_owns(const struct cred *c, uint32_t uid, uint32_t cuid);
/* May c change the owner of an object owned by uid:gid to nuid:ngid
 * (CRED_ID_KEEP: unchanged)? Root may give it to anyone; its owner may
 * only set the group, to one c belongs to (Linux's chown_ok, chgrp_ok).
 * 0 or -EPERM. */
int cred_may_chown(const struct cred *c, uint32_t uid, uint32_t gid, uint32_t nuid, uint32_t ngid);
/* Exec's change of c: a program file (mode, owned by uid:gid) with
 * S_ISUID runs with its owner as effective uid, one with S_ISGID and
 * group execute with its group as effective gid, unless !setid_ok (a
 * traced process: its calls are reported to another); then the saved ids
 * become the effective ones (POSIX, Linux). */
void cred_exec(struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid, bool setid_ok);
/* May sender signal a process whose credentials are target? Root, or the
 * sender's real or effective uid is the target's real or saved uid. */
bool cred_may_signal(const struct cred *sender, const struct cred *target);
#endif
