/* Memory objects (vmobj.c): what every region of every address space
 * maps. An object owns pages by index and frees each exactly once; a
 * region maps a range of one object and never asks what kind it is. Two
 * kinds, two sets of operations:
 *   anonymous  private memory (text, data, heap, stack, MAP_PRIVATE): a
 *              fork copies it; pages no region maps any more are freed at
 *              once; it may copy its pages on first touch from a source
 *              object (a private mapping of a file);
 *   shmem      shared memory, one kind for every shared thing (xv6 and
 *              System V segments, POSIX shm objects, tmpfs files,
 *              MAP_SHARED|MAP_ANONYMOUS): a fork shares it, pages stay
 *              until the object shrinks or goes.
 * Lifetime: refs counts every holder — regions, front-end names, open
 * files; the last vmobj_put frees the pages and the object. nmaps counts
 * the regions mapping it (System V's shm_nattch); a watcher (the segment
 * front ends) hears of each region that stops mapping it.
 * Lock tags and order: docs/architecture.md, "Locking". */
#ifndef KERNEL_VMOBJ_H
#define KERNEL_VMOBJ_H
#include "types.h"
#include "pagestore.h"
#include "spinlock.h"

struct vmobj;
struct vmobj_ops;

/* Told when a region stops mapping an object (nmaps has dropped by one;
 * the watcher's own reference is still held). Called with no lock held. */
struct vmobj_watch {
    void (*unmapped)(struct vmobj *o, void *arg);
};

struct vmobj {
    struct spinlock lock;
    const struct vmobj_ops *ops;        /* [I] the kind */
    uint32_t refs;                      /* [o->lock] holders; 0: freed */
    uint32_t nmaps;                     /* [o->lock] regions mapping it */
    uint64_t size;                      /* [o->lock] bytes; pages at index >= npages do not exist */
    uint32_t npages;                    /* [o->lock] PG_ROUND_UP(size) / PAGE_SIZE */
    uint32_t nresident;                 /* [o->lock] pages present */
    struct pagestore pages;             /* [o->lock] */
    struct vmobj *source;               /* [I] anonymous: first touches copy from here (a reference) */
    uint32_t source_pgoff;              /* [I] source page of page 0 */
    const struct vmobj_watch *watch;    /* [I] once set, before the object is shared */
    void *watch_arg;                    /* [I] */
};

/* A new anonymous object of size bytes (pages filled on touch), one
 * reference held by the caller; NULL when out of memory. With source, its
 * pages start as copies of source's, from page source_pgoff on (the new
 * object takes a reference to source). */
struct vmobj *vmobj_anon(uint64_t size, struct vmobj *source, uint32_t source_pgoff);
/* A new shmem object of size bytes (zero-filled, pages allocated on
 * touch or by vmobj_fill), one reference held by the caller; NULL when out
 * of memory. */
struct vmobj *vmobj_shmem(uint64_t size);

void vmobj_hold(struct vmobj *o);
/* Drop a reference; the last frees every page and the object. */
void vmobj_put(struct vmobj *o);
/* A region starts / stops mapping o (vm.c). vmobj_mapped takes no
 * reference (the region holds its own); vmobj_unmapped tells the watcher. */
void vmobj_mapped(struct vmobj *o);
void vmobj_unmapped(struct vmobj *o);
/* Two regions mapping o became one: one mapping and one reference fewer,
 * told to nobody (o is still mapped there). */
void vmobj_merged(struct vmobj *o);
/* Call fn(arg, pgno, pa) under o->lock for each page present at index
 * [from, to) (fn may map it; it must not sleep or take o->lock). */
void vmobj_each_page(struct vmobj *o, uint32_t from, uint32_t to,
                     void (*fn)(void *arg, uint32_t pgno, paddr_t pa), void *arg);

/* The page at index pgno, present, or else (alloc) a new one zero-filled
 * or copied from the source. 0 if pgno is past the end, absent without
 * alloc, or memory ran out (*oom set if given). */
paddr_t vmobj_page(struct vmobj *o, uint32_t pgno, bool alloc, bool *oom);
/* Give o the page pa (from kalloc) as its page pgno, which it must not
 * have yet: o owns it from now on and frees it with itself. 0, or
 * -EINVAL / -ENOMEM with the page still the caller's. */
int vmobj_adopt(struct vmobj *o, uint32_t pgno, paddr_t pa);
/* Allocate every page of o now. 0 or -ENOMEM (pages allocated so far stay). */
int vmobj_fill(struct vmobj *o);
/* What the child of a fork maps where the parent maps o: o itself (a
 * shared kind, one more reference) or a copy (a private kind). NULL when
 * out of memory. */
struct vmobj *vmobj_fork(struct vmobj *o);
/* No region maps pages [pgno, pgno + n) of o any more: a private kind
 * frees them. */
void vmobj_release_range(struct vmobj *o, uint32_t pgno, uint32_t n);
/* Set the size. Past a smaller end, pages can no longer be had (a fault
 * there fails), but stay allocated until vmobj_trim, so that the caller
 * can first unmap them everywhere (vm_object_shrinking). The bytes of a
 * partial last page past the end become zero. 0 or -EFBIG. */
int vmobj_resize(struct vmobj *o, uint64_t size);
/* Free the pages past the end (no region may map them any more). */
void vmobj_trim(struct vmobj *o);
/* Its size in bytes, and pages, now. */
uint64_t vmobj_size(struct vmobj *o);
uint32_t vmobj_npages(struct vmobj *o);
uint32_t vmobj_nmaps(struct vmobj *o);
/* Watch o (before anybody else can see it). */
void vmobj_watch(struct vmobj *o, const struct vmobj_watch *w, void *arg);

/* Objects in existence (leak checks). */
uint32_t vmobj_count(void);
#endif
