/* The physical page allocator. Free pages are of two kinds: pages freed
 * since boot, on a free list threaded through the pages themselves, and
 * pages never handed out yet, kept as ranges [next, end) of the boot
 * memory map that kalloc carves from the bottom. Boot therefore touches no
 * free page (under emulation, each first touch also makes the host fault
 * the guest's RAM in); a page is first written when kalloc zero-fills it.
 * A bitmap of free pages, covering both kinds, makes a double free or a
 * free of a page the allocator never owned panic instead of corrupting the
 * list. kalloc prefers the free list: a recently freed page is likely
 * still in the host's caches. */
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "spinlock.h"

#define NPAGES_MAX (PHYS_LIMIT / PAGE_SIZE)
#define NFRESH 16                   /* untouched ranges: one per memory-map entry, and the initrd */

struct free_page {
    struct free_page *next;
};

struct fresh_range {
    paddr_t next, end;              /* pages [next, end) have never been handed out */
};

static struct {
    struct spinlock lock;
    struct free_page *head;               /* [kmem.lock] */
    struct fresh_range fresh[NFRESH];     /* [kmem.lock] */
    int nfresh;                           /* [kmem.lock] ranges in fresh[] (some may be used up) */
    uint32_t nfree;                       /* [kmem.lock] both kinds (read racily for statistics) */
    uint32_t ntotal;                      /* [kmem.lock] written at boot only */
    uint32_t free_bitmap[NPAGES_MAX / 32];/* [kmem.lock] bit set = page is free (either kind) */
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
    if (start >= end)
        return;
    spin_lock(&kmem.lock);
    if (kmem.nfresh == NFRESH)
        panic("kalloc: more than %d memory ranges", NFRESH);
    uint32_t pfn = start / PAGE_SIZE, last = end / PAGE_SIZE;
    while (pfn < last) {
        /* A whole bitmap word at a time where one fits (boot is faster). */
        bool word = pfn % 32 == 0 && last - pfn >= 32;
        uint32_t *w = &kmem.free_bitmap[pfn / 32], bits = word ? ~0u : 1u << (pfn % 32);
        if (*w & bits)
            panic("kalloc: a page at 0x%x given twice", pfn * PAGE_SIZE);
        *w |= bits;
        pfn += word ? 32 : 1;
    }
    kmem.fresh[kmem.nfresh++] = (struct fresh_range){ start, end };
    uint32_t n = (end - start) / PAGE_SIZE;
    kmem.nfree += n;
    kmem.ntotal += n;
    spin_unlock(&kmem.lock);
}

/* A free page taken off the free list, else carved from an untouched
 * range; NULL if there is none. Caller holds kmem.lock. */
static void *take_locked(void)
{
    void *page = kmem.head;
    if (page) {
        kmem.head = kmem.head->next;
    } else {
        for (int i = 0; i < kmem.nfresh && !page; i++) {
            struct fresh_range *r = &kmem.fresh[i];
            if (r->next < r->end) {
                page = P2V(r->next);
                r->next += PAGE_SIZE;
            }
        }
        if (!page)
            return NULL;
    }
    kmem.nfree--;
    page_mark(V2P(page) / PAGE_SIZE, false);
    return page;
}

void *kalloc(void)
{
    spin_lock(&kmem.lock);
    void *page = take_locked();
    spin_unlock(&kmem.lock);
    if (page)
        memset(page, 0, PAGE_SIZE);
    return page;
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

paddr_t kalloc_top(void)
{
    paddr_t top = 0;
    spin_lock(&kmem.lock);
    for (int i = 0; i < kmem.nfresh; i++)
        top = MAX(top, kmem.fresh[i].end);
    spin_unlock(&kmem.lock);
    return top;
}
