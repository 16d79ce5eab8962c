/* The physical page allocator. Pages are handed out by their kernel virtual
 * address in the direct map (P2V); each page is freed exactly once (a double
 * free panics). */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H
#include "types.h"
#define P2V(pa) ((void *)((uint32_t)(pa) + KERNBASE))
#define V2P(va) ((paddr_t)((uint32_t)(va) - KERNBASE))
/* Physical memory the kernel can reach through its direct map at KERNBASE
 * (the top 256 MiB of virtual space stay free for device windows). RAM above
 * it is not used. */
#define PHYS_LIMIT 0x30000000u
/* Boot: hand the whole pages of RAM range [start, end) (below PHYS_LIMIT)
 * to the allocator. */
void kalloc_add_range(paddr_t start, paddr_t end);
/* A zero-filled page, or NULL when every free page is exhausted or
 * promised (commitments: below). */
void *kalloc(void);
void kfree(void *page);      /* page from kalloc(); panics on a double or foreign free */
uint32_t kalloc_free_pages(void);

/* Commitments (no overcommit): a memory object promises pages when it is
 * created or grown (mem_commit), so that its first touches later never find
 * memory missing. `reserved` counts the pages promised and not yet taken;
 * it never exceeds the free pages, and kalloc() may not take them. */
/* Promise n more pages: 0, or -ENOMEM if fewer than n free pages are not
 * promised yet. */
int mem_commit(uint32_t n);
/* Take back a promise of n pages (not yet taken). */
void mem_uncommit(uint32_t n);
/* A zero-filled page taken from the promised ones; never NULL (a missing
 * promise is a kernel bug and panics). */
void *kalloc_promised(void);
/* Free a page whose promise stays (the object may need it again). */
void kfree_promised(void *page);
/* A page taken by kalloc() now fills a promise: one promised page fewer. */
void mem_consume(uint32_t n);
/* Pages promised and not yet taken; pages promised in all (taken or not). */
uint32_t kalloc_reserved_pages(void);
uint32_t kalloc_committed_pages(void);

/* Copy-on-write sharing of a page by several memory objects: a count of
 * the holders beyond the first, kept per physical page. */
void page_share(paddr_t pa);
/* Drop one holder: true if the caller was the only one (it frees the
 * page), false if others still hold it. */
bool page_unshare(paddr_t pa);
/* Does one holder alone have the page (it may be written in place)? */
bool page_exclusive(paddr_t pa);
/* How many objects hold the page (1 unless shared copy-on-write; a
 * racy read, for reports). */
uint32_t page_holders(paddr_t pa);
/* Pages held by more than one object. */
uint32_t kalloc_shared_pages(void);
uint32_t kalloc_total_pages(void);
/* The end of the highest range given to the allocator. */
paddr_t kalloc_top(void);
#endif
