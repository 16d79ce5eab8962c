/* Address spaces: a page directory plus an ordered list of regions.
 * The region list is the only truth about a process's user memory: fork,
 * exit, exec, sbrk, the page-fault handler and copyin/copyout all consult it.
 *
 * An address space is shared by the threads of control created with
 * thread_create() (each a process of its own), so it is reference-counted
 * and locked: as->lock protects the region list, the break, the user half
 * of the page tables and npages. Functions marked [L] need as->lock held
 * (or the address space not yet published to any process, as exec's new
 * one); vm_fault, vm_sbrk, as_copy and the copy helpers take it themselves.
 * as->lock is a sleeping lock: fork copies every page under it, and the
 * CPU keeps taking interrupts meanwhile.
 * Lock order: as->lock -> shm_lock -> kmem lock (see docs/architecture.md). */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H
#include "types.h"
#include "sleeplock.h"

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

struct shm_segment;
struct region {
    uint32_t start, end;        /* page-aligned, [start, end); end == start only for an empty heap */
    uint8_t kind;               /* enum region_kind */
    uint8_t prot;               /* RP_* */
    struct shm_segment *seg;    /* RK_SHM: the segment; this region holds one attach reference */
};

struct addrspace {
    struct sleeplock lock;
    int refs;                   /* [as_pool_lock] processes using it; 0: free slot */
    volatile uint32_t cpumask;  /* [atomic] bit n: CPU n may cache its translations */
    pde_t *pgdir;               /* [I] kernel virtual address of the page directory */
    int nregions;               /* [lock] */
    struct region regions[NREGION];   /* [lock] sorted by start, non-overlapping */
    uint32_t heap_start;        /* [lock] first byte of the heap */
    uint32_t brk;               /* [lock] current break; the heap region ends at PG_ROUND_UP(brk) */
    uint32_t npages;            /* [lock] private pages mapped (read racily by ps) */
};

/* A new address space with an empty user half and the shared kernel half,
 * one reference held by the caller. NULL if out of memory or slots. */
struct addrspace *as_create(void);
/* Take another reference (a new thread of control). */
void as_hold(struct addrspace *as);
/* Drop a reference; the last one frees every private page, drops every
 * attachment and frees the page tables. No CPU may have as loaded in CR3
 * on behalf of the caller any more (switch away first). */
void as_put(struct addrspace *as);
/* A copy of src for fork: private pages copied, attachments shared (each
 * gains a reference). NULL if out of memory. Takes src->lock. */
struct addrspace *as_copy(struct addrspace *src);
/* Load as (NULL: the kernel-only directory) into CR3 on this CPU, keeping
 * cpumask true. */
void as_activate(struct addrspace *as);
/* Switch this CPU to the kernel-only page directory. */
void as_activate_kernel(void);

/* [L] Add a region; fails with -EINVAL if [start, end) is not page-aligned user
 * space or overlaps a region, -ENOMEM if the list is full. */
int region_add(struct addrspace *as, uint32_t start, uint32_t end, int kind, int prot,
               struct shm_segment *seg);
/* [L] The region containing va, or NULL. */
struct region *region_find(struct addrspace *as, uint32_t va);
/* [L] Is [start, end) free of regions (end > start)? */
bool region_range_free(const struct addrspace *as, uint32_t start, uint32_t end);
/* [L] Lowest page-aligned free range of len bytes within [lo, hi), or 0 if none. */
uint32_t region_find_gap(const struct addrspace *as, uint32_t len, uint32_t lo, uint32_t hi);
/* [L] Unmap a region's pages (freeing them if private, after every CPU's
 * TLB has dropped them), drop its attachment if shared (a detach), and
 * remove it from the list. */
void region_remove(struct addrspace *as, struct region *r);
/* [L] The same, but a shared region's reference is left to the caller (an
 * attach that failed half-way undoes itself without recording a detach). */
void region_forget(struct addrspace *as, struct region *r);

/* [L] Allocate zeroed private pages for [start, end) of an existing region.
 * 0 or -ENOMEM (pages mapped so far stay mapped and are freed with the region). */
int vm_populate(struct addrspace *as, uint32_t start, uint32_t end);
/* [L] Map the given physical pages at [start, start + n pages) with prot. 0 or -ENOMEM. */
int vm_map_shared(struct addrspace *as, uint32_t start, const paddr_t *pages, uint32_t n, int prot);
/* [L] Kernel pointer to the byte at user address va, faulting in
 * demand-filled pages; NULL if va is not accessible (or not writable when
 * write is set). The pointer is good only while as->lock stays held. */
void *vm_user_ptr(struct addrspace *as, uint32_t va, bool write);
/* Resolve a user page fault (takes as->lock). 0 if resolved, else a short reason string
 * (the caller kills the process). */
const char *vm_fault(struct addrspace *as, uint32_t va, bool write);
/* Move the break by incr bytes (takes as->lock). The old break or -ENOMEM. */
long vm_sbrk(struct addrspace *as, int32_t incr);
#endif
