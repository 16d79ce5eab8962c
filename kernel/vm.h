/* Address spaces: a page directory plus an ordered list of regions.
 * The region list is the only truth about a process's user memory: fork,
 * exit, exec, sbrk, the page-fault handler and copyin/copyout all consult it.
 * All functions here are [O]: called by the owning process (or its creator
 * before it runs); none takes a lock on the address space. */
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

struct shm_segment;
struct region {
    uint32_t start, end;        /* page-aligned, [start, end); end == start only for an empty heap */
    uint8_t kind;               /* enum region_kind */
    uint8_t prot;               /* RP_* */
    struct shm_segment *seg;    /* RK_SHM: the segment; this region holds one attach reference */
};

struct addrspace {
    pde_t *pgdir;               /* kernel virtual address of the page directory */
    int nregions;
    struct region regions[NREGION];   /* sorted by start, non-overlapping */
    uint32_t heap_start;        /* first byte of the heap */
    uint32_t brk;               /* current break; the heap region ends at PG_ROUND_UP(brk) */
    uint32_t npages;            /* private pages mapped (read racily by ps) */
};

/* Give as an empty user half and the shared kernel half. 0 or -ENOMEM. */
int as_init(struct addrspace *as);
/* Free every private page, drop every attachment, free the page tables and
 * the directory. as must not be the one loaded in CR3. */
void as_destroy(struct addrspace *as);
/* Make dst a copy of src for fork: private pages copied, attachments shared
 * (each gains a reference). 0 or -ENOMEM, with dst fully destroyed on error. */
int as_copy(struct addrspace *dst, const struct addrspace *src);
/* Load as into CR3 on this CPU (the kernel half is always present). */
void as_activate(const struct addrspace *as);
/* Switch this CPU to the kernel-only page directory. */
void as_activate_kernel(void);

/* Add a region; fails with -EINVAL if [start, end) is not page-aligned user
 * space or overlaps a region, -ENOMEM if the list is full. */
int region_add(struct addrspace *as, uint32_t start, uint32_t end, int kind, int prot,
               struct shm_segment *seg);
/* The region containing va, or NULL. */
struct region *region_find(struct addrspace *as, uint32_t va);
/* Is [start, end) free of regions (end > start)? */
bool region_range_free(const struct addrspace *as, uint32_t start, uint32_t end);
/* Lowest page-aligned free range of len bytes within [lo, hi), or 0 if none. */
uint32_t region_find_gap(const struct addrspace *as, uint32_t len, uint32_t lo, uint32_t hi);
/* Unmap a region's pages (freeing them if private), drop its attachment if
 * shared (a detach), and remove it from the list. */
void region_remove(struct addrspace *as, struct region *r);
/* The same, but a shared region's reference is left to the caller (an
 * attach that failed half-way undoes itself without recording a detach). */
void region_forget(struct addrspace *as, struct region *r);

/* Allocate zeroed private pages for [start, end) of an existing region.
 * 0 or -ENOMEM (pages mapped so far stay mapped and are freed with the region). */
int vm_populate(struct addrspace *as, uint32_t start, uint32_t end);
/* Map the given physical pages at [start, start + n pages) with prot. 0 or -ENOMEM. */
int vm_map_shared(struct addrspace *as, uint32_t start, const paddr_t *pages, uint32_t n, int prot);
/* Kernel pointer to the byte at user address va, faulting in demand-filled
 * pages; NULL if va is not accessible (or not writable when write is set). */
void *vm_user_ptr(struct addrspace *as, uint32_t va, bool write);
/* Resolve a user page fault. 0 if resolved, else a short reason string
 * (the caller kills the process). */
const char *vm_fault(struct addrspace *as, uint32_t va, bool write);
/* Move the break by incr bytes. Returns the old break or -ENOMEM. */
long vm_sbrk(struct addrspace *as, int32_t incr);
#endif
