/* Address-space lifetimes: creation, sharing between threads of control,
 * the fork copy (copy-on-write: the parent's entries for the pages its
 * child now shares become read-only, shot down on every CPU before fork
 * returns), teardown, and which CPUs have one loaded.
 *
 * TLB rules (the invariant as_shootdown relies on): bit n of as->cpumask is
 * set while CPU n has as in CR3, from before the load until after the
 * switch away, so a CPU that edits as's page tables and then reads the
 * mask finds every CPU that may cache the old entries. A CPU keeps as
 * loaded while it runs a process of as, and afterwards lazily, in its
 * scheduler (choosing, polling or halted), until it runs a process of
 * another address space: reloading CR3 would only empty its TLB. A lazy
 * CPU's bit stays set, so it still gets every shootdown, and it serves one
 * by loading the kernel directory and leaving the mask (as_drop_lazy): a
 * flush empties its TLB anyway. A process switches its own CPU away before
 * dropping its reference, and the last as_put sends a flush request to the
 * CPUs still in the mask, which can only be lazy ones: when it returns, no
 * CPU has the directory loaded and it can be freed. */
#include "addrspace.h"
#include "cpu.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "vmobj.h"

/* Each process has one address space, and exec briefly holds a second
 * while it builds the new image. */
#define NADDRSPACE (2 * NPROC)
static struct spinlock as_pool_lock = SPINLOCK_INIT("as_pool");
static struct addrspace as_pool[NADDRSPACE];
static bool as_used[NADDRSPACE];        /* [as_pool_lock] */

/* A free pool slot, marked used, or NULL. */
static struct addrspace *slot_take(void)
{
    struct addrspace *as = NULL;
    spin_lock(&as_pool_lock);
    for (int i = 0; i < NADDRSPACE && !as; i++)
        if (!as_used[i]) {
            as_used[i] = true;
            as = &as_pool[i];
        }
    spin_unlock(&as_pool_lock);
    return as;
}

static void slot_release(struct addrspace *as)
{
    spin_lock(&as_pool_lock);
    as_used[as - as_pool] = false;
    spin_unlock(&as_pool_lock);
}

struct addrspace *as_create(void)
{
    struct addrspace *as = slot_take();
    if (!as)
        return NULL;
    memset(as, 0, sizeof(*as));
    sleep_lock_init(&as->lock, "addrspace");
    if (!(as->regions = kalloc()))
        goto release_slot;
    if (!(as->pgdir = pt_create()))
        goto free_regions;
    spin_lock(&as_pool_lock);
    as->refs = 1;               /* as_each may use it from now on */
    spin_unlock(&as_pool_lock);
    return as;

free_regions:
    kfree(as->regions);
release_slot:
    slot_release(as);
    return NULL;
}

void as_hold(struct addrspace *as)
{
    spin_lock(&as_pool_lock);
    as->refs++;
    spin_unlock(&as_pool_lock);
}

bool as_hold_live(struct addrspace *as)
{
    spin_lock(&as_pool_lock);
    bool live = as_used[as - as_pool] && as->refs > 0;
    if (live)
        as->refs++;
    spin_unlock(&as_pool_lock);
    return live;
}

void as_put(struct addrspace *as)
{
    spin_lock(&as_pool_lock);
    int left = --as->refs;
    spin_unlock(&as_pool_lock);
    if (left > 0)
        return;
    /* Nothing can load as any more (that needs a process using it): ask
     * the CPUs keeping it lazily to drop it, and wait until they have. */
    uint32_t lazy = __atomic_load_n(&as->cpumask, __ATOMIC_SEQ_CST);
    if (lazy)
        tlb_shootdown(lazy);
    if (as->cpumask)
        panic("as_put: address space still loaded (cpus 0x%x)", as->cpumask);
    /* Nobody else can reach it now: the lock only satisfies
     * vm_unmap_region's contract (and keeps as_each out). */
    sleep_lock(&as->lock);
    while (as->nregions > 0)
        vm_unmap_region(as, &as->regions[as->nregions - 1]);
    sleep_unlock(&as->lock);
    usyms_drop(&as->syms);
    pt_destroy(as->pgdir);
    as->pgdir = NULL;
    kfree(as->regions);
    as->regions = NULL;
    slot_release(as);
}

