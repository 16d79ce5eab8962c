/* Memory objects: the two kinds and what they share (see vmobj.h). The
 * kinds differ only in their operations; nothing outside this file asks
 * which kind an object is.
 *
 * Locking: o->lock protects an object's counts, size and pages. Page
 * allocation and freeing happen under it (kmem.lock is a leaf); an
 * anonymous object's lock may be held while taking its source's (a
 * source is always shmem, so the nesting is one deep).
 *
 * Commitment: an object promises (mem_commit) a page for every index of
 * its size and the tables of its store (o->charge), when it is made or
 * grows, and gives the promise back when it shrinks (vmobj_trim) or
 * goes. Its pages and tables come from that promise (kalloc_promised),
 * so a first touch never fails. The kernel-wide count of promised pages
 * not yet taken is, exactly, the sum over objects of the indices without
 * a page and the tables not yet made, plus, for each page shared
 * copy-on-write by k objects, k - 1 (the copies that may still be made).
 * Each operation below keeps that sum.
 *
 * Copy-on-write: a fork of a private object shares its pages with the
 * copy (page_share); a page held by several objects is mapped read-only
 * everywhere, and the first write through one of them copies it, or, if
 * the others have let go meanwhile, just writes it. */
#include "vmobj.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "slab.h"

#define MAX_PAGES (1u << 20)        /* what a pagestore holds: 4 GiB */

struct vmobj_ops {
    const char *name;
    /* The object a fork child maps in place of o's pages [from, to);
     * shared(arg, pgno) for each page o now shares copy-on-write (its
     * mappings must stop writing it). */
    struct vmobj *(*fork)(struct vmobj *o, uint32_t from, uint32_t to,
                          void (*shared)(void *arg, uint32_t pgno), void *arg);
    /* Pages no region maps any more: may they go now? */
    bool release_unmapped;
    /* Write o's description into buf (size bytes, NUL-terminated);
     * needs o->lock. Returns whether a fork shares o. */
    bool (*describe)(struct vmobj *o, char *buf, size_t size);
};

static struct slab vmobj_slab = SLAB_INIT("vmobj", struct vmobj);
static const struct vmobj_ops anon_ops, shmem_ops;
/* [atomic] pages present in shmem objects, for free's shared and
 * buff/cache columns (a statistic: read racily). */
static uint32_t shmem_resident;

/* Count delta more (or fewer) pages present in o. Needs o->lock, or o
 * unreachable. */
static void resident_add(struct vmobj *o, int32_t delta)
{
    o->nresident += (uint32_t)delta;
    if (o->ops == &shmem_ops)
        __atomic_add_fetch(&shmem_resident, (uint32_t)delta, __ATOMIC_RELAXED);
}

/* What an object of npages pages promises: each page and its tables. */
static uint32_t charge_for(uint32_t npages)
{
    return npages + ps_tables(npages);
}

/* A new object of this kind and size with one reference and its pages
 * promised, or NULL (too big, out of memory or of promises). */
