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
void *kalloc(void);          /* a zero-filled page, or NULL when memory is exhausted */
void kfree(void *page);      /* page from kalloc(); panics on a double or foreign free */
uint32_t kalloc_free_pages(void);
uint32_t kalloc_total_pages(void);
/* The end of the highest range given to the allocator. */
paddr_t kalloc_top(void);
#endif
