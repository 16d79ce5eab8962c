/* The shared-memory segment core. See shm.h for the lifetime model.
 *
 * Locking: shm_lock protects the table. It is never held while allocating
 * or freeing pages in bulk or while editing an address space: shm_get
 * allocates the pages first and publishes the segment under the lock
 * (re-checking the key, so two racing creators of one key get one segment);
 * freeing unpublishes the slot under the lock and returns the pages after.
 * Attach and detach hold the caller's address-space lock throughout and
 * take shm_lock inside it; shm_lock is never held across sleep, copyin or
 * copyout. Lock order: docs/architecture.md, "Locking". */
#include "shm.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "spinlock.h"
#include "time.h"

struct shm_segment {
    bool live;              /* [shm_lock] slot in use */
    uint32_t seq;           /* [shm_lock] advances when the slot is freed; stable (readable
                             * without the lock) while the reader holds an attachment */
    bool removed;           /* [shm_lock] key released, no new attaches; freed at nattach == 0 */
    uint32_t nattach;       /* [shm_lock] regions mapping it, in all processes */
    key_t key;              /* [shm_lock] SHM_NO_KEY if none */
    uint32_t mode;          /* [shm_lock] permission bits */
    int lpid;               /* [shm_lock] last attach or detach */
    time_t atime, dtime, ctime;   /* [shm_lock] seconds since boot */
    uint32_t size;          /* [I] while live: bytes requested */
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
        segs[i].seq = 1;        /* ids start at SHM_SEGMENTS: 0 and small numbers are never valid */
}

/* The live segment with this id (removed ones too), or NULL. Caller holds shm_lock. */
static struct shm_segment *seg_lookup(int id)
{
    if (id < 0)
        return NULL;
    struct shm_segment *s = &segs[(uint32_t)id % SHM_SEGMENTS];
    return s->live && seg_id(s) == id ? s : NULL;
}

/* The live, not removed segment with this key, or NULL. Caller holds shm_lock. */
static struct shm_segment *seg_by_key(key_t key)
{
    for (int i = 0; i < SHM_SEGMENTS; i++)
        if (segs[i].live && !segs[i].removed && segs[i].key == key)
            return &segs[i];
    return NULL;
}

/* What shm_get returns for an existing segment. Caller holds shm_lock. */
static int existing_result(const struct shm_segment *s, uint32_t size, int flags)
{
    if ((flags & SHM_GET_CREATE) && (flags & SHM_GET_EXCL))
        return -EEXIST;
    return size > s->size ? -EINVAL : seg_id(s);
}

/* Free a page list and the pages in it (entries left 0 are skipped). The
 * segment owning them must already be out of the table. */
static void free_pages(paddr_t *pages, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++)
        if (pages[i])
            kfree(P2V(pages[i]));
    kfree(pages);
}

/* A page list of npages zero-filled pages, or NULL with nothing leaked. */
static paddr_t *alloc_pages(uint32_t npages)
{
    paddr_t *pages = kalloc();          /* zeroed, so a partial fill frees cleanly */
    if (!pages)
        return NULL;
    for (uint32_t i = 0; i < npages; i++) {
        void *page = kalloc();
        if (!page) {
            free_pages(pages, npages);
            return NULL;
        }
        pages[i] = V2P(page);
    }
    return pages;
}

/* Take a slot out of use and return its page list, for the caller to free
 * after releasing shm_lock. Caller holds shm_lock. */
static paddr_t *slot_release(struct shm_segment *s)
{
    paddr_t *pages = s->pages;
    s->live = false;
    s->removed = false;
    s->nattach = 0;
    s->pages = NULL;
    s->seq = s->seq + 1 < SEQ_LIMIT ? s->seq + 1 : 1;
    return pages;
}

