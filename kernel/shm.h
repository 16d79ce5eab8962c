/* The shared-memory segment core: one table, one lifetime model, used by
 * every front end (xv6-style calls in shm_xv6.c; System V and POSIX later).
 *
 * Lifetime: a segment lives while it is attached anywhere (nattach > 0) or
 * not yet removed. "Removed" means no front end can find it any more (xv6
 * destroy, System V IPC_RMID); its pages are freed — exactly once — when it is
 * removed and the last attachment goes, whichever comes last. Every path that
 * drops an attachment (detach, exit, exec, a failed fork) goes through
 * shm_detach_ref(), the one place that decides.
 *
 * Ids: slot + SHM_SEGMENTS * sequence, where the slot's sequence number
 * advances every time the slot is freed, so a stale id never reaches the
 * slot's next segment. */
#ifndef KERNEL_SHM_H
#define KERNEL_SHM_H
#include "types.h"
#include "shmos/sysinfo.h"

#define SHM_SEGMENTS 64                 /* segments system-wide */
#define SHM_MAX_BYTES (4u << 20)        /* largest segment: 4 MiB (one page of page addresses) */

struct shm_segment;

void shm_init(void);
/* Create a segment of size bytes (rounded up to pages, zero-filled).
 * Returns its id, or -EINVAL (size 0 or above SHM_MAX_BYTES), -ENOSPC
 * (table full), -ENOMEM (no page leaked). */
int shm_create(uint32_t size);
/* Attach segment id to the current process at addr (page-aligned, the whole
 * range free user space), read-only unless writable. If once is set, a
 * second attachment of the same segment in this process is refused.
 * 0, or -EINVAL (bad id, address or overlap, or already attached with once),
 * -ENOMEM. */
int shm_attach(int id, uint32_t addr, bool writable, bool once);
/* Detach the current process's attachment of segment id. 0 or -EINVAL. */
int shm_detach(int id);
/* Remove segment id: fails with -EBUSY while attached if refuse_busy is set,
 * else the pages go at the last detach. 0, -EINVAL or -EBUSY. */
int shm_remove(int id, bool refuse_busy);

/* Attachment references, for the address-space code: fork adds one per
 * inherited region; removing an attached region drops one (and may free). */
void shm_attach_ref(struct shm_segment *seg);
void shm_detach_ref(struct shm_segment *seg);

/* Segments in use (leak checks) and a listing for ipcs. */
uint32_t shm_count(void);
int shm_snapshot(struct shminfo_rec *out, int max);
#endif
