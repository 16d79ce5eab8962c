/* The segment table shared by the xv6 and System V front ends: ids, keys,
 * modes and times, each pointing at a shmem object that owns the pages
 * (see segment.h for the lifetime model). Attachments are ordinary mappings of
 * the object (vm.c); the table hears of every region that stops mapping
 * one through the object's watcher.
 *
 * Locking: seg_lock protects the table. It is never held while allocating
 * or freeing pages in bulk or while editing an address space: segment_get
 * fills the object first and publishes the segment under the lock
 * (re-checking the key, so two racing creators of one key get one
 * segment). Attach and detach hold the caller's address-space lock
 * throughout and take seg_lock inside it; seg_lock is never held across
 * sleep, copyin or copyout. Lock order: docs/architecture.md, "Locking". */
#include "segment.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "spinlock.h"
#include "time.h"
#include "vmobj.h"

struct segment {
    bool live;              /* [seg_lock] slot in use */
    uint32_t seq;           /* [seg_lock] advances when the slot is freed */
    bool removed;           /* [seg_lock] key released, no new attaches; freed once unmapped */
    uint32_t attaching;     /* [seg_lock] attaches under way (they hold the slot) */
    key_t key;              /* [seg_lock] SEG_NO_KEY if none */
    uint32_t mode;          /* [seg_lock] permission bits */
    uint32_t uid, gid;      /* [seg_lock] owner (IPC_SET changes it) */
    uint32_t cuid, cgid;    /* [I] while live: creator */
    int lpid;               /* [seg_lock] last attach or detach */
    time_t atime, dtime, ctime;   /* [seg_lock] seconds since boot */
    uint32_t size;          /* [I] while live: bytes requested */
    struct vmobj *obj;      /* [I] while live: the pages; the slot holds a reference */
    int cpid;               /* [I] creator */
};

static struct spinlock seg_lock = SPINLOCK_INIT("segment");
static struct segment segs[SEG_MAX];
static uint32_t nlive;          /* [seg_lock] live slots */
static int top;                 /* [seg_lock] slots from here on have never been live */
static const struct vmobj_watch seg_watch;

#define SEQ_LIMIT (0x7FFFFFFF / SEG_MAX)

static int seg_id(const struct segment *s)
{
    return (int)(s->seq * SEG_MAX + (uint32_t)(s - segs));
}

void segment_init(void)
{
    for (int i = 0; i < SEG_MAX; i++)
        segs[i].seq = 1;        /* ids start at SEG_MAX: 0 and small numbers are never valid */
}

/* The live segment with this id (removed ones too), or NULL. Caller holds seg_lock. */
static struct segment *seg_lookup(int id)
{
    if (id < 0)
        return NULL;
    struct segment *s = &segs[(uint32_t)id % SEG_MAX];
    return s->live && seg_id(s) == id ? s : NULL;
}

/* The live, not removed segment with this key, or NULL. Caller holds seg_lock. */
static struct segment *seg_by_key(key_t key)
{
    for (int i = 0; i < top; i++)
        if (segs[i].live && !segs[i].removed && segs[i].key == key)
            return &segs[i];
    return NULL;
}

/* The segment whose object o is (o must be a segment's: its watcher is
 * seg_watch), or NULL if that slot has moved on. Caller holds seg_lock. */
static struct segment *seg_of(const struct vmobj *o)
{
    struct segment *s = o->watch_arg;
    return s->live && s->obj == o ? s : NULL;
}

/* May the caller do want (MAY_*) to s? 0 or -EACCES. Caller holds seg_lock. */
static int seg_permit(const struct segment *s, int want)
{
    return cred_permit(proc_cred(myproc()), s->uid, s->gid, s->mode, want);
}

/* What segment_get returns for an existing segment, asked for with the
 * permission bits mode. Caller holds seg_lock. */
static int existing_result(const struct segment *s, uint32_t size, int flags, uint32_t mode)
{
    if ((flags & SEG_GET_CREATE) && (flags & SEG_GET_EXCL))
        return -EEXIST;
    int err = seg_permit(s, cred_ipc_want(mode));
    if (err < 0)
        return err;
    return size > s->size ? -EINVAL : seg_id(s);
}

/* The one "may this be freed now?" check: a removed segment that no
 * region maps and no attach is about to map leaves the table. Returns its
 * object, whose reference the caller drops after releasing seg_lock (NULL
 * if the segment stays). Caller holds seg_lock. */
static struct vmobj *seg_maybe_release(struct segment *s)
{
    if (!s->removed || s->attaching > 0 || vmobj_nmaps(s->obj) > 0)
        return NULL;
    struct vmobj *obj = s->obj;
    s->live = false;
    nlive--;
    s->removed = false;
    s->obj = NULL;
    s->seq = s->seq + 1 < SEQ_LIMIT ? s->seq + 1 : 1;
    return obj;
}

/* The watcher: a region stopped mapping a segment's object (a detach, or
 * the exit or exec of an attached process). */
