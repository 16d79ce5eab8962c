/* Regions and the pages behind them: adding and removing regions, filling
 * them, page faults, the break.
 *
 * Ownership: a page mapped in a private region (text, data, heap, stack)
 * belongs to the address space and is freed when unmapped; a page mapped in
 * an RK_SHM region belongs to its segment and is only unmapped here — the
 * region's attach reference is dropped with shm_detach_ref(), and the
 * segment frees its pages itself, exactly once.
 *
 * TLB: the threads of an address space may run on several CPUs at once,
 * each caching translations. Unmapping clears the entries, invalidates
 * this CPU's TLB and then shoots down every other CPU that has the address
 * space loaded (as_shootdown) before a private page goes back to the allocator or the
 * caller drops a segment reference (which may free shared pages). */
#include "vm.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "shm.h"
#include "syscall_proto.h"

/* The pt_map flags for a region's protection. */
static unsigned pt_flags(int prot)
{
    return (prot & RP_WRITE) ? PT_WRITE : 0;
}

/* Private pages unmapped but not yet freed: they may go back to the
 * allocator only once no CPU can still reach them through its TLB. */
#define UNMAP_BATCH 32
struct unmap_batch {
    paddr_t pages[UNMAP_BATCH];
    int n;
};

/* Shoot down as's translations on the other CPUs, then free the batch. */
static void unmap_batch_finish(struct addrspace *as, struct unmap_batch *b)
{
    as_shootdown(as);
    for (int i = 0; i < b->n; i++)
        kfree(P2V(b->pages[i]));
    b->n = 0;
}

/* Needs as->lock. Unmap [start, end) of r; free the pages unless the
 * region is shared. Returns with no CPU caching any of the old
 * translations. */
static void unmap_range(struct addrspace *as, const struct region *r, uaddr_t start, uaddr_t end)
{
    struct unmap_batch batch = { .n = 0 };
    bool pending = false;           /* unmapped since the last shootdown */
    for (uaddr_t va = start; va < end; va += PAGE_SIZE) {
        paddr_t pa = pt_unmap(as->pgdir, va);
        if (!pa)
            continue;
        pending = true;
        if (r->kind != RK_SHM) {
            as->npages--;
            batch.pages[batch.n++] = pa;
            if (batch.n == UNMAP_BATCH) {
                unmap_batch_finish(as, &batch);
                pending = false;
            }
        }
    }
    if (pending)
        unmap_batch_finish(as, &batch);
}

void region_forget(struct addrspace *as, struct region *r)
{
    unmap_range(as, r, r->start, r->end);
    int i = r - as->regions;
    memmove(&as->regions[i], &as->regions[i + 1], (as->nregions - i - 1) * sizeof(*r));
    as->nregions--;
}

void region_remove(struct addrspace *as, struct region *r)
{
    struct shm_segment *seg = r->kind == RK_SHM ? r->seg : NULL;
    region_forget(as, r);
    if (seg)
        shm_detach_ref(seg);
}

bool region_range_free(const struct addrspace *as, uaddr_t start, uaddr_t end)
{
    for (int i = 0; i < as->nregions; i++) {
        const struct region *r = &as->regions[i];
        if (start < r->end && r->start < end)
            return false;
    }
    return true;
}

int region_add(struct addrspace *as, uaddr_t start, uaddr_t end, int kind, int prot,
               struct shm_segment *seg, struct region **out)
{
    if ((start | end) & (PAGE_SIZE - 1) || start < USER_BASE || end > USER_TOP || end < start)
        return -EINVAL;
    if (end == start && kind != RK_HEAP)
        return -EINVAL;
    if (!region_range_free(as, start, end))
        return -EINVAL;
    if (as->nregions == NREGION)
        return -ENOMEM;
    int i = 0;
    while (i < as->nregions && as->regions[i].start <= start)
        i++;
    memmove(&as->regions[i + 1], &as->regions[i], (as->nregions - i) * sizeof(struct region));
    as->regions[i] = (struct region){ start, end, (uint8_t)kind, (uint8_t)prot, seg };
    as->nregions++;
    if (out)
        *out = &as->regions[i];
    return 0;
}

struct region *region_find(struct addrspace *as, uaddr_t va)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].start <= va && va < as->regions[i].end)
            return &as->regions[i];
    return NULL;
}

uaddr_t region_find_gap(const struct addrspace *as, uint32_t len, uaddr_t lo, uaddr_t hi)
{
    uaddr_t cand = lo;
    for (int i = 0; i < as->nregions; i++) {
        const struct region *r = &as->regions[i];
        if (r->end <= cand)
            continue;
        if (r->start >= cand && r->start - cand >= len)
            break;
        cand = MAX(cand, r->end);
    }
    return (cand < hi && hi - cand >= len) ? cand : 0;
}

