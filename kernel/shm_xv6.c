/* The xv6 lab's interface to the segment core: shm_create / shm_attach /
 * shm_detach / shm_destroy, plus shm_list for ipcs. Segments have no key;
 * a segment attaches at most once per process (detach names it by id), and
 * destroy is refused while it is attached anywhere (the lab's choice). */
#include "segment.h"
#include "syscall_proto.h"
#include "kalloc.h"
#include "lib.h"
#include "uaccess.h"

/* shm_create: a new keyless segment. Its id, or -EINVAL, -ENOSPC, -ENOMEM. */
long sys_shm_create(int size)
{
    if (size <= 0)
        return -EINVAL;
    return segment_get(SEG_NO_KEY, (uint32_t)size, SEG_GET_CREATE, 0666);
}

/* shm_attach: maps segment id at addr (page-aligned, free), once per
 * process. 0, as in the lab (the caller chose the address), or -EINVAL,
 * -EIDRM, -ENOMEM. */
long sys_shm_attach(int id, uaddr_t addr)
{
    uaddr_t where;
    return segment_attach(id, addr, SEG_AT_ONCE, &where);
}

/* shm_detach: 0, or -EINVAL if id is not attached here. */
long sys_shm_detach(int id)
{
    return segment_detach_id(id);
}

/* shm_destroy: frees an unattached segment. 0, -EINVAL or -EBUSY. */
long sys_shm_destroy(int id)
{
    return segment_remove(id, true);
}

/* shm_list (for ipcs): up to max records, a page of them at a time (each
 * page a consistent snapshot; segments may come and go between pages).
 * Their number, -EINVAL, -ENOMEM, -EFAULT. */
long sys_shm_list(uaddr_t ubuf, int max)
{
    if (max < 0)
        return -EINVAL;
    struct shminfo_rec *buf = kalloc();
    if (!buf)
        return -ENOMEM;
    const int per_page = (int)(PAGE_SIZE / sizeof(*buf));
    int n = 0, slot = 0, got, err = 0;
    while (n < max && (got = segment_snapshot(buf, MIN(max - n, per_page), &slot)) > 0) {
        if ((err = copyout(ubuf + (uaddr_t)n * sizeof(*buf), buf, (uint32_t)got * sizeof(*buf))) < 0)
            break;
        n += got;
    }
    kfree(buf);
    return err < 0 ? err : n;
}
