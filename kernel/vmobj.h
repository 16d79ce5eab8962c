/* Memory objects (vmobj.c): what every region of every address space
 * maps. An object owns pages by index and frees each exactly once; a
 * region maps a range of one object and never asks what kind it is. Two
 * kinds, two sets of operations:
 *   anonymous  private memory (text, data, heap, stack, MAP_PRIVATE): a
 *              fork copies it (copy-on-write); pages no region maps any more are freed at
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

#define VMOBJ_LABEL_MAX 32  /* label bytes, NUL included */

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
    uint32_t charge;                    /* [o->lock] pages promised: each index's page and the tables */
    struct pagestore pages;             /* [o->lock] */
    struct vmobj *source;               /* [I] anonymous: first touches copy from here (a reference) */
    uint32_t source_pgoff;              /* [I] source page of page 0 */
    const struct vmobj_watch *watch;    /* [I] once set, before the object is shared */
    void *watch_arg;                    /* [I] */
    char label[VMOBJ_LABEL_MAX];        /* [o->lock] its front end's name for it, or "" (vmobj_set_label) */
};

/* A new anonymous object of size bytes (pages filled on touch, each
 * promised now), one reference held by the caller; NULL when out of
 * memory or the promise cannot be made. With source, its
 * pages start as copies of source's, from page source_pgoff on (the new
 * object takes a reference to source). */
struct vmobj *vmobj_anon(uint64_t size, struct vmobj *source, uint32_t source_pgoff);
/* A new shmem object of size bytes (zero-filled, pages allocated on
 * touch, each promised now), one reference held by the caller; NULL when
 * out of memory or the promise cannot be made. */
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
/* Call fn(arg, pgno, pa, writable) under o->lock for each page present at
 * index [from, to); writable is false for a page shared copy-on-write (fn
 * may map it; it must not sleep or take o->lock). */
void vmobj_each_page(struct vmobj *o, uint32_t from, uint32_t to,
                     void (*fn)(void *arg, uint32_t pgno, paddr_t pa, bool writable), void *arg);

#define VMOBJ_ALLOC 1       /* vmobj_page: make an absent page (zeroed or from the source) */
#define VMOBJ_WRITE 2       /* vmobj_page: the page is about to be written (copy a shared one) */
/* The page at index pgno: present, or else (VMOBJ_ALLOC) a new one,
 * zero-filled or copied from the source, from o's promise (it cannot
 * fail); with VMOBJ_WRITE, o's own (a page shared copy-on-write is
 * copied first). 0 if pgno is past the end, or absent without
 * VMOBJ_ALLOC. *writable (if given): may the page be mapped writable
 * (false while it is shared)? */
paddr_t vmobj_page(struct vmobj *o, uint32_t pgno, unsigned how, bool *writable);
/* Give o the page pa (from kalloc) as its page pgno, which it must not
 * have yet: o owns it from now on and frees it with itself. 0, or
 * -EINVAL with the page still the caller's. */
int vmobj_adopt(struct vmobj *o, uint32_t pgno, paddr_t pa);
/* What the child of a fork maps where the parent maps pages [from, to)
 * of o: o itself (a shared kind, one more reference) or a copy (a private
 * kind: of o's size, every page promised, its pages in [from, to) shared
 * copy-on-write with o, shared(arg, pgno) called, under o->lock, for
 * each, so that the caller write-protects o's mappings of them). NULL
 * when out of memory or the copy's promise cannot be made. */
struct vmobj *vmobj_fork(struct vmobj *o, uint32_t from, uint32_t to,
                         void (*shared)(void *arg, uint32_t pgno), void *arg);
/* No region maps pages [pgno, pgno + n) of o any more: a private kind
 * frees them. */
void vmobj_release_range(struct vmobj *o, uint32_t pgno, uint32_t n);
/* Set the size. A larger size promises its pages first (-ENOMEM if it
 * cannot). Past a smaller end, pages can no longer be had (a fault
 * there fails), but stay allocated until vmobj_trim, so that the caller
 * can first unmap them everywhere (vm_object_shrinking). The bytes of a
 * partial last page past the end become zero. 0, -EFBIG or -ENOMEM. */
int vmobj_resize(struct vmobj *o, uint64_t size);
/* Free the pages past the end (no region may map them any more) and give
 * back their promise. */
void vmobj_trim(struct vmobj *o);
/* Its size in bytes, and pages, now. */
uint64_t vmobj_size(struct vmobj *o);
uint32_t vmobj_npages(struct vmobj *o);
uint32_t vmobj_nmaps(struct vmobj *o);
/* Watch o (before anybody else can see it). */
void vmobj_watch(struct vmobj *o, const struct vmobj_watch *w, void *arg);

/* Name o for reports (pmap): a front end's words, such as the file's
 * path or the segment's id and key (truncated to VMOBJ_LABEL_MAX - 1).
 * Takes o->lock. */
void vmobj_set_label(struct vmobj *o, const char *label);
/* Describe o for a report, by its kind's own operation, into buf (size
 * bytes, always NUL-terminated): the kind and its label ("shmem
 * /dev/shm/lab"; an anonymous copy names its source: "anon copy of
 * /tmp/f"). Returns whether a fork shares o (a shared kind) rather than
 * copying it. Takes o->lock, and its source's. */
bool vmobj_describe(struct vmobj *o, char *buf, size_t size);

/* Objects in existence (leak checks). */
uint32_t vmobj_count(void);
/* Pages present in shmem objects (tmpfs files, segments, shared
 * mappings): free's shared and buff/cache. A racy statistic. */
uint32_t vmobj_shmem_pages(void);
/* Is o shared memory (a fork shares it), not anonymous? ops is [I]. */
bool vmobj_is_shmem(const struct vmobj *o);
#endif
