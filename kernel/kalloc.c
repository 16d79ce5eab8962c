/* The physical page allocator: a free list threaded through the free pages
 * themselves, plus a bitmap of free pages so that a double free or a free of
 * a page the allocator never owned panics instead of corrupting the list. */
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "spinlock.h"

#define NPAGES_MAX (PHYS_LIMIT / PAGE_SIZE)

struct free_page {
    struct free_page *next;
};

static struct {
    struct spinlock lock;
    struct free_page *head;               /* [kmem.lock] */
    uint32_t nfree;                       /* [kmem.lock] (read racily for statistics) */
    uint32_t ntotal;                      /* [kmem.lock] written at boot only */
    uint32_t free_bitmap[NPAGES_MAX / 32];/* [kmem.lock] bit set = page is on the free list */
} kmem = { .lock = SPINLOCK_INIT("kmem") };

static bool page_is_free(uint32_t pfn) { return kmem.free_bitmap[pfn / 32] & (1u << (pfn % 32)); }
static void page_mark(uint32_t pfn, bool free)
{
    if (free)
        kmem.free_bitmap[pfn / 32] |= 1u << (pfn % 32);
    else
        kmem.free_bitmap[pfn / 32] &= ~(1u << (pfn % 32));
}

/* Put one page on the free list. Caller holds kmem.lock. */
static void free_locked(void *page)
{
    uint32_t pfn = V2P(page) / PAGE_SIZE;
    if (((uint32_t)page & (PAGE_SIZE - 1)) || (uint32_t)page < KERNBASE || pfn >= NPAGES_MAX)
        panic("kfree: bad page %p", page);
    if (page_is_free(pfn))
        panic("kfree: double free of page %p", page);
    page_mark(pfn, true);
    struct free_page *f = page;
    f->next = kmem.head;
    kmem.head = f;
    kmem.nfree++;
}

void kalloc_add_range(paddr_t start, paddr_t end)
{
    start = PG_ROUND_UP(start);
    end = PG_ROUND_DOWN(MIN(end, PHYS_LIMIT));
    spin_lock(&kmem.lock);
    for (paddr_t pa = start; pa + PAGE_SIZE <= end && pa >= start; pa += PAGE_SIZE) {
        free_locked(P2V(pa));
        kmem.ntotal++;
    }
    spin_unlock(&kmem.lock);
}

void *kalloc(void)
{
    spin_lock(&kmem.lock);
    struct free_page *f = kmem.head;
    if (f) {
        kmem.head = f->next;
        kmem.nfree--;
        page_mark(V2P(f) / PAGE_SIZE, false);
    }
    spin_unlock(&kmem.lock);
    if (f)
        memset(f, 0, PAGE_SIZE);
    return f;
}

void kfree(void *page)
{
    spin_lock(&kmem.lock);
    free_locked(page);
    spin_unlock(&kmem.lock);
}

uint32_t kalloc_free_pages(void)
{
    return kmem.nfree;      /* a racy snapshot is what callers want */
}

uint32_t kalloc_total_pages(void)
{
    return kmem.ntotal;
}