int shm_get(key_t key, uint32_t size, int flags, uint32_t mode)
{
    struct shm_segment *s;
    if (key != SHM_NO_KEY) {
        spin_lock(&shm_lock);
        s = seg_by_key(key);
        int r = s ? existing_result(s, size, flags) : -ENOENT;
        spin_unlock(&shm_lock);
        if (s || !(flags & SHM_GET_CREATE))
            return r;
    }
    if (size == 0 || size > SHM_MAX_BYTES)
        return -EINVAL;
    if (shm_count() == SHM_SEGMENTS)
        return -ENOSPC;                 /* don't allocate just to find the table full */
    uint32_t npages = PG_ROUND_UP(size) / PAGE_SIZE;
    paddr_t *pages = alloc_pages(npages);
    if (!pages)
        return -ENOMEM;

    int r = -ENOSPC;
    spin_lock(&shm_lock);
    if (key != SHM_NO_KEY && (s = seg_by_key(key))) {
        r = existing_result(s, size, flags);     /* another creator won the race */
    } else {
        for (int i = 0; i < SHM_SEGMENTS && r == -ENOSPC; i++) {
            s = &segs[i];
            if (s->live)
                continue;
            *s = (struct shm_segment){
                .live = true, .seq = s->seq, .key = key, .mode = mode & 0777,
                .ctime = time_sec(), .size = size, .npages = npages, .pages = pages,
                .cpid = myproc()->pid,
            };
            pages = NULL;
            r = seg_id(s);
        }
    }
    spin_unlock(&shm_lock);
    if (pages)
        free_pages(pages, npages);
    return r;
}

/* Drop one attachment; free the segment if it was the last one of a
 * removed segment. Records a detach (lpid, dtime) when asked. */
static void seg_unref(struct shm_segment *s, bool record)
{
    paddr_t *pages = NULL;
    uint32_t npages = s->npages;
    spin_lock(&shm_lock);
    assert(s->live && s->nattach > 0);
    if (record) {
        s->lpid = myproc()->pid;
        s->dtime = time_sec();
    }
    if (--s->nattach == 0 && s->removed)
        pages = slot_release(s);
    spin_unlock(&shm_lock);
    if (pages)
        free_pages(pages, npages);
}

/* Does as hold an attachment of s? Needs as->lock. */
static bool attached_in(const struct addrspace *as, const struct shm_segment *s)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].kind == RK_SHM && as->regions[i].seg == s)
            return true;
    return false;
}

/* shm_attach with as->lock held (the region list cannot change under it). */
static int attach_locked(struct addrspace *as, int id, uaddr_t addr, int flags, uaddr_t *where)
{
    spin_lock(&shm_lock);
    struct shm_segment *s = seg_lookup(id);
    int err = !s ? -EINVAL : s->removed ? -EIDRM
            : (flags & SHM_AT_ONCE) && attached_in(as, s) ? -EINVAL : 0;
    if (!err)
        s->nattach++;           /* the reference the new region will hold */
    spin_unlock(&shm_lock);
    if (err)
        return err;

    uint32_t len = s->npages * PAGE_SIZE;
    int prot = (flags & SHM_AT_RDONLY) ? RP_READ : RP_READ | RP_WRITE;
    struct region *r;
    if (addr == 0 && (flags & SHM_AT_ANYWHERE)) {
        addr = region_find_gap(as, len, USER_MMAP_BASE, USER_MMAP_TOP);
        err = addr ? 0 : -ENOMEM;
    } else if ((addr & (PAGE_SIZE - 1)) || addr < USER_BASE || addr > USER_TOP - len) {
        err = -EINVAL;
    }
    if (err)
        goto drop_ref;
    if ((err = region_add(as, addr, addr + len, RK_SHM, prot, s, &r)) < 0)
        goto drop_ref;
    if ((err = vm_map_shared(as, addr, s->pages, s->npages, prot)) < 0)
        goto forget_region;
    spin_lock(&shm_lock);
    s->lpid = myproc()->pid;
    s->atime = time_sec();
    spin_unlock(&shm_lock);
    *where = addr;
    return 0;

forget_region:
    region_forget(as, r);
drop_ref:
    seg_unref(s, false);
    return err;
}

int shm_attach(int id, uaddr_t addr, int flags, uaddr_t *where)
{
    struct addrspace *as = myproc()->as;
    sleep_lock(&as->lock);
    int err = attach_locked(as, id, addr, flags, where);
    sleep_unlock(&as->lock);
    return err;
}

