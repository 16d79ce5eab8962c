/* Memory objects: the two kinds and what they share (see vmobj.h). The
 * kinds differ only in their operations; nothing outside this file asks
 * which kind an object is.
 *
 * Locking: o->lock protects an object's counts, size and pages. Page
 * allocation and freeing happen under it (kmem.lock is a leaf); an
 * anonymous object's lock may be held while taking its source's (a
 * source is always shmem, so the nesting is one deep). */
#include "vmobj.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "slab.h"

#define MAX_PAGES (1u << 20)        /* what a pagestore holds: 4 GiB */

struct vmobj_ops {
    const char *name;
    /* The object a fork child maps in place of o. */
    struct vmobj *(*fork)(struct vmobj *o);
    /* Pages no region maps any more: may they go now? */
    bool release_unmapped;
};

static struct slab vmobj_slab = SLAB_INIT("vmobj", struct vmobj);
static const struct vmobj_ops anon_ops, shmem_ops;

/* A new object of this kind and size with one reference, or NULL. */
static struct vmobj *vmobj_new(const struct vmobj_ops *ops, uint64_t size)
{
    if (size > (uint64_t)MAX_PAGES * PAGE_SIZE)
        return NULL;
    struct vmobj *o = slab_alloc(&vmobj_slab);
    if (!o)
        return NULL;
    spin_init(&o->lock, "vmobj");
    o->ops = ops;
    o->refs = 1;
    o->size = size;
    o->npages = (uint32_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    return o;
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
    ps_truncate(&o->pages, 0);
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

void vmobj_each_page(struct vmobj *o, uint32_t from, uint32_t to,
                     void (*fn)(void *arg, uint32_t pgno, paddr_t pa), void *arg)
{
    spin_lock(&o->lock);
    ps_each(&o->pages, from, MIN(to, o->npages), fn, arg);
    spin_unlock(&o->lock);
}

/* A new page for index pgno of o: a copy of the source's page, or zeroed.
 * Caller holds o->lock. */
static void *new_page(struct vmobj *o, uint32_t pgno)
{
    void *page = kalloc();          /* zero-filled */
    if (!page || !o->source)
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

paddr_t vmobj_page(struct vmobj *o, uint32_t pgno, bool alloc, bool *oom)
{
    spin_lock(&o->lock);
    paddr_t pa = 0;
    if (pgno < o->npages && !(pa = ps_get(&o->pages, pgno)) && alloc) {
        void *page = new_page(o, pgno);
        if (page && ps_set(&o->pages, pgno, V2P(page)) == 0) {
            pa = V2P(page);
            o->nresident++;
        } else {
            if (page)
                kfree(page);
            if (oom)
                *oom = true;
        }
    }
    spin_unlock(&o->lock);
    return pa;
}

int vmobj_adopt(struct vmobj *o, uint32_t pgno, paddr_t pa)
{
    spin_lock(&o->lock);
    int err = pgno >= o->npages || ps_get(&o->pages, pgno) ? -EINVAL : ps_set(&o->pages, pgno, pa);
    if (!err)
        o->nresident++;
    spin_unlock(&o->lock);
    return err;
}

int vmobj_fill(struct vmobj *o)
{
    uint32_t n = vmobj_npages(o);
    for (uint32_t pgno = 0; pgno < n; pgno++) {
        bool oom = false;
        if (!vmobj_page(o, pgno, true, &oom) && oom)
            return -ENOMEM;
    }
    return 0;
}

struct vmobj *vmobj_fork(struct vmobj *o)
{
    return o->ops->fork(o);
}

/* A shared kind: the child maps the same object. */
static struct vmobj *fork_share(struct vmobj *o)
{
    vmobj_hold(o);
    return o;
}

/* Copy one present page of a private object into the copy c. */
struct copy_state {
    struct vmobj *copy;
    bool failed;
};

static void copy_page(void *arg, uint32_t pgno, paddr_t pa)
{
    struct copy_state *st = arg;
    if (st->failed)
        return;
    void *page = kalloc();
    if (!page || ps_set(&st->copy->pages, pgno, V2P(page)) < 0) {
        if (page)
            kfree(page);
        st->failed = true;
        return;
    }
    memcpy(page, P2V(pa), PAGE_SIZE);
    st->copy->nresident++;
}

/* A private kind: the child gets its own copy of every present page. */
static struct vmobj *fork_copy(struct vmobj *o)
{
    spin_lock(&o->lock);
    uint64_t size = o->size;
    spin_unlock(&o->lock);
    struct vmobj *c = vmobj_anon(size, o->source, o->source_pgoff);
    if (!c)
        return NULL;
    struct copy_state st = { c, false };
    /* c is private to this call: its pages need no lock of its own. */
    spin_lock(&o->lock);
    ps_each(&o->pages, 0, o->npages, copy_page, &st);
    spin_unlock(&o->lock);
    if (st.failed) {
        vmobj_put(c);
        return NULL;
    }
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
            kfree(P2V(pa));
            o->nresident--;
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
    o->nresident -= ps_truncate(&o->pages, o->npages);
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

static const struct vmobj_ops anon_ops = {
    .name = "anon",
    .fork = fork_copy,
    .release_unmapped = true,
};

static const struct vmobj_ops shmem_ops = {
    .name = "shmem",
    .fork = fork_share,
    .release_unmapped = false,
};
