/* Regions and the pages behind them (vm.c): adding and removing regions,
 * filling them, page faults, the break. The region list of an address
 * space (addrspace.h) is the only truth about a process's user memory:
 * fork, exit, exec, sbrk, the page-fault handler and copyin/copyout all
 * consult it. Functions that say "needs as->lock" are called with it held
 * (or with an address space not yet published to any process, as exec's
 * new one); the others take it themselves. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H
#include "types.h"

#define NREGION 40          /* regions per process: text, data, heap, guard, stack + attachments */

enum region_kind {
    RK_TEXT = 1,    /* program text and read-only data: private, read-only */
    RK_DATA,        /* program data and bss: private, read-write */
    RK_HEAP,        /* grown and shrunk by sbrk: private, read-write, eager */
    RK_GUARD,       /* below the stack: never mapped, reserved */
    RK_STACK,       /* private, read-write, filled on first touch */
    RK_SHM,         /* a shared-memory attachment: pages owned by the segment */
};
#define RP_READ  1
#define RP_WRITE 2

struct addrspace;
struct shm_segment;
struct region {
    uaddr_t start, end;         /* page-aligned, [start, end); end == start only for an empty heap */
    uint8_t kind;               /* enum region_kind */
    uint8_t prot;               /* RP_* */
    struct shm_segment *seg;    /* RK_SHM: the segment; this region holds one attach reference */
};

/* Needs as->lock. Add a region and set *out to it (out may be NULL); it
 * stays valid until the next change of the list. -EINVAL if [start, end)
 * is not page-aligned user space or overlaps a region, -ENOMEM if the list
 * is full. */
int region_add(struct addrspace *as, uaddr_t start, uaddr_t end, int kind, int prot,
               struct shm_segment *seg, struct region **out);
/* Needs as->lock. The region containing va, or NULL. */
struct region *region_find(struct addrspace *as, uaddr_t va);
/* Needs as->lock. Is [start, end) free of regions (end > start)? */
bool region_range_free(const struct addrspace *as, uaddr_t start, uaddr_t end);
/* Needs as->lock. Lowest page-aligned free range of len bytes within
 * [lo, hi), or 0 if none. */
uaddr_t region_find_gap(const struct addrspace *as, uint32_t len, uaddr_t lo, uaddr_t hi);
/* Needs as->lock. Unmap a region's pages (freeing them if private, after
 * every CPU's TLB has dropped them), drop its attachment if shared (a
 * detach), and remove it from the list. */
void region_remove(struct addrspace *as, struct region *r);
/* Needs as->lock. The same, but a shared region's reference is left to
 * the caller (an attach that failed half-way undoes itself without
 * recording a detach). */
void region_forget(struct addrspace *as, struct region *r);

/* Needs as->lock. Allocate zeroed private pages for [start, end) of an
 * existing region. 0 or -ENOMEM (pages mapped so far stay mapped and are
 * freed with the region). */
int vm_populate(struct addrspace *as, uaddr_t start, uaddr_t end);
/* Needs as->lock. Map the given physical pages at [start, start + n
 * pages) with prot. 0 or -ENOMEM. */
int vm_map_shared(struct addrspace *as, uaddr_t start, const paddr_t *pages, uint32_t n, int prot);
/* Needs as->lock. Kernel pointer to the byte at user address va,
 * faulting in demand-filled pages; NULL if va is not accessible (or not
 * writable when write is set). The pointer is good only while as->lock
 * stays held. */
void *vm_user_ptr(struct addrspace *as, uaddr_t va, bool write);
/* Resolve a user page fault (takes as->lock). NULL if resolved, else a
 * short reason (the caller kills the process). */
const char *vm_fault(struct addrspace *as, uaddr_t va, bool write);
/* Move the break by incr bytes (takes as->lock). The old break or -ENOMEM. */
long vm_sbrk(struct addrspace *as, int32_t incr);
#endif