int shm_detach_id(int id)
{
    struct addrspace *as = myproc()->as;
    int err = -EINVAL;
    sleep_lock(&as->lock);
    for (int i = 0; i < as->nregions; i++) {
        struct region *r = &as->regions[i];
        /* r->seg is pinned by the region's reference: its seq cannot change. */
        if (r->kind == RK_SHM && seg_id(r->seg) == id) {
            region_remove(as, r);
            err = 0;
            break;
        }
    }
    sleep_unlock(&as->lock);
    return err;
}

int shm_detach_addr(uaddr_t addr)
{
    struct addrspace *as = myproc()->as;
    int err = -EINVAL;
    sleep_lock(&as->lock);
    struct region *r = region_find(as, addr);
    if (r && r->kind == RK_SHM && r->start == addr) {
        region_remove(as, r);
        err = 0;
    }
    sleep_unlock(&as->lock);
    return err;
}

int shm_remove(int id, bool refuse_busy)
{
    paddr_t *pages = NULL;
    uint32_t npages = 0;
    int err = 0;
    spin_lock(&shm_lock);
    struct shm_segment *s = seg_lookup(id);
    if (!s) {
        err = -EINVAL;
    } else if (refuse_busy && s->nattach > 0) {
        err = -EBUSY;
    } else if (!s->removed) {
        s->removed = true;
        s->ctime = time_sec();
        npages = s->npages;
        if (s->nattach == 0)
            pages = slot_release(s);
    }
    spin_unlock(&shm_lock);
    if (pages)
        free_pages(pages, npages);
    return err;
}

int shm_stat(int id, struct shmid_ds *ds)
{
    spin_lock(&shm_lock);
    const struct shm_segment *s = seg_lookup(id);
    if (s) {
        *ds = (struct shmid_ds){
            .shm_perm = { .__key = s->removed ? IPC_PRIVATE : s->key,
                          .mode = (uint16_t)(s->mode | (s->removed ? SHM_DEST : 0)),
                          .__seq = (uint16_t)s->seq },
            .shm_segsz = s->size, .shm_atime = s->atime, .shm_dtime = s->dtime,
            .shm_ctime = s->ctime, .shm_cpid = s->cpid, .shm_lpid = s->lpid,
            .shm_nattch = s->nattach,
        };
    }
    spin_unlock(&shm_lock);
    return s ? 0 : -EINVAL;
}

int shm_set_mode(int id, uint32_t mode)
{
    spin_lock(&shm_lock);
    struct shm_segment *s = seg_lookup(id);
    if (s) {
        s->mode = mode & 0777;
        s->ctime = time_sec();
    }
    spin_unlock(&shm_lock);
    return s ? 0 : -EINVAL;
}

void shm_attach_ref(struct shm_segment *s)
{
    spin_lock(&shm_lock);
    assert(s->live && s->nattach > 0);
    s->nattach++;
    spin_unlock(&shm_lock);
}

void shm_detach_ref(struct shm_segment *s)
{
    seg_unref(s, true);
}

void shm_attach_unref(struct shm_segment *s)
{
    seg_unref(s, false);
}

uint32_t shm_count(void)
{
    uint32_t n = 0;
    spin_lock(&shm_lock);
    for (int i = 0; i < SHM_SEGMENTS; i++)
        n += segs[i].live;
    spin_unlock(&shm_lock);
    return n;
}

int shm_snapshot(struct shminfo_rec *out, int max)
{
    int n = 0;
    spin_lock(&shm_lock);
    for (int i = 0; i < SHM_SEGMENTS && n < max; i++) {
        const struct shm_segment *s = &segs[i];
        if (!s->live)
            continue;
        out[n++] = (struct shminfo_rec){
            .id = seg_id(s), .size = s->size, .npages = s->npages, .nattach = s->nattach,
            .cpid = s->cpid, .key = s->removed ? IPC_PRIVATE : s->key,
            .flags = s->removed ? SHMINFO_REMOVED : 0,
        };
    }
    spin_unlock(&shm_lock);
    return n;
}
