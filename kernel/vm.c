/* Mapping memory objects into address spaces: regions (region.c) say
 * which object's pages appear where, with which rights; the objects
 * (vmobj.c) own the pages. Nothing here asks what kind of object a region
 * maps: a page is always "the object's page at this index", fetched (and
 * on first touch allocated, zeroed or copied) by the object itself. The
 * object also says whether a page may be written in place; one shared
 * copy-on-write is mapped read-only, and a write to it (a fault, or a
 * copyout) asks the object for a page of its own.
 *
 * A region's page tables are made when it is mapped (pt_prepare), and
 * its object has promised every page: a fault never runs out of memory.
 * They go when it is unmapped, if no other region lies in their span.
 *
 * TLB: the threads of an address space may run on several CPUs at once,
 * each caching translations. Unmapping clears the entries, invalidates
 * this CPU's TLB and then shoots down every other CPU that has the address
 * space loaded (as_shootdown) before the object may free a page or the
 * region's reference to it is dropped. */
#include "vm.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "syscall_proto.h"
#include "vmobj.h"
#include "shmos/signal.h"

/* The pt_map flags for a region's protection, over a page that may be
 * written in place (writable) or not. */
static unsigned pt_flags(int prot, bool writable)
{
    return (prot & RP_WRITE) && writable ? PT_WRITE : 0;
}

/* The object page that user page va of r shows. */
static uint32_t page_index(const struct region *r, uaddr_t va)
{
    return r->pgoff + (PG_ROUND_DOWN(va) - r->start) / PAGE_SIZE;
}

/* Needs as->lock. Count one more (delta 1) or one fewer (-1) page
 * mapped in as by region r (ps's resident and shared counts). */
static void count_mapped(struct addrspace *as, const struct region *r, int delta)
{
    as->npages += (uint32_t)delta;
    if (r && r->obj && vmobj_is_shmem(r->obj))
        as->nshared += (uint32_t)delta;
}

/* Needs as->lock. Clear the entries of [start, end); true if there were
 * any (other CPUs may still cache them: the caller shoots them down). */
static bool clear_ptes(struct addrspace *as, uaddr_t start, uaddr_t end)
{
    bool any = false;
    const struct region *r = NULL;
    for (uaddr_t va = start; va < end; va += PAGE_SIZE) {
        if (pt_unmap(as->pgdir, va)) {
            if (!r || va < r->start || va >= r->end)
                r = region_find(as, va);
            count_mapped(as, r, -1);
            any = true;
        }
    }
    return any;
}

/* Needs as->lock. Clear the entries of [start, end) and make sure no CPU
 * still caches them. */
static void unmap_ptes(struct addrspace *as, uaddr_t start, uaddr_t end)
{
    if (clear_ptes(as, start, end))
        as_shootdown(as);
}

/* Needs as->lock. The free hole around [start, end), which no region
 * overlaps: from the end of the region below to the start of the one
 * above (or the ends of user space). */
static void hole_around(const struct addrspace *as, uaddr_t start, uaddr_t end, uaddr_t *lo,
                        uaddr_t *hi)
{
    *lo = 0;
    *hi = USER_TOP;
    for (int i = 0; i < as->nregions; i++) {
        const struct region *r = &as->regions[i];
        if (r->end <= start && r->end > *lo)
            *lo = r->end;
        if (r->start >= end && r->start < *hi)
            *hi = r->start;
    }
}

struct premap {
    struct addrspace *as;
    const struct region *r;
    int err;
};

/* vmobj_each_page callback: map one present page of the region. */
static void premap_page(void *arg, uint32_t pgno, paddr_t pa, bool writable)
{
    struct premap *m = arg;
    if (m->err)
        return;
    uaddr_t va = m->r->start + (pgno - m->r->pgoff) * PAGE_SIZE;
    if ((m->err = pt_map(m->as->pgdir, va, pa, pt_flags(m->r->prot, writable))) == 0)
        count_mapped(m->as, m->r, 1);
}

