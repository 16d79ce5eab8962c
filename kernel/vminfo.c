/* A process's memory map for pmap: vm_regions() and vm_pages()
 * (include/shmos/vminfo.h). Any process may look at any other's map: it
 * shows addresses, rights and physical frames, not contents. The target
 * may exit or exec meanwhile: each call holds a reference to the address
 * space it reports on (proc_as_get), reads it under its as->lock into a
 * kernel page, and copies that out after letting go (the target may be
 * the caller itself, whose copyout takes its own as->lock). No locks of
 * its own. */
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"
#include "region.h"
#include "syscall_proto.h"
#include "uaccess.h"
#include "vmobj.h"
#include "shmos/vminfo.h"

#define REGIONS_PER_PAGE ((int)(PAGE_SIZE / sizeof(struct vm_region)))
_Static_assert(VM_PAGES_MAX * sizeof(struct vm_page) <= PAGE_SIZE, "a page holds a call's pages");
_Static_assert((int)RR_MAP == VMR_MAP && (int)RR_TEXT == VMR_TEXT && (int)RR_DATA == VMR_DATA &&
               (int)RR_HEAP == VMR_HEAP && (int)RR_STACK == VMR_STACK &&
               (int)RR_GUARD == VMR_GUARD && (int)RR_VCLOCK == VMR_VCLOCK, "roles are ABI");
_Static_assert(RP_READ == VMR_READ && RP_WRITE == VMR_WRITE && RP_EXEC == VMR_EXEC,
               "rights are ABI");

/* Count r's present and dirty pages. Needs as->lock. */
static void count_pages(const struct addrspace *as, const struct region *r, struct vm_region *out)
{
    for (uaddr_t va = r->start; va < r->end; va += PAGE_SIZE) {
        unsigned flags;
        if (pt_lookup(as->pgdir, va, &flags)) {
            out->resident++;
            out->dirty += (flags & PT_DIRTY) != 0;
        }
    }
}

/* Describe up to max of as's regions, from the one at index from, into
 * out; returns how many. Needs as->lock. */
static int describe_regions(const struct addrspace *as, int from, int max, struct vm_region *out)
{
    int n = 0;
    for (int i = from; i < as->nregions && n < max; i++, n++) {
        const struct region *r = &as->regions[i];
        out[n] = (struct vm_region){
            .start = r->start, .end = r->end, .pgoff = r->pgoff,
            .prot = r->prot, .maxprot = r->maxprot, .role = r->role,
        };
        if (r->obj)
            out[n].shared = vmobj_describe(r->obj, out[n].backing, sizeof(out[n].backing));
        count_pages(as, r, &out[n]);
    }
    return n;
}

/* vm_regions: up to max of pid's regions into ubuf, a page of records at
 * a time (each batch consistent; the map may change between them); how
 * many it has, or -ESRCH, -EPERM, -EINVAL (max < 0), -EFAULT, -ENOMEM. */
long sys_vm_regions(int pid, uaddr_t ubuf, int max)
{
    if (max < 0)
        return -EINVAL;
    struct addrspace *as;
    int err = proc_as_get(pid, &as);
    if (err < 0)
        return err;
    struct vm_region *buf = kalloc();
    if (!buf) {
        as_put(as);
        return -ENOMEM;
    }
    int done = 0, total = 0;
    for (;;) {
        memset(buf, 0, PAGE_SIZE);
        sleep_lock(&as->lock);
        total = as->nregions;
        int got = describe_regions(as, done, MIN(max - done, REGIONS_PER_PAGE), buf);
        sleep_unlock(&as->lock);
        /* Copied out with as->lock free: as may be the caller's own. */
        if (got == 0 || (err = copyout(ubuf + (uaddr_t)done * sizeof(*buf), buf,
                                       (size_t)got * sizeof(*buf))) < 0)
            break;
        done += got;
    }
    as_put(as);
    kfree(buf);
    return err < 0 ? err : total;
}

/* The record of user page va. Needs as->lock. */
static struct vm_page page_record(struct addrspace *as, uaddr_t va)
{
    struct vm_page rec = { 0 };
    const struct region *r = region_find(as, va);
    unsigned flags;
    paddr_t pa = r ? pt_lookup(as->pgdir, va, &flags) : 0;
    if (!pa)
        return rec;
    rec.frame = pa;
    rec.holders = (uint16_t)MIN(page_holders(pa), 0xFFFFu);
    rec.flags = VMP_PRESENT | ((flags & PT_WRITE) ? VMP_WRITABLE : 0) |
                ((flags & PT_DIRTY) ? VMP_DIRTY : 0) | ((flags & PT_ACCESSED) ? VMP_ACCESSED : 0);
    if ((r->prot & RP_WRITE) && !(flags & PT_WRITE))
        rec.flags |= VMP_COW;
    return rec;
}

/* vm_pages: the records of n pages of pid from page-aligned addr on
 * into ubuf; n, or -ESRCH, -EINVAL (addr unaligned, n < 0 or above
 * VM_PAGES_MAX, the range wraps), -EFAULT, -ENOMEM. Pages outside
 * every region are reported absent. */
long sys_vm_pages(int pid, uaddr_t addr, int n, uaddr_t ubuf)
{
    if ((addr & (PAGE_SIZE - 1)) || n < 0 || n > VM_PAGES_MAX ||
        (uint64_t)addr + (uint64_t)n * PAGE_SIZE > 0x100000000ull)
        return -EINVAL;
    struct addrspace *as;
    int err = proc_as_get(pid, &as);
    if (err < 0)
        return err;
    struct vm_page *buf = kalloc();
    if (!buf) {
        as_put(as);
        return -ENOMEM;
    }
    sleep_lock(&as->lock);
    for (int i = 0; i < n; i++)
        buf[i] = page_record(as, addr + (uaddr_t)i * PAGE_SIZE);
    sleep_unlock(&as->lock);
    as_put(as);
    err = copyout(ubuf, buf, (size_t)n * sizeof(*buf));
    kfree(buf);
    return err < 0 ? err : n;
}
