/* The segment table (segment.c) used by both segment front ends (xv6-style
 * calls in shm_xv6.c, System V in shm_sysv.c). A segment is a name — an
 * id, a key, a mode, times — for a shmem object (vmobj.h), which owns the
 * pages; an attachment is an ordinary mapping of that object.
 *
 * Lifetime: a segment lives while it is mapped anywhere or not yet
 * removed. "Removed" means no front end can attach it any more (xv6
 * destroy, System V IPC_RMID) and its key is released; its object — and
 * so its pages — goes when it is removed and the last mapping goes,
 * whichever comes last. Every path that drops a mapping (detach, exit,
 * exec, munmap, a failed fork) tells the table through the object's
 * watcher, and seg_maybe_release() (segment.c) is the one place that decides.
 *
 * Ids: slot + SEG_MAX * sequence, where the slot's sequence number
 * advances every time the slot is freed, so a stale id never reaches the
 * slot's next segment. */
#ifndef KERNEL_SEGMENT_H
#define KERNEL_SEGMENT_H
#include "types.h"
#include "shmos/ipc.h"
#include "shmos/sysinfo.h"

#define SEG_MAX SHM_SEGS_MAX       /* segments system-wide */
/* Largest segment (shmget's SHMMAX, and shm_create's limit): 1 GiB, more
 * than the memory shmos is given, so what memory allows decides (ENOMEM). */
#define SEG_MAX_BYTES (1u << 30)
#define SEG_NO_KEY IPC_PRIVATE


/* segment_get flags */
#define SEG_GET_CREATE 1                /* create if the key is absent (always, for SEG_NO_KEY) */
#define SEG_GET_EXCL   2                /* fail with -EEXIST if the key exists */
/* segment_attach flags */
#define SEG_AT_RDONLY   1
#define SEG_AT_ONCE     2               /* refuse a second attachment in this process */
#define SEG_AT_ANYWHERE 4               /* addr == 0: the kernel picks the address */

void segment_init(void);
/* Find the segment with this key, or create one of size bytes (rounded up
 * to pages, zero-filled) with the given permission bits, owned by the
 * caller's euid and egid. Returns the id, or -ENOENT (absent, no create),
 * -EEXIST, -EACCES (found, but the caller may not have what mode asks), -EINVAL (size 0 or above the limit
 * when creating; above the segment's size when finding), -ENOSPC (table
 * full), -ENOMEM (no page leaked). */
int segment_get(key_t key, uint32_t size, int flags, uint32_t mode);
/* Attach segment id to the current process at addr (page-aligned, the whole
 * range free user space) or, with SEG_AT_ANYWHERE and addr 0, at a free
 * address the kernel picks in [USER_MMAP_BASE, USER_MMAP_TOP). Sets *where.
 * 0, or -EINVAL (bad id, address, overlap, or second attachment with
 * SEG_AT_ONCE), -EIDRM (removed), -EACCES (the caller may not read it,
 * or write it without SEG_AT_RDONLY), -ENOMEM. */
int segment_attach(int id, uaddr_t addr, int flags, uaddr_t *where);
/* Detach the current process's attachment of segment id (xv6) or the one
 * that starts at addr (System V). 0 or -EINVAL. */
int segment_detach_id(int id);
int segment_detach_addr(uaddr_t addr);
/* Remove segment id: fails with -EBUSY while attached if refuse_busy is
 * set, else the pages go at the last detach. Without refuse_busy, removing
 * a removed segment is a no-op. 0, -EINVAL, -EPERM (not the owner,
 * creator or root) or -EBUSY. */
int segment_remove(int id, bool refuse_busy);
/* Fill *ds for segment id (removed ones too, with SHM_DEST). 0, -EINVAL
 * or -EACCES (the caller may not read it). */
int segment_stat(int id, struct shmid_ds *ds);
/* Set the owner and permission bits of segment id (IPC_SET). 0, -EINVAL
 * or -EPERM (the caller is not its owner, creator or root). */
int segment_set(int id, uint32_t uid, uint32_t gid, uint32_t mode);

/* Segments in use (leak checks). */
uint32_t segment_count(void);
/* A listing for ipcs, a batch at a time: up to max records of the live
 * segments from table slot *slot on; advances *slot past the last one
 * taken. Returns how many (0: no more). Takes seg_lock. */
int segment_snapshot(struct shminfo_rec *out, int max, int *slot);
#endif
