/* The POSIX memory calls: mmap, munmap, mprotect, msync, with Linux's
 * flags and errors. Each mapping is a region over a memory object: a new
 * anonymous one (MAP_PRIVATE|MAP_ANONYMOUS), a new shmem one
 * (MAP_SHARED|MAP_ANONYMOUS, shared with fork children), a file's own
 * (MAP_SHARED), or an anonymous one whose pages start as copies of the
 * file's (MAP_PRIVATE); a device that asks for it (/dev/zero) maps as
 * MAP_ANONYMOUS does. New objects promise their pages at the call (ENOMEM
 * there, never at a touch) and fill them on touch; the pages an object
 * has already are mapped at once. */
#include "addrspace.h"
#include "file.h"
#include "lib.h"
#include "proc.h"
#include "syscall_proto.h"
#include "vm.h"
#include "vmobj.h"
#include "shmos/mman.h"

#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE | \
                   MAP_FIXED_NOREPLACE)

/* RP_* bits for PROT_* bits. */
static int region_prot(int prot)
{
    return ((prot & PROT_READ) ? RP_READ : 0) | ((prot & PROT_WRITE) ? RP_WRITE : 0) |
           ((prot & PROT_EXEC) ? RP_EXEC : 0);
}

/* The object a new mapping of len bytes maps, with a reference for the
 * region, and the page of it that the mapping starts at; *maxprot is what
 * mprotect may later grant. -EBADF, -ENODEV, -EACCES, -ENOMEM. */
static long mapping_object(int flags, int prot, int fd, uint32_t off, uint32_t len,
                           struct vmobj **obj, uint32_t *pgoff, int *maxprot)
{
    bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
    *maxprot = RP_READ | RP_WRITE | RP_EXEC;
    *pgoff = 0;
    struct file *f = NULL;
    if (!(flags & MAP_ANONYMOUS) && !(f = fd_get(fd)))
        return -EBADF;
    if (f && f->ops->map_anonymous) {     /* /dev/zero: as Linux, the access mode still counts */
        if (!f->readable || (shared && (prot & PROT_WRITE) && !f->writable))
            return -EACCES;
        if (shared && !f->writable)
            *maxprot &= ~RP_WRITE;
    }
    if (!f || f->ops->map_anonymous) {
        *obj = shared ? vmobj_shmem(len) : vmobj_anon(len, NULL, 0);
        return *obj ? 0 : -ENOMEM;
    }
    struct vmobj *fobj = f->ops->mmap_object ? f->ops->mmap_object(f) : NULL;
    if (!fobj)
        return -ENODEV;
    long err = 0;
    if (!f->readable) {
        err = -EACCES;
    } else if (shared) {
        if (!f->writable) {
            *maxprot &= ~RP_WRITE;
            if (prot & PROT_WRITE)
                err = -EACCES;
        }
        *obj = fobj;
        *pgoff = off / PAGE_SIZE;
        if (!err)
            return 0;
    } else if (!(*obj = vmobj_anon(len, fobj, off / PAGE_SIZE))) {
        err = -ENOMEM;
    }
    vmobj_put(fobj);            /* the private copy holds its own reference */
    return err;
}

/* Where a mapping of len bytes goes: addr itself with MAP_FIXED (whatever
 * was there is unmapped first; with MAP_FIXED_NOREPLACE it must be free),
 * else addr as a hint if the range is free, else the lowest free range of
 * the window for kernel-chosen addresses. 0 or -errno; *at is set. */
static long place(struct addrspace *as, uaddr_t addr, uint32_t len, int flags, uaddr_t *at)
{
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    uint64_t end = (uint64_t)addr + len;
    if (fixed) {
        if (addr & (PAGE_SIZE - 1))
            return -EINVAL;
        if (addr < USER_BASE)
            return -EPERM;          /* Linux: below mmap_min_addr */
        if (end > USER_TOP)
            return -ENOMEM;
        if (!region_range_free(as, addr, (uaddr_t)end)) {
            if (flags & MAP_FIXED_NOREPLACE)
                return -EEXIST;
            long err = vm_unmap(as, addr, len);
            if (err < 0)
                return err;
        }
        *at = addr;
        return 0;
    }
    addr = PG_ROUND_DOWN(addr);
    if (addr >= USER_BASE && end <= USER_TOP && region_range_free(as, addr, addr + len)) {
        *at = addr;
        return 0;
    }
    *at = region_find_gap(as, len, USER_MMAP_BASE, USER_MMAP_TOP);
    return *at ? 0 : -ENOMEM;
}