int vm_map(struct addrspace *as, uaddr_t start, uaddr_t end, int prot, int role,
           struct vmobj *obj, uint32_t pgoff, struct region **out)
{
    struct region r = {
        .start = start, .end = end, .prot = (uint8_t)prot, .maxprot = RP_READ | RP_WRITE | RP_EXEC,
        .role = (uint8_t)role, .obj = obj, .pgoff = pgoff,
    }, *nr;
    int err = region_insert(as, &r, &nr);
    if (err < 0)
        return err;
    if (obj && pt_prepare(as->pgdir, start, end) < 0) {
        region_delete(as, nr);
        return -ENOMEM;
    }
    if (obj && prot) {
        struct premap m = { as, nr, 0 };
        vmobj_each_page(obj, pgoff, pgoff + (end - start) / PAGE_SIZE, premap_page, &m);
        if (m.err < 0) {
            unmap_ptes(as, start, end);
            region_delete(as, nr);
            return m.err;
        }
    }
    if (obj)
        vmobj_mapped(obj);
    if (out)
        *out = nr;
    return 0;
}

void vm_unmap_region(struct addrspace *as, struct region *r)
{
    struct region gone = *r;
    bool any = clear_ptes(as, gone.start, gone.end);
    region_delete(as, r);
    /* Page tables no region needs any more go too (once no CPU can still
     * walk them): every region made its own with pt_prepare. */
    uaddr_t lo, hi;
    hole_around(as, gone.start, gone.end, &lo, &hi);
    void *tables = pt_detach_tables(as->pgdir, lo, hi);
    if (any || tables)
        as_shootdown(as);
    pt_free_detached(tables);
    if (gone.obj) {
        vmobj_release_range(gone.obj, gone.pgoff, (gone.end - gone.start) / PAGE_SIZE);
        vmobj_unmapped(gone.obj);
        vmobj_put(gone.obj);
    }
}

/* Is [start, start + len) a page-aligned range of user space with len > 0?
 * Sets *end to its page-rounded end. */
static bool user_range(uaddr_t start, uint32_t len, uaddr_t *end)
{
    if ((start & (PAGE_SIZE - 1)) || len == 0 || start < USER_BASE)
        return false;
    uint64_t e = (uint64_t)start + PG_ROUND_UP((uint64_t)len);
    if (len > USER_TOP || e > USER_TOP)
        return false;
    *end = (uaddr_t)e;
    return true;
}

/* The first region that overlaps [start, end), or NULL. */
static struct region *first_overlap(struct addrspace *as, uaddr_t start, uaddr_t end, bool guards)
{
    for (int i = 0; i < as->nregions; i++) {
        struct region *r = &as->regions[i];
        if (r->start < end && start < r->end && (guards || r->role != RR_GUARD))
            return r;
    }
    return NULL;
}

/* Needs as->lock. Split regions so that none crosses start or end: every
 * region overlapping [start, end) then lies inside it. 0 or -ENOMEM. */
static int split_at_bounds(struct addrspace *as, uaddr_t start, uaddr_t end)
{
    uaddr_t cuts[2] = { start, end };
    for (int i = 0; i < 2; i++) {
        struct region *r = region_find(as, cuts[i]), *hi;
        if (r && r->start < cuts[i]) {
            int err = region_split(as, r, cuts[i], &hi);
            if (err < 0)
                return err;
        }
    }
    return 0;
}

/* Does [start, end) touch the clock page, which the program may not
 * unmap, replace or re-protect? */
static bool touches_vclock(struct addrspace *as, uaddr_t start, uaddr_t end)
{
    for (int i = 0; i < as->nregions; i++) {
        const struct region *r = &as->regions[i];
        if (r->role == RR_VCLOCK && r->start < end && start < r->end)
            return true;
    }
    return false;
}

int vm_unmap(struct addrspace *as, uaddr_t start, uint32_t len)
{
    uaddr_t end;
    if (!user_range(start, len, &end) || touches_vclock(as, start, end))
        return -EINVAL;
    int err = split_at_bounds(as, start, end);
    struct region *r;
    /* Guards stay: the gap below the stack is not the program's to unmap. */
    while ((r = first_overlap(as, start, end, false)) != NULL)
        vm_unmap_region(as, r);
    region_coalesce(as);        /* undo a split that removed nothing */
    return err;
}