struct cow_state {
    struct addrspace *src;
    const struct region *r;
    bool protected;             /* a writable entry of src became read-only */
};

/* vmobj_fork callback: page pgno of r's object is shared copy-on-write
 * now; src must not write it in place any more. */
static void write_protect(void *arg, uint32_t pgno)
{
    struct cow_state *st = arg;
    uaddr_t va = st->r->start + (pgno - st->r->pgoff) * PAGE_SIZE;
    unsigned flags;
    paddr_t pa = pt_lookup(st->src->pgdir, va, &flags);
    if (pa && (flags & PT_WRITE)) {
        pt_unmap(st->src->pgdir, va);
        pt_map(st->src->pgdir, va, pa, 0);      /* its table is there */
        st->protected = true;
    }
}

/* Give dst, a fork child's address space, what region r of src maps: the
 * same object for a shared kind, a copy-on-write copy for a private one
 * (vmobj_fork decides); *protected is set if src lost write access to a
 * page. Needs both locks. 0 or -ENOMEM. */
static int copy_region(struct addrspace *dst, struct addrspace *src, const struct region *r,
                       bool *protected)
{
    struct cow_state st = { src, r, false };
    uint32_t n = (r->end - r->start) / PAGE_SIZE;
    struct vmobj *obj = r->obj ? vmobj_fork(r->obj, r->pgoff, r->pgoff + n, write_protect, &st) : NULL;
    *protected |= st.protected;
    if (r->obj && !obj)
        return -ENOMEM;
    struct region *nr;
    int err = vm_map(dst, r->start, r->end, r->prot, r->role, obj, r->pgoff, &nr);
    if (err < 0) {
        if (obj)
            vmobj_put(obj);
        return err;
    }
    nr->maxprot = r->maxprot;
    return 0;
}

struct addrspace *as_copy(struct addrspace *src)
{
    struct addrspace *dst = as_create();
    if (!dst)
        return NULL;
    int err = 0;
    bool protected = false;
    sleep_lock(&src->lock);
    sleep_lock(&dst->lock);         /* not published, but as_each can see it */
    dst->heap_start = src->heap_start;
    dst->brk = src->brk;
    usyms_copy(&dst->syms, &src->syms);
    for (int i = 0; i < src->nregions && !err; i++)
        err = copy_region(dst, src, &src->regions[i], &protected);
    /* Before fork returns, no CPU running a thread of src may write a
     * shared page through an old entry (this CPU's went with pt_unmap). */
    if (protected)
        as_shootdown(src);
    sleep_unlock(&dst->lock);
    sleep_unlock(&src->lock);
    if (err) {
        as_put(dst);
        return NULL;
    }
    return dst;
}

void as_each(void (*fn)(struct addrspace *as, void *arg), void *arg)
{
    for (int i = 0; i < NADDRSPACE; i++) {
        struct addrspace *as = &as_pool[i];
        if (!as_hold_live(as))
            continue;
        fn(as, arg);
        as_put(as);
    }
}

void as_activate(struct addrspace *as)
{
    push_cli();                 /* stay on this CPU */
    struct cpu *c = mycpu();
    struct addrspace *old = c->as;
    if (old != as) {            /* reloading CR3 would only empty the TLB */
        uint32_t bit = 1u << c->id;
        if (as)
            __atomic_or_fetch(&as->cpumask, bit, __ATOMIC_SEQ_CST);
        pt_activate(as ? as->pgdir : NULL);
        if (old)
            __atomic_and_fetch(&old->cpumask, ~bit, __ATOMIC_SEQ_CST);
        c->as = as;
    }
    pop_cli();
}

void as_activate_kernel(void)
{
    as_activate(NULL);
}

void as_drop_lazy(void)
{
    struct cpu *c = mycpu();
    if (c->as && !c->proc)
        as_activate(NULL);
}

void as_shootdown(struct addrspace *as)
{
    /* The page-table edits must be visible before the mask is read: a CPU
     * that sets its bit later loads the directory later, and sees them. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    tlb_shootdown(__atomic_load_n(&as->cpumask, __ATOMIC_SEQ_CST));
}