/* mmap with as->lock held. */
static long mmap_locked(struct addrspace *as, uaddr_t addr, uint32_t len, int prot, int flags,
                        int fd, uint32_t off)
{
    struct vmobj *obj;
    uint32_t pgoff;
    int maxprot;
    long err = mapping_object(flags, prot, fd, off, len, &obj, &pgoff, &maxprot);
    if (err < 0)
        return err;
    uaddr_t at;
    struct region *r;
    if ((err = place(as, addr, len, flags, &at)) < 0)
        goto put_obj;
    if ((err = vm_map(as, at, at + len, region_prot(prot), RR_MAP, obj, pgoff, &r)) < 0) {
        if (err == -EINVAL)
            err = -ENOMEM;      /* the stack's guard gap MAP_FIXED may not replace */
        goto put_obj;
    }
    r->maxprot = (uint8_t)maxprot;
    return (long)at;

put_obj:
    vmobj_put(obj);
    return err;
}

/* mmap: the mapping's address (>= 2 GiB looks negative but is not
 * -errno), or -EINVAL (length 0, unaligned offset or fixed address, bad
 * flags or protection, MAP_FIXED over the clock page), -EOPNOTSUPP (MAP_SHARED_VALIDATE with an unknown
 * flag), -EBADF, -ENODEV (not a mappable file), -EACCES (the descriptor's
 * access mode forbids it), -EPERM (a fixed address in page 0), -EEXIST
 * (MAP_FIXED_NOREPLACE over a mapping), -ENOMEM. */
long sys_mmap(uaddr_t addr, uint32_t len, int prot, int flags, int fd, uint32_t off)
{
    int type = flags & MAP_TYPE;
    if (len == 0 || (off & (PAGE_SIZE - 1)) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return -EINVAL;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == MAP_SHARED_VALIDATE && (flags & MAP_ANONYMOUS))
        return -EINVAL;         /* as Linux: validation is for files */
    if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
        return -EOPNOTSUPP;
    uint64_t rounded = PG_ROUND_UP((uint64_t)len);
    if (rounded > USER_TOP - USER_BASE)
        return -ENOMEM;
    if (!(flags & MAP_ANONYMOUS) && (uint64_t)off + rounded > 0xFFFFFFFFull)
        return -EOVERFLOW;
    struct addrspace *as = myproc()->as;
    sleep_lock(&as->lock);
    long r = mmap_locked(as, addr, (uint32_t)rounded, prot, flags, fd, off);
    sleep_unlock(&as->lock);
    return r;
}

/* munmap: 0 (also for a range that holds nothing), or -EINVAL (unaligned
 * address, length 0, outside user space, a range that touches the clock
 * page: then nothing is unmapped), -ENOMEM (a split would need
 * more regions than a process may have). */
long sys_munmap(uaddr_t addr, uint32_t len)
{
    struct addrspace *as = myproc()->as;
    sleep_lock(&as->lock);
    long err = vm_unmap(as, addr, len);
    sleep_unlock(&as->lock);
    return err;
}

/* mprotect: 0, or -EINVAL (unaligned, bad protection), -ENOMEM (part of
 * the range is not mapped), -EACCES (write access to a read-only file or
 * attachment, any change to the clock page). */
long sys_mprotect(uaddr_t addr, uint32_t len, int prot)
{
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    struct addrspace *as = myproc()->as;
    sleep_lock(&as->lock);
    long err = vm_protect(as, addr, len, region_prot(prot));
    sleep_unlock(&as->lock);
    return err;
}

/* msync: every mapping already is the memory it maps (there is no disk),
 * so this only checks its arguments: 0, -EINVAL (unaligned, bad flags),
 * -ENOMEM (part of the range is not mapped). */
long sys_msync(uaddr_t addr, uint32_t len, int flags)
{
    if ((addr & (PAGE_SIZE - 1)) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
        (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
        return -EINVAL;
    if (len == 0)
        return 0;
    struct addrspace *as = myproc()->as;
    sleep_lock(&as->lock);
    long err = vm_is_mapped(as, addr, len) ? 0 : -ENOMEM;
    sleep_unlock(&as->lock);
    return err;
}