static struct vmobj *vmobj_new(const struct vmobj_ops *ops, uint64_t size)
{
    if (size > (uint64_t)MAX_PAGES * PAGE_SIZE)
        return NULL;
    uint32_t npages = (uint32_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (mem_commit(charge_for(npages)) < 0)
        return NULL;
    struct vmobj *o = slab_alloc(&vmobj_slab);
    if (!o) {
        mem_uncommit(charge_for(npages));
        return NULL;
    }
    spin_init(&o->lock, "vmobj");
    o->ops = ops;
    o->refs = 1;
    o->size = size;
    o->npages = npages;
    o->charge = charge_for(npages);
    return o;
}

/* Let go of one of an object's pages: free it if no other object shares
 * it (its index keeps its promise), else only the share goes. */
static void drop_page(paddr_t pa)
{
    if (page_unshare(pa))
        kfree_promised(P2V(pa));
}

struct vmobj *vmobj_anon(uint64_t size, struct vmobj *source, uint32_t source_pgoff)
{
    struct vmobj *o = vmobj_new(&anon_ops, size);
    if (o && source) {
        vmobj_hold(source);
        o->source = source;
        o->source_pgoff = source_pgoff;
    }
    return o;
}

struct vmobj *vmobj_shmem(uint64_t size)
{
    return vmobj_new(&shmem_ops, size);
}

void vmobj_hold(struct vmobj *o)
{
    spin_lock(&o->lock);
    assert(o->refs > 0);
    o->refs++;
    spin_unlock(&o->lock);
}

void vmobj_put(struct vmobj *o)
{
    spin_lock(&o->lock);
    assert(o->refs > 0);
    bool last = --o->refs == 0;
    spin_unlock(&o->lock);
    if (!last)
        return;
    /* Nobody else can reach it: no lock needed to take it apart. */
    assert(o->nmaps == 0);
    ps_truncate(&o->pages, 0, drop_page);
    resident_add(o, -(int32_t)o->nresident);
    mem_uncommit(o->charge);
    if (o->source)
        vmobj_put(o->source);
    slab_free(&vmobj_slab, o);
}

void vmobj_mapped(struct vmobj *o)
{
    spin_lock(&o->lock);
    o->nmaps++;
    spin_unlock(&o->lock);
}

void vmobj_unmapped(struct vmobj *o)
{
    spin_lock(&o->lock);
    assert(o->nmaps > 0);
    o->nmaps--;
    spin_unlock(&o->lock);
    if (o->watch)
        o->watch->unmapped(o, o->watch_arg);
}

void vmobj_merged(struct vmobj *o)
{
    spin_lock(&o->lock);
    assert(o->nmaps > 1 && o->refs > 1);
    o->nmaps--;
    o->refs--;
    spin_unlock(&o->lock);
}

struct each_state {
    void (*fn)(void *arg, uint32_t pgno, paddr_t pa, bool writable);
    void *arg;
};

/* ps_each callback: hand one page on, saying whether it may be written. */
static void each_one(void *arg, uint32_t pgno, paddr_t pa)
{
    struct each_state *st = arg;
    st->fn(st->arg, pgno, pa, page_exclusive(pa));
}

void vmobj_each_page(struct vmobj *o, uint32_t from, uint32_t to,
                     void (*fn)(void *arg, uint32_t pgno, paddr_t pa, bool writable), void *arg)
{
    struct each_state st = { fn, arg };
    spin_lock(&o->lock);
    ps_each(&o->pages, from, MIN(to, o->npages), each_one, &st);
    spin_unlock(&o->lock);
}

/* A new page for index pgno of o, from its promise: a copy of the
 * source's page, or zeroed. Caller holds o->lock. */
static void *new_page(struct vmobj *o, uint32_t pgno)
{
    void *page = kalloc_promised();     /* zero-filled */
    if (!o->source)
        return page;
    struct vmobj *src = o->source;
    spin_lock(&src->lock);
    uint32_t spg = o->source_pgoff + pgno;
    paddr_t spa = spg < src->npages ? ps_get(&src->pages, spg) : 0;
    if (spa)
        memcpy(page, P2V(spa), PAGE_SIZE);
    spin_unlock(&src->lock);
    return page;
}

/* Needs o->lock. Make index pgno's page, pa, o's alone (copying it if
 * another object still shares it); the page it holds now. */
static paddr_t unshare_locked(struct vmobj *o, uint32_t pgno, paddr_t pa)
{
    if (page_exclusive(pa))
        return pa;
    void *copy = kalloc_promised();     /* one of the copies the fork promised */
    memcpy(copy, P2V(pa), PAGE_SIZE);
    ps_take(&o->pages, pgno);
    ps_set(&o->pages, pgno, V2P(copy));
    /* Had the others let go meanwhile, the copy was not needed after all:
     * freeing the original gives its promise back. */
    drop_page(pa);
    return V2P(copy);
}

paddr_t vmobj_page(struct vmobj *o, uint32_t pgno, unsigned how, bool *writable)
{
    spin_lock(&o->lock);
    paddr_t pa = 0;
    if (pgno < o->npages) {
        pa = ps_get(&o->pages, pgno);
        if (!pa && (how & VMOBJ_ALLOC)) {
            pa = V2P(new_page(o, pgno));
            ps_set(&o->pages, pgno, pa);
            resident_add(o, 1);
        } else if (pa && (how & VMOBJ_WRITE)) {
            pa = unshare_locked(o, pgno, pa);
        }
    }
    if (writable)
        *writable = pa && page_exclusive(pa);
    spin_unlock(&o->lock);
    return pa;
}

int vmobj_adopt(struct vmobj *o, uint32_t pgno, paddr_t pa)
{
    spin_lock(&o->lock);
    int err = pgno >= o->npages || ps_get(&o->pages, pgno) ? -EINVAL : 0;
    if (!err) {
        ps_set(&o->pages, pgno, pa);
        mem_consume(1);             /* the index's promise is kept by pa */
        resident_add(o, 1);
    }
    spin_unlock(&o->lock);
    return err;
}

struct vmobj *vmobj_fork(struct vmobj *o, uint32_t from, uint32_t to,
                         void (*shared)(void *arg, uint32_t pgno), void *arg)
{
    return o->ops->fork(o, from, to, shared, arg);
}

/* A shared kind: the child maps the same object. */
static struct vmobj *fork_share(struct vmobj *o, uint32_t from, uint32_t to,
                                void (*shared)(void *arg, uint32_t pgno), void *arg)
{
    (void)from;
    (void)to;
    (void)shared;
    (void)arg;
    vmobj_hold(o);
    return o;
}

struct share_state {
    struct vmobj *copy;
    void (*shared)(void *arg, uint32_t pgno);
    void *arg;
};

/* ps_each callback: the copy holds page pa at pgno too. */
static void share_page(void *arg, uint32_t pgno, paddr_t pa)
{
    struct share_state *st = arg;
    page_share(pa);
    ps_set(&st->copy->pages, pgno, pa);
    resident_add(st->copy, 1);
    st->shared(st->arg, pgno);
}

/* A private kind: the child gets a copy of o whose pages, for now, are
 * o's own, shared copy-on-write. The copy's charge promises a page for
 * each index: for an absent one its first touch, for a shared one the
 * copy that one of the sharers may have to make. */
static struct vmobj *fork_cow(struct vmobj *o, uint32_t from, uint32_t to,
                              void (*shared)(void *arg, uint32_t pgno), void *arg)
{
    spin_lock(&o->lock);
    uint64_t size = o->size;
    spin_unlock(&o->lock);
    struct vmobj *c = vmobj_anon(size, o->source, o->source_pgoff);
    if (!c)
        return NULL;
    struct share_state st = { c, shared, arg };
    /* c is private to this call: its pages need no lock of its own. */
    spin_lock(&o->lock);
    ps_each(&o->pages, from, MIN(to, MIN(o->npages, c->npages)), share_page, &st);
    memcpy(c->label, o->label, sizeof(c->label));
    spin_unlock(&o->lock);
    return c;
}

void vmobj_release_range(struct vmobj *o, uint32_t pgno, uint32_t n)
{
    if (!o->ops->release_unmapped)
        return;
    spin_lock(&o->lock);
    uint32_t end = MIN(pgno + n, o->npages);
    for (uint32_t i = pgno; i < end && o->nresident > 0; i++) {
        paddr_t pa = ps_take(&o->pages, i);
        if (pa) {
            drop_page(pa);
            resident_add(o, -1);
        }
    }
    spin_unlock(&o->lock);
}

int vmobj_resize(struct vmobj *o, uint64_t size)
{
    if (size > (uint64_t)MAX_PAGES * PAGE_SIZE)
        return -EFBIG;
    uint32_t npages = (uint32_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    spin_lock(&o->lock);
    /* Growing promises the new pages first; a shrink keeps its promise
     * until vmobj_trim has let the pages go. */
    uint32_t charge = charge_for(npages);
    if (charge > o->charge) {
        if (mem_commit(charge - o->charge) < 0) {
            spin_unlock(&o->lock);
            return -ENOMEM;
        }
        o->charge = charge;
    }
    if (size < o->size) {
        /* The tail of a partial last page reads as zero if it grows again. */
        paddr_t last = (size % PAGE_SIZE) ? ps_get(&o->pages, npages - 1) : 0;
        if (last)
            memset((char *)P2V(last) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
    }
    o->size = size;
    o->npages = npages;
    spin_unlock(&o->lock);
    return 0;
}

void vmobj_trim(struct vmobj *o)
{
    spin_lock(&o->lock);
    resident_add(o, -(int32_t)ps_truncate(&o->pages, o->npages, drop_page));
    uint32_t charge = charge_for(o->npages);
    if (charge < o->charge) {
        mem_uncommit(o->charge - charge);
        o->charge = charge;
    }
    spin_unlock(&o->lock);
}

uint64_t vmobj_size(struct vmobj *o)
{
    spin_lock(&o->lock);
    uint64_t size = o->size;
    spin_unlock(&o->lock);
    return size;
}

uint32_t vmobj_npages(struct vmobj *o)
{
    spin_lock(&o->lock);
    uint32_t n = o->npages;
    spin_unlock(&o->lock);
    return n;
}

uint32_t vmobj_nmaps(struct vmobj *o)
{
    spin_lock(&o->lock);
    uint32_t n = o->nmaps;
    spin_unlock(&o->lock);
    return n;
}

void vmobj_watch(struct vmobj *o, const struct vmobj_watch *w, void *arg)
{
    o->watch = w;
    o->watch_arg = arg;
}

uint32_t vmobj_count(void)
{
    return slab_count(&vmobj_slab);
}

uint32_t vmobj_shmem_pages(void)
{
    return __atomic_load_n(&shmem_resident, __ATOMIC_RELAXED);
}

bool vmobj_is_shmem(const struct vmobj *o)
{
    return o->ops == &shmem_ops;
}

void vmobj_set_label(struct vmobj *o, const char *label)
{
    spin_lock(&o->lock);
    strlcpy(o->label, label, sizeof(o->label));
    spin_unlock(&o->lock);
}

bool vmobj_describe(struct vmobj *o, char *buf, size_t size)
{
    spin_lock(&o->lock);
    bool shared = o->ops->describe(o, buf, size);
    spin_unlock(&o->lock);
    return shared;
}

/* The kind's name, then the label if any. Needs o->lock. */
static void describe_plain(const struct vmobj *o, char *buf, size_t size)
{
    ksnprintf(buf, size, o->label[0] ? "%s %s" : "%s", o->ops->name, o->label);
}

/* anonymous: its own label (exec names a program's text and data), else
 * the label of what it copies from. Needs o->lock; takes the source's
 * (one deep: a source is shmem). */
static bool anon_describe(struct vmobj *o, char *buf, size_t size)
{
    if (o->label[0] || !o->source) {
        describe_plain(o, buf, size);
        return false;
    }
    spin_lock(&o->source->lock);
    ksnprintf(buf, size, "%s copy of %s", o->ops->name,
              o->source->label[0] ? o->source->label : o->source->ops->name);
    spin_unlock(&o->source->lock);
    return false;
}

/* shmem: its label names it (file, segment). Needs o->lock. */
static bool shmem_describe(struct vmobj *o, char *buf, size_t size)
{
    describe_plain(o, buf, size);
    return true;
}

static const struct vmobj_ops anon_ops = {
    .name = "anon",
    .fork = fork_cow,
    .release_unmapped = true,
    .describe = anon_describe,
};

static const struct vmobj_ops shmem_ops = {
    .name = "shmem",
    .fork = fork_share,
    .release_unmapped = false,
    .describe = shmem_describe,
};
