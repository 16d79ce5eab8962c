/* The shared-memory segment core. See shm.h for the lifetime model.
 *
 * Locking: shm_lock protects the table. It is never held while allocating
 * or freeing pages in bulk or while editing an address space: creation
 * reserves a slot (SEG_CREATING), fills it outside the lock, then publishes
 * it; freeing unpublishes the slot under the lock and returns the pages
 * afterwards. Lock order: shm_lock -> kmem lock (kalloc/kfree); shm_lock is
 * never taken with ptable_lock held and never held across sleep. */
#include "shm.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"
#include "spinlock.h"

enum seg_state { SEG_FREE, SEG_CREATING, SEG_LIVE };

struct shm_segment {
    enum seg_state state;   /* [shm_lock] */
    uint32_t seq;           /* [shm_lock] advances when the slot is freed */
    bool removed;           /* [shm_lock] no longer findable; freed at nattach == 0 */
    uint32_t nattach;       /* [shm_lock] regions mapping it, in all processes */
    uint32_t size;          /* [I] bytes requested, while not FREE */
    uint32_t npages;        /* [I] */
    paddr_t *pages;         /* [I] one page holding npages physical addresses */
    int cpid;               /* [I] creator */
};

static struct spinlock shm_lock = SPINLOCK_INIT("shm");
static struct shm_segment segs[SHM_SEGMENTS];

#define SEQ_LIMIT (0x7FFFFFFF / SHM_SEGMENTS)

static int seg_id(const struct shm_segment *s)
{
    return (int)(s->seq * SHM_SEGMENTS + (uint32_t)(s - segs));
}

void shm_init(void)
{
    for (int i = 0; i < SHM_SEGMENTS; i++)
        segs[i].seq = 1;        /* ids start at SHM_SEGMENTS: 0 is never valid */
}

/* The live, not removed segment with this id, or NULL. Caller holds shm_lock. */
static struct shm_segment *seg_lookup(int id)
{
    if (id < 0)
        return NULL;
    struct shm_segment *s = &segs[(uint32_t)id % SHM_SEGMENTS];
    if (s->state != SEG_LIVE || s->removed || seg_id(s) != id)
        return NULL;
    return s;
}

/* Return the pages and the page list of a segment that has been taken out
 * of the table (no lock needed: nothing can reach it any more). */
static void free_pages(paddr_t *pages, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++)
        if (pages[i])
            kfree(P2V(pages[i]));
    kfree(pages);
}

/* Take a slot out of use; its pages are the caller's to free after
 * releasing shm_lock. Caller holds shm_lock. */
static void slot_release(struct shm_segment *s)
{
    s->state = SEG_FREE;
    s->removed = false;
    s->nattach = 0;
    s->pages = NULL;
    s->seq = s->seq + 1 < SEQ_LIMIT ? s->seq + 1 : 1;
}

int shm_create(uint32_t size)
{
    if (size == 0 || size > SHM_MAX_BYTES)
        return -EINVAL;
    uint32_t npages = PG_ROUND_UP(size) / PAGE_SIZE;

    struct shm_segment *s = NULL;
    spin_lock(&shm_lock);
    for (int i = 0; i < SHM_SEGMENTS && !s; i++)
        if (segs[i].state == SEG_FREE)
            s = &segs[i];
    if (s)
        s->state = SEG_CREATING;
    spin_unlock(&shm_lock);
    if (!s)
        return -ENOSPC;

    paddr_t *pages = kalloc();          /* zeroed: a partial fill frees cleanly */
    if (!pages)
        goto nomem;
    for (uint32_t i = 0; i < npages; i++) {
        void *page = kalloc();          /* kalloc zero-fills */
        if (!page)
            goto nomem;
        pages[i] = V2P(page);
    }
    s->size = size;
    s->npages = npages;
    s->pages = pages;
    s->cpid = myproc()->pid;
    spin_lock(&shm_lock);
    s->nattach = 0;
    s->removed = false;
    s->state = SEG_LIVE;
    int id = seg_id(s);
    spin_unlock(&shm_lock);
    return id;

nomem:
    if (pages)
        free_pages(pages, npages);
    spin_lock(&shm_lock);
    slot_release(s);
    spin_unlock(&shm_lock);
    return -ENOMEM;
}

