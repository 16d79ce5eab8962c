/* The physical page allocator. Free pages are of two kinds: pages freed
 * since boot, on a free list threaded through the pages themselves, and
 * pages never handed out yet, kept as ranges [next, end) of the boot
 * memory map that kalloc carves from the bottom. Boot therefore touches no
 * free page (under emulation, each first touch also makes the host fault
 * the guest's RAM in); a page is first written when kalloc zero-fills it.
 * A bitmap of free pages, covering both kinds, makes a double free or a
 * free of a page the allocator never owned panic instead of corrupting the
 * list. kalloc prefers the free list: a recently freed page is likely
 * still in the host's caches.
 *
 * Commitments: kmem.reserved pages of the free ones are promised to memory
 * objects (kalloc.h). Every change keeps reserved <= nfree: mem_commit
 * checks, kalloc() stops where the promised pages start, kalloc_promised
 * and kfree_promised move a page and its promise together.
 *
 * Sharing: page_extra[pfn] counts the holders of a page beyond the first
 * (copy-on-write after fork). Holders are different objects under
 * different locks, so the counts are atomic; a count only rises under
 * the lock of an object that holds the page. */
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
    uint32_t reserved;                    /* [kmem.lock] free pages promised (<= nfree) */
    uint32_t committed;                   /* [kmem.lock] pages promised, taken or not */
} kmem = { .lock = SPINLOCK_INIT("kmem") };

static uint16_t page_extra[NPAGES_MAX];  /* [atomic] holders beyond the first */
static uint32_t nshared;                 /* [atomic] pages with page_extra > 0 */

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
    if (page_extra[pfn])
        panic("kfree: page %p is still shared", page);
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
    void *page = kmem.nfree > kmem.reserved ? take_locked() : NULL;
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

int mem_commit(uint32_t n)
{
    spin_lock(&kmem.lock);
    bool ok = kmem.nfree - kmem.reserved >= n;
    if (ok) {
        kmem.reserved += n;
        kmem.committed += n;
    }
    spin_unlock(&kmem.lock);
    return ok ? 0 : -ENOMEM;
}

void mem_uncommit(uint32_t n)
{
    spin_lock(&kmem.lock);
    assert(kmem.reserved >= n && kmem.committed >= n);
    kmem.reserved -= n;
    kmem.committed -= n;
    spin_unlock(&kmem.lock);
}

void *kalloc_promised(void)
{
    spin_lock(&kmem.lock);
    if (kmem.reserved == 0)
        panic("kalloc_promised: no page was promised");
    kmem.reserved--;
    void *page = take_locked();     /* reserved <= nfree: there is one */
    spin_unlock(&kmem.lock);
    memset(page, 0, PAGE_SIZE);
    return page;
}

void kfree_promised(void *page)
{
    spin_lock(&kmem.lock);
    free_locked(page);
    kmem.reserved++;
    spin_unlock(&kmem.lock);
}

void mem_consume(uint32_t n)
{
    spin_lock(&kmem.lock);
    assert(kmem.reserved >= n);
    kmem.reserved -= n;
    spin_unlock(&kmem.lock);
}

uint32_t kalloc_reserved_pages(void)
{
    return kmem.reserved;   /* racy snapshots, for statistics */
}

uint32_t kalloc_committed_pages(void)
{
    return kmem.committed;
}

void page_share(paddr_t pa)
{
    if (__atomic_fetch_add(&page_extra[pa / PAGE_SIZE], 1, __ATOMIC_ACQ_REL) == 0)
        __atomic_fetch_add(&nshared, 1, __ATOMIC_RELAXED);
    assert(page_extra[pa / PAGE_SIZE] != 0);    /* 65536 holders would wrap */
}

bool page_unshare(paddr_t pa)
{
    uint16_t *c = &page_extra[pa / PAGE_SIZE];
    uint16_t n = __atomic_load_n(c, __ATOMIC_ACQUIRE);
    do {
        if (n == 0)
            return true;
    } while (!__atomic_compare_exchange_n(c, &n, (uint16_t)(n - 1), false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    if (n == 1)
        __atomic_fetch_sub(&nshared, 1, __ATOMIC_RELAXED);
    return false;
}

bool page_exclusive(paddr_t pa)
{
    return __atomic_load_n(&page_extra[pa / PAGE_SIZE], __ATOMIC_ACQUIRE) == 0;
}

uint32_t page_holders(paddr_t pa)
{
    return 1u + __atomic_load_n(&page_extra[pa / PAGE_SIZE], __ATOMIC_RELAXED);
}

uint32_t kalloc_shared_pages(void)
{
    return __atomic_load_n(&nshared, __ATOMIC_RELAXED);
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