static void seg_unmapped(struct vmobj *o, void *arg)
{
    (void)arg;
    spin_lock(&seg_lock);
    struct segment *s = seg_of(o);
    struct vmobj *gone = NULL;
    if (s) {
        s->lpid = myproc() ? myproc()->pid : 0;
        s->dtime = time_sec();
        gone = seg_maybe_release(s);
    }
    spin_unlock(&seg_lock);
    if (gone)
        vmobj_put(gone);
}

static const struct vmobj_watch seg_watch = { .unmapped = seg_unmapped };

/* A new shmem object of size bytes, every page promised (and filled on
 * touch), or NULL. */
static struct vmobj *new_object(uint32_t size)
{
    return vmobj_shmem(size);
}

/* Name s's object for pmap: its id, and key if it has one. Caller
 * holds seg_lock. */
static void label_object(struct vmobj *obj, const struct segment *s)
{
    char buf[VMOBJ_LABEL_MAX];
    if (s->key == SEG_NO_KEY)
        ksnprintf(buf, sizeof(buf), "segment %d", seg_id(s));
    else
        ksnprintf(buf, sizeof(buf), "segment %d key 0x%x", seg_id(s), (uint32_t)s->key);
    vmobj_set_label(obj, buf);
}

int segment_get(key_t key, uint32_t size, int flags, uint32_t mode)
{
    struct segment *s;
    if (key != SEG_NO_KEY) {
        spin_lock(&seg_lock);
        s = seg_by_key(key);
        int r = s ? existing_result(s, size, flags, mode) : -ENOENT;
        spin_unlock(&seg_lock);
        if (s || !(flags & SEG_GET_CREATE))
            return r;
    }
    if (size == 0 || size > SEG_MAX_BYTES)
        return -EINVAL;
    if (segment_count() == SEG_MAX)
        return -ENOSPC;                 /* don't allocate just to find the table full */
    struct vmobj *obj = new_object(size);
    if (!obj)
        return -ENOMEM;

    int r = -ENOSPC;
    spin_lock(&seg_lock);
    if (key != SEG_NO_KEY && (s = seg_by_key(key))) {
        r = existing_result(s, size, flags, mode);     /* another creator won the race */
    } else {
        for (int i = 0; i < SEG_MAX && r == -ENOSPC; i++) {
            s = &segs[i];
            if (s->live)
                continue;
            const struct cred *c = proc_cred(myproc());
            *s = (struct segment){
                .live = true, .seq = s->seq, .key = key, .mode = mode & 0777,
                .uid = c->euid, .gid = c->egid, .cuid = c->euid, .cgid = c->egid,
                .ctime = time_sec(), .size = size, .obj = obj, .cpid = myproc()->pid,
            };
            nlive++;
            top = MAX(top, i + 1);
            vmobj_watch(obj, &seg_watch, s);    /* nobody else has seen obj yet */
            label_object(obj, s);
            obj = NULL;
            r = seg_id(s);
        }
    }
    spin_unlock(&seg_lock);
    if (obj)
        vmobj_put(obj);
    return r;
}

/* An attach is over (done or failed): it no longer holds the slot. */
static void attach_done(struct segment *s, bool mapped)
{
    spin_lock(&seg_lock);
    s->attaching--;
    if (mapped) {
        s->lpid = myproc()->pid;
        s->atime = time_sec();
    }
    struct vmobj *gone = seg_maybe_release(s);
    spin_unlock(&seg_lock);
    if (gone)
        vmobj_put(gone);
}

/* shm_attach with as->lock held (the region list cannot change under it). */
static int attach_locked(struct addrspace *as, int id, uaddr_t addr, int flags, uaddr_t *where)
{
    spin_lock(&seg_lock);
    struct segment *s = seg_lookup(id);
    int want = (flags & SEG_AT_RDONLY) ? MAY_READ : MAY_READ | MAY_WRITE;
    int err = !s ? -EINVAL : s->removed ? -EIDRM
            : (flags & SEG_AT_ONCE) && vm_maps_object(as, s->obj) ? -EINVAL
            : seg_permit(s, want);
    if (!err) {
        s->attaching++;         /* keeps the slot (and s->obj) until attach_done */
        vmobj_hold(s->obj);     /* the reference the new region will own */
    }
    spin_unlock(&seg_lock);
    if (err)
        return err;

    uint32_t len = PG_ROUND_UP(s->size);
    int prot = (flags & SEG_AT_RDONLY) ? RP_READ : RP_READ | RP_WRITE;
    struct region *r;
    if (addr == 0 && (flags & SEG_AT_ANYWHERE)) {
        addr = region_find_gap(as, len, USER_MMAP_BASE, USER_MMAP_TOP);
        err = addr ? 0 : -ENOMEM;
    } else if ((addr & (PAGE_SIZE - 1)) || addr < USER_BASE || addr > USER_TOP - len) {
        err = -EINVAL;
    }
    if (err)
        goto drop_ref;
    if ((err = vm_map(as, addr, addr + len, prot, RR_MAP, s->obj, 0, &r)) < 0)
        goto drop_ref;
    r->maxprot = (uint8_t)(prot | RP_EXEC);
    attach_done(s, true);
    *where = addr;
    return 0;

drop_ref:
    vmobj_put(s->obj);
    attach_done(s, false);
    return err;
}