/* Does the current process have segment s attached? */
static bool attached_here(struct addrspace *as, const struct shm_segment *s)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].kind == RK_SHM && as->regions[i].seg == s)
            return true;
    return false;
}

int shm_attach(int id, uint32_t addr, bool writable, bool once)
{
    struct addrspace *as = &myproc()->as;
    spin_lock(&shm_lock);
    struct shm_segment *s = seg_lookup(id);
    if (!s || (once && attached_here(as, s))) {
        spin_unlock(&shm_lock);
        return -EINVAL;
    }
    s->nattach++;               /* the reference the new region will hold */
    spin_unlock(&shm_lock);

    uint32_t len = s->npages * PAGE_SIZE;
    int prot = writable ? RP_READ | RP_WRITE : RP_READ;
    if ((addr & (PAGE_SIZE - 1)) || addr < USER_BASE || addr > USER_TOP - len) {
        shm_detach_ref(s);
        return -EINVAL;
    }
    int err = region_add(as, addr, addr + len, RK_SHM, prot, s);
    if (err < 0) {
        shm_detach_ref(s);
        return err;
    }
    if (vm_map_shared(as, addr, s->pages, s->npages, prot) < 0) {
        region_remove(as, region_find(as, addr));   /* drops the reference */
        return -ENOMEM;
    }
    return 0;
}

int shm_detach(int id)
{
    struct addrspace *as = &myproc()->as;
    for (int i = 0; i < as->nregions; i++) {
        struct region *r = &as->regions[i];
        if (r->kind == RK_SHM && seg_id(r->seg) == id) {
            region_remove(as, r);
            return 0;
        }
    }
    return -EINVAL;
}

int shm_remove(int id, bool refuse_busy)
{
    spin_lock(&shm_lock);
    struct shm_segment *s = seg_lookup(id);
    if (!s) {
        spin_unlock(&shm_lock);
        return -EINVAL;
    }
    if (refuse_busy && s->nattach > 0) {
        spin_unlock(&shm_lock);
        return -EBUSY;
    }
    s->removed = true;
    paddr_t *pages = NULL;
    uint32_t npages = s->npages;
    if (s->nattach == 0) {
        pages = s->pages;
        slot_release(s);
    }
    spin_unlock(&shm_lock);
    if (pages)
        free_pages(pages, npages);
    return 0;
}

void shm_attach_ref(struct shm_segment *s)
{
    spin_lock(&shm_lock);
    assert(s->state == SEG_LIVE && s->nattach > 0);
    s->nattach++;
    spin_unlock(&shm_lock);
}

void shm_detach_ref(struct shm_segment *s)
{
    paddr_t *pages = NULL;
    uint32_t npages = s->npages;
    spin_lock(&shm_lock);
    assert(s->state == SEG_LIVE && s->nattach > 0);
    if (--s->nattach == 0 && s->removed) {
        pages = s->pages;
        slot_release(s);
    }
    spin_unlock(&shm_lock);
    if (pages)
        free_pages(pages, npages);
}

uint32_t shm_count(void)
{
    uint32_t n = 0;
    spin_lock(&shm_lock);
    for (int i = 0; i < SHM_SEGMENTS; i++)
        if (segs[i].state != SEG_FREE)
            n++;
    spin_unlock(&shm_lock);
    return n;
}

int shm_snapshot(struct shminfo_rec *out, int max)
{
    int n = 0;
    spin_lock(&shm_lock);
    for (int i = 0; i < SHM_SEGMENTS && n < max; i++) {
        const struct shm_segment *s = &segs[i];
        if (s->state != SEG_LIVE)
            continue;
        out[n++] = (struct shminfo_rec){
            .id = seg_id(s), .size = s->size, .npages = s->npages, .nattach = s->nattach,
            .cpid = s->cpid, .key = 0, .flags = s->removed ? SHMINFO_REMOVED : 0,
        };
    }
    spin_unlock(&shm_lock);
    return n;
}