int vm_populate(struct addrspace *as, uaddr_t start, uaddr_t end)
{
    const struct region *r = region_find(as, start);
    assert(r && r->kind != RK_SHM && end <= r->end);
    for (uaddr_t va = start; va < end; va += PAGE_SIZE) {
        void *page = kalloc();
        if (!page)
            return -ENOMEM;
        if (pt_map(as->pgdir, va, V2P(page), pt_flags(r->prot)) < 0) {
            kfree(page);
            return -ENOMEM;
        }
        as->npages++;
    }
    return 0;
}

int vm_map_shared(struct addrspace *as, uaddr_t start, const paddr_t *pages, uint32_t n, int prot)
{
    for (uint32_t i = 0; i < n; i++)
        if (pt_map(as->pgdir, start + i * PAGE_SIZE, pages[i], pt_flags(prot)) < 0)
            return -ENOMEM;
    return 0;
}

/* Give a demand-filled region a zeroed page at va. 0 or -ENOMEM. */
static int fill_page(struct addrspace *as, const struct region *r, uaddr_t va)
{
    void *page = kalloc();
    if (!page)
        return -ENOMEM;
    if (pt_map(as->pgdir, PG_ROUND_DOWN(va), V2P(page), pt_flags(r->prot)) < 0) {
        kfree(page);
        return -ENOMEM;
    }
    as->npages++;
    return 0;
}

void *vm_user_ptr(struct addrspace *as, uaddr_t va, bool write)
{
    const struct region *r = region_find(as, va);
    if (!r || !(r->prot & RP_READ) || (write && !(r->prot & RP_WRITE)))
        return NULL;
    paddr_t pa = pt_lookup(as->pgdir, va);
    if (!pa) {
        if (r->kind != RK_STACK || fill_page(as, r, va) < 0)
            return NULL;
        pa = pt_lookup(as->pgdir, va);
    }
    return (char *)P2V(pa) + (va & (PAGE_SIZE - 1));
}

/* vm_fault with as->lock held. */
static const char *fault_locked(struct addrspace *as, uaddr_t va, bool write)
{
    const struct region *r = region_find(as, va);
    if (!r) {
        if (va < PAGE_SIZE)
            return "null pointer dereference";
        return va >= KERNBASE ? "kernel address" : "unmapped address";
    }
    if (r->kind == RK_GUARD)
        return "stack overflow (guard page)";
    if (write && !(r->prot & RP_WRITE))
        return r->kind == RK_TEXT ? "write to program text" : "write to read-only memory";
    if (pt_lookup(as->pgdir, va)) {
        /* Allowed and present: a stale TLB entry from before a remap. */
        tlb_flush_page(PG_ROUND_DOWN(va));
        return NULL;
    }
    if (r->kind != RK_STACK)
        return "unmapped page";
    return fill_page(as, r, va) < 0 ? "out of memory" : NULL;
}

const char *vm_fault(struct addrspace *as, uaddr_t va, bool write)
{
    sleep_lock(&as->lock);
    const char *why = fault_locked(as, va, write);
    sleep_unlock(&as->lock);
    return why;
}

static struct region *heap_region(struct addrspace *as)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].kind == RK_HEAP)
            return &as->regions[i];
    return NULL;
}

/* vm_sbrk with as->lock held. */
static long sbrk_locked(struct addrspace *as, int32_t incr)
{
    struct region *heap = heap_region(as);
    uaddr_t old = as->brk;
    uaddr_t new = old + (uint32_t)incr;
    if (!heap)
        return -ENOMEM;
    if (incr > 0 && (new < old || new > USER_TOP))
        return -ENOMEM;
    if (incr < 0 && (new > old || new < as->heap_start))
        return -ENOMEM;         /* as Linux's sbrk reports a refused brk */
    uaddr_t old_end = heap->end, new_end = PG_ROUND_UP(new);
    if (new_end > old_end) {
        if (!region_range_free(as, old_end, new_end))
            return -ENOMEM;     /* would run into another region */
        if ((new_end - old_end) / PAGE_SIZE > kalloc_free_pages())
            return -ENOMEM;     /* hopeless: don't drain memory to find out */
        heap->end = new_end;
        if (vm_populate(as, old_end, new_end) < 0) {
            unmap_range(as, heap, old_end, new_end);
            heap->end = old_end;
            return -ENOMEM;
        }
    } else if (new_end < old_end) {
        unmap_range(as, heap, new_end, old_end);
        heap->end = new_end;
    }
    as->brk = new;
    return (long)old;
}

long vm_sbrk(struct addrspace *as, int32_t incr)
{
    sleep_lock(&as->lock);
    long old = sbrk_locked(as, incr);
    sleep_unlock(&as->lock);
    return old;
}

/* sbrk: moves the break. The old break, or -ENOMEM. */
long sys_sbrk(int32_t incr)
{
    return vm_sbrk(myproc()->as, incr);
}