/* Is [start, end) covered by regions, none a guard? */
static bool fully_mapped(struct addrspace *as, uaddr_t start, uaddr_t end)
{
    for (uaddr_t va = start; va < end; ) {
        const struct region *r = region_find(as, va);
        if (!r || r->role == RR_GUARD)
            return false;
        va = r->end;
    }
    return true;
}

bool vm_is_mapped(struct addrspace *as, uaddr_t start, uint32_t len)
{
    uaddr_t end;
    return user_range(start, len, &end) && fully_mapped(as, start, end);
}

int vm_protect(struct addrspace *as, uaddr_t start, uint32_t len, int prot)
{
    uaddr_t end;
    if (!user_range(start, len, &end) || (prot & ~(RP_READ | RP_WRITE | RP_EXEC)))
        return -EINVAL;
    if (!fully_mapped(as, start, end))
        return -ENOMEM;
    for (uaddr_t va = start; va < end; ) {
        const struct region *r = region_find(as, va);
        if ((prot & ~r->maxprot) || (r->role == RR_VCLOCK && prot != r->prot))
            return -EACCES;
        va = r->end;
    }
    int err = split_at_bounds(as, start, end);
    if (err < 0)
        return err;
    for (int i = 0; i < as->nregions; i++) {
        struct region *r = &as->regions[i];
        if (r->start >= start && r->end <= end)
            r->prot = (uint8_t)prot;
    }
    /* The pages fault back in with the new rights. */
    unmap_ptes(as, start, end);
    region_coalesce(as);
    return 0;
}

/* Needs as->lock. Map the object page behind va of r, allocating it, and
 * for a write (write) making it r's object's own; a mapping already there
 * is replaced (and shot down if the page changed). NULL, or why not with
 * *sig. */
static const char *map_page(struct addrspace *as, const struct region *r, uaddr_t va, bool write,
                            int *sig)
{
    bool writable;
    uaddr_t page = PG_ROUND_DOWN(va);
    paddr_t pa = vmobj_page(r->obj, page_index(r, va), VMOBJ_ALLOC | (write ? VMOBJ_WRITE : 0),
                            &writable);
    if (!pa) {
        *sig = SIGBUS;
        return "beyond the end of the mapped object";
    }
    paddr_t old = pt_unmap(as->pgdir, page);
    if (pt_map(as->pgdir, page, pa, pt_flags(r->prot, writable)) < 0)
        panic("map_page: no page table at %p", (void *)page);   /* pt_prepare made them */
    if (!old)
        count_mapped(as, r, 1);
    else if (old != pa)
        as_shootdown(as);       /* a sibling thread may still see the shared page */
    return NULL;
}

bool vm_maps_object(struct addrspace *as, const struct vmobj *obj)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].obj == obj)
            return true;
    return false;
}

/* Why an access to va (a write if write) may not proceed, or NULL if its
 * region allows it; *sig is the signal for a refusal. Needs as->lock. */
static const char *refusal(struct addrspace *as, const struct region *r, uaddr_t va, bool write,
                           int *sig)
{
    *sig = SIGSEGV;
    if (!r) {
        if (va < PAGE_SIZE)
            return "null pointer dereference";
        return va >= KERNBASE ? "kernel address" : "unmapped address";
    }
    (void)as;
    if (r->role == RR_GUARD)
        return "stack overflow (guard gap)";
    if (!r->prot)
        return "access to PROT_NONE memory";
    if (write && !(r->prot & RP_WRITE))
        return r->role == RR_TEXT ? "write to program text" : "write to read-only memory";
    return NULL;
}