int segment_attach(int id, uaddr_t addr, int flags, uaddr_t *where)
{
    struct addrspace *as = myproc()->as;
    sleep_lock(&as->lock);
    int err = attach_locked(as, id, addr, flags, where);
    sleep_unlock(&as->lock);
    return err;
}

/* Needs as->lock. Is r an attachment of a segment (of the one with this
 * id, unless any)? r->obj is pinned by the region: its watcher cannot
 * change. */
static bool is_attachment(const struct region *r, bool any, int id)
{
    if (!r->obj || r->obj->watch != &seg_watch)
        return false;
    if (any)
        return true;
    spin_lock(&seg_lock);
    const struct segment *s = seg_of(r->obj);
    bool match = s && seg_id(s) == id;
    spin_unlock(&seg_lock);
    return match;
}

int segment_detach_id(int id)
{
    struct addrspace *as = myproc()->as;
    int err = -EINVAL;
    sleep_lock(&as->lock);
    for (int i = 0; i < as->nregions; i++) {
        if (is_attachment(&as->regions[i], false, id)) {
            vm_unmap_region(as, &as->regions[i]);
            err = 0;
            break;
        }
    }
    sleep_unlock(&as->lock);
    return err;
}

int segment_detach_addr(uaddr_t addr)
{
    struct addrspace *as = myproc()->as;
    int err = -EINVAL;
    sleep_lock(&as->lock);
    struct region *r = region_find(as, addr);
    if (r && r->start == addr && is_attachment(r, true, 0)) {
        vm_unmap_region(as, r);
        err = 0;
    }
    sleep_unlock(&as->lock);
    return err;
}

int segment_remove(int id, bool refuse_busy)
{
    struct vmobj *gone = NULL;
    int err = 0;
    spin_lock(&seg_lock);
    struct segment *s = seg_lookup(id);
    if (!s) {
        err = -EINVAL;
    } else if ((err = cred_owns(proc_cred(myproc()), s->uid, s->cuid)) < 0) {
        /* not the owner, creator or root */
    } else if (refuse_busy && (vmobj_nmaps(s->obj) > 0 || s->attaching > 0)) {
        err = -EBUSY;
    } else if (!s->removed) {
        s->removed = true;
        s->ctime = time_sec();
        gone = seg_maybe_release(s);
    }
    spin_unlock(&seg_lock);
    if (gone)
        vmobj_put(gone);
    return err;
}

int segment_stat(int id, struct shmid_ds *ds)
{
    spin_lock(&seg_lock);
    const struct segment *s = seg_lookup(id);
    int err = !s ? -EINVAL : seg_permit(s, MAY_READ);
    if (!err) {
        *ds = (struct shmid_ds){
            .shm_perm = { .__key = s->removed ? IPC_PRIVATE : s->key,
                          .uid = s->uid, .gid = s->gid, .cuid = s->cuid, .cgid = s->cgid,
                          .mode = (uint16_t)(s->mode | (s->removed ? SHM_DEST : 0)),
                          .__seq = (uint16_t)s->seq },
            .shm_segsz = s->size, .shm_atime = s->atime, .shm_dtime = s->dtime,
            .shm_ctime = s->ctime, .shm_cpid = s->cpid, .shm_lpid = s->lpid,
            .shm_nattch = vmobj_nmaps(s->obj),
        };
    }
    spin_unlock(&seg_lock);
    return err;
}

int segment_set(int id, uint32_t uid, uint32_t gid, uint32_t mode)
{
    spin_lock(&seg_lock);
    struct segment *s = seg_lookup(id);
    int err = !s ? -EINVAL : cred_owns(proc_cred(myproc()), s->uid, s->cuid);
    if (!err) {
        s->uid = uid;
        s->gid = gid;
        s->mode = mode & 0777;
        s->ctime = time_sec();
    }
    spin_unlock(&seg_lock);
    return err;
}

uint32_t segment_count(void)
{
    spin_lock(&seg_lock);
    uint32_t n = nlive;
    spin_unlock(&seg_lock);
    return n;
}

int segment_snapshot(struct shminfo_rec *out, int max, int *slot)
{
    int n = 0;
    spin_lock(&seg_lock);
    for (; *slot < top && n < max; (*slot)++) {
        const struct segment *s = &segs[*slot];
        if (!s->live)
            continue;
        out[n++] = (struct shminfo_rec){
            .id = seg_id(s), .size = s->size, .npages = vmobj_npages(s->obj),
            .nattach = vmobj_nmaps(s->obj), .cpid = s->cpid,
            .key = s->removed ? IPC_PRIVATE : s->key,
            .flags = s->removed ? SHMINFO_REMOVED : 0,
        };
    }
    spin_unlock(&seg_lock);
    return n;
}
