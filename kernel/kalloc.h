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
struct multiboot_info;
/* Build the free list from the Multiboot memory map, skipping the kernel
 * image, the modules and the first MiB (everything below reserved_end).
 * Returns the highest usable physical address. */
paddr_t kalloc_init(const struct multiboot_info *mbi, paddr_t reserved_end);
void *kalloc(void);          /* a zero-filled page, or NULL when memory is exhausted */
void kfree(void *page);      /* page from kalloc(); panics on a double or foreign free */
uint32_t kalloc_free_pages(void);
uint32_t kalloc_total_pages(void);
#endif