void *vm_user_ptr(struct addrspace *as, uaddr_t va, bool write)
{
    const struct region *r = region_find(as, va);
    int sig;
    if (refusal(as, r, va, write, &sig))
        return NULL;
    unsigned flags;
    paddr_t pa = pt_lookup(as->pgdir, va, &flags);
    if (!pa || (write && !(flags & PT_WRITE))) {
        if (map_page(as, r, va, write, &sig))
            return NULL;
        pa = pt_lookup(as->pgdir, va, NULL);
    }
    return (char *)P2V(pa) + (va & (PAGE_SIZE - 1));
}

struct vmobj *vm_object_of(struct addrspace *as, uaddr_t va, uint64_t *offset)
{
    const struct region *r = region_find(as, va);
    int sig;
    if (refusal(as, r, va, false, &sig))
        return NULL;
    *offset = (uint64_t)page_index(r, va) * PAGE_SIZE + (va & (PAGE_SIZE - 1));
    return r->obj;
}

/* vm_fault with as->lock held. */
static const char *fault_locked(struct addrspace *as, uaddr_t va, bool write, int *sig)
{
    const struct region *r = region_find(as, va);
    const char *why = refusal(as, r, va, write, sig);
    if (why)
        return why;
    unsigned flags;
    if (pt_lookup(as->pgdir, va, &flags) && (!write || (flags & PT_WRITE))) {
        /* Allowed and present: a stale TLB entry from before a remap. */
        tlb_flush_page(PG_ROUND_DOWN(va));
        return NULL;
    }
    return map_page(as, r, va, write, sig);
}

const char *vm_fault(struct addrspace *as, uaddr_t va, bool write, int *sig)
{
    sleep_lock(&as->lock);
    const char *why = fault_locked(as, va, write, sig);
    sleep_unlock(&as->lock);
    return why;
}

/* Needs as->lock. The pages [from, to) of the heap region are gone: unmap
 * them, let the object free them, and shrink it to end at from. */
static void heap_shrink(struct addrspace *as, struct region *heap, uaddr_t from, uaddr_t to)
{
    unmap_ptes(as, from, to);
    vmobj_release_range(heap->obj, page_index(heap, from), (to - from) / PAGE_SIZE);
    vmobj_resize(heap->obj, (uint64_t)(heap->pgoff * PAGE_SIZE) + (from - heap->start));
    vmobj_trim(heap->obj);
    heap->end = from;
}

/* vm_sbrk with as->lock held. */
static long sbrk_locked(struct addrspace *as, int32_t incr)
{
    struct region *heap = region_by_role(as, RR_HEAP);
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
        /* The pages are promised now and filled on touch. */
        if (vmobj_resize(heap->obj, (uint64_t)(heap->pgoff * PAGE_SIZE) + (new_end - heap->start)) < 0)
            return -ENOMEM;
        heap->end = new_end;
        if (pt_prepare(as->pgdir, old_end, new_end) < 0) {
            heap_shrink(as, heap, old_end, new_end);
            return -ENOMEM;
        }
    } else if (new_end < old_end) {
        heap_shrink(as, heap, new_end, old_end);
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

struct shrinking {
    struct vmobj *obj;
    uint32_t pgno;
};

/* as_each callback: unmap the pages of obj from index pgno on in as. */
static void unmap_object_tail(struct addrspace *as, void *arg)
{
    const struct shrinking *s = arg;
    sleep_lock(&as->lock);
    for (int i = 0; i < as->nregions; i++) {
        const struct region *r = &as->regions[i];
        uint32_t n = (r->end - r->start) / PAGE_SIZE;
        if (r->obj != s->obj || s->pgno >= r->pgoff + n)
            continue;
        uint32_t skip = s->pgno > r->pgoff ? s->pgno - r->pgoff : 0;
        unmap_ptes(as, r->start + skip * PAGE_SIZE, r->end);
    }
    sleep_unlock(&as->lock);
}

void vm_object_shrinking(struct vmobj *obj, uint32_t pgno)
{
    if (vmobj_nmaps(obj) == 0)
        return;
    struct shrinking s = { obj, pgno };
    as_each(unmap_object_tail, &s);
}

/* sbrk: moves the break. The old break, or -ENOMEM. */
long sys_sbrk(int32_t incr)
{
    return vm_sbrk(myproc()->as, incr);
}
