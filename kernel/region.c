/* The region list: a sorted array in the address space (see region.h). */
#include "region.h"
#include "addrspace.h"
#include "lib.h"
#include "printk.h"
#include "vmobj.h"

bool region_range_free(const struct addrspace *as, uaddr_t start, uaddr_t end)
{
    for (int i = 0; i < as->nregions; i++) {
        const struct region *r = &as->regions[i];
        if (start < r->end && r->start < end)
            return false;
    }
    return true;
}

int region_insert(struct addrspace *as, const struct region *r, struct region **out)
{
    if ((r->start | r->end) & (PAGE_SIZE - 1) || r->start < USER_BASE || r->end > USER_TOP ||
        r->end < r->start || (r->end == r->start && r->role != RR_HEAP))
        return -EINVAL;
    if (r->end > r->start && !region_range_free(as, r->start, r->end))
        return -EINVAL;
    if (as->nregions == NREGION)
        return -ENOMEM;
    int i = 0;
    while (i < as->nregions && as->regions[i].start <= r->start)
        i++;
    memmove(&as->regions[i + 1], &as->regions[i], (as->nregions - i) * sizeof(*r));
    as->regions[i] = *r;
    as->nregions++;
    if (out)
        *out = &as->regions[i];
    return 0;
}

void region_delete(struct addrspace *as, struct region *r)
{
    int i = r - as->regions;
    memmove(&as->regions[i], &as->regions[i + 1], (as->nregions - i - 1) * sizeof(*r));
    as->nregions--;
}

int region_split(struct addrspace *as, struct region *r, uaddr_t at, struct region **hi)
{
    if (as->nregions == NREGION)
        return -ENOMEM;
    struct region upper = *r;
    upper.start = at;
    upper.pgoff = r->pgoff + (at - r->start) / PAGE_SIZE;
    if (upper.role == RR_HEAP)
        upper.role = RR_MAP;
    r->end = at;
    if (upper.obj) {
        vmobj_hold(upper.obj);
        vmobj_mapped(upper.obj);
    }
    int err = region_insert(as, &upper, hi);
    assert(err == 0);           /* room checked, and [at, end) was r's */
    return 0;
}

/* Can b be folded into a, its left neighbour? */
static bool mergeable(const struct region *a, const struct region *b)
{
    return a->end == b->start && a->obj && a->obj == b->obj && a->prot == b->prot &&
           a->maxprot == b->maxprot && a->role == b->role &&
           b->pgoff == a->pgoff + (a->end - a->start) / PAGE_SIZE;
}

void region_coalesce(struct addrspace *as)
{
    for (int i = 0; i + 1 < as->nregions; ) {
        struct region *a = &as->regions[i], *b = &as->regions[i + 1];
        if (!mergeable(a, b)) {
            i++;
            continue;
        }
        a->end = b->end;
        struct vmobj *obj = b->obj;
        region_delete(as, b);
        vmobj_merged(obj);      /* still mapped, by a: nobody to tell */
    }
}

struct region *region_find(struct addrspace *as, uaddr_t va)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].start <= va && va < as->regions[i].end)
            return &as->regions[i];
    return NULL;
}

struct region *region_by_role(struct addrspace *as, int role)
{
    for (int i = 0; i < as->nregions; i++)
        if (as->regions[i].role == role)
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
