/* The region list of an address space (region.c): sorted, non-overlapping
 * ranges of user addresses, each mapping a range of one memory object.
 * The list is the only truth about a process's user memory. Every
 * function needs as->lock (or an address space not yet published, as
 * exec's new one). Mapping pages is vm.c's business; this file only keeps
 * the list. */
#ifndef KERNEL_REGION_H
#define KERNEL_REGION_H
#include "types.h"

#define NREGION 256         /* regions per process */

#define RP_READ  1
#define RP_WRITE 2
#define RP_EXEC  4          /* recorded (the i386 cannot refuse to execute a readable page) */

/* What a region is for. Only reports and the break look at it; how its
 * pages behave is its object's business. */
enum region_role {
    RR_MAP = 1,     /* mmap, shmat, shm_attach */
    RR_TEXT,        /* program text and read-only data */
    RR_DATA,        /* program data and bss */
    RR_HEAP,        /* moved by sbrk; may be empty (start == end) */
    RR_STACK,
    RR_GUARD,       /* the gap below the stack: never mapped, no object */
    RR_VCLOCK,      /* the clock page: read-only, and the program may not
                     * unmap, replace or re-protect it (vm.c refuses) */
};

struct addrspace;
struct vmobj;
/* 16 bytes, so that a page holds an address space's NREGION. */
struct region {
    uaddr_t start, end;         /* page-aligned, [start, end) */
    struct vmobj *obj;          /* what it maps (one reference); NULL only for a guard */
    uint32_t pgoff : 20;        /* the object's page at start (objects hold at most 2^20) */
    uint32_t prot : 3;          /* RP_*: any bit makes it readable, RP_WRITE writable */
    uint32_t maxprot : 3;       /* what mprotect may grant (a read-only file or attachment: no RP_WRITE) */
    uint32_t role : 4;          /* enum region_role */
};
_Static_assert(sizeof(struct region) * NREGION == PAGE_SIZE, "a page holds the regions");

/* Insert a copy of *r (page-aligned user space, start < end but for an
 * empty heap) and set *out to it (out may be NULL; the pointer stays
 * valid until the list next changes). -EINVAL if it overlaps a region,
 * -ENOMEM if the list is full. */
int region_insert(struct addrspace *as, const struct region *r, struct region **out);
/* Take r out of the list (its object reference is the caller's now). */
void region_delete(struct addrspace *as, struct region *r);
/* Split r at page-aligned at (start < at < end): r keeps [start, at), a
 * new region [at, end) gets another reference to the object (and counts
 * as one more mapping of it); *hi is set to it and r may have moved, so
 * the caller re-finds r if it needs it. The upper part of the heap is a
 * plain mapping. 0 or -ENOMEM (list full). */
int region_split(struct addrspace *as, struct region *r, uaddr_t at, struct region **hi);
/* Join neighbours that map consecutive pages of one object alike (after
 * mprotect or a split that did not last). */
void region_coalesce(struct addrspace *as);
/* The region containing va, or NULL. */
struct region *region_find(struct addrspace *as, uaddr_t va);
/* The first region with this role, or NULL. */
struct region *region_by_role(struct addrspace *as, int role);
/* Is [start, end) free of regions (end > start)? */
bool region_range_free(const struct addrspace *as, uaddr_t start, uaddr_t end);
/* Lowest page-aligned free range of len bytes within [lo, hi), or 0 if none. */
uaddr_t region_find_gap(const struct addrspace *as, uint32_t len, uaddr_t lo, uaddr_t hi);
#endif
