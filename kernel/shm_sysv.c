/* System V shared memory over the segment core: shmget / shmat / shmdt /
 * shmctl with Linux's flags and errors. IPC_RMID is deferred: the key is
 * released at once, attachments keep working, the pages go at the last
 * detach. Two deliberate differences from Linux: a segment marked for
 * removal cannot be attached again (EIDRM), as POSIX allows and the lab
 * asks; and SHM_RND rounding an address down to page 0 is EINVAL (page 0 is
 * never mapped; Linux maps it for root, else fails with EPERM). */
#include "segment.h"
#include "syscall_proto.h"
#include "lib.h"
#include "uaccess.h"

/* shmget: the id of key's segment, created if IPC_PRIVATE or IPC_CREAT;
 * errors as segment_get. */
long sys_shmget(int32_t key, uint32_t size, int shmflg)
{
    int flags = 0;
    if (key == IPC_PRIVATE || (shmflg & IPC_CREAT))
        flags |= SEG_GET_CREATE;
    if (shmflg & IPC_EXCL)
        flags |= SEG_GET_EXCL;
    return segment_get(key, size, flags, (uint32_t)shmflg & 0777);
}

/* shmat: attaches at addr (SHM_RND rounds it down) or, for NULL, where the
 * kernel picks; SHM_RDONLY (needs read permission, else read and write).
 * The address, or -EINVAL, -EIDRM, -EACCES, -ENOMEM. */
long sys_shmat(int id, uaddr_t addr, int shmflg)
{
    if (addr & (SHMLBA - 1)) {
        if (!(shmflg & SHM_RND))
            return -EINVAL;
        addr &= ~(uaddr_t)(SHMLBA - 1);
        if (addr == 0)
            return -EINVAL;               /* page 0 is never mapped (Linux: EPERM) */
    }
    int flags = (shmflg & SHM_RDONLY) ? SEG_AT_RDONLY : 0;
    if (addr == 0)
        flags |= SEG_AT_ANYWHERE;
    uaddr_t where;
    int err = segment_attach(id, addr, flags, &where);
    return err < 0 ? err : (long)where;   /* addresses >= 2 GiB look negative but are not -errno */
}

/* shmdt: detaches the attachment starting at addr. 0 or -EINVAL. */
long sys_shmdt(uaddr_t addr)
{
    return segment_detach_addr(addr);
}

/* shmctl: IPC_STAT (needs read permission), IPC_SET (owner and mode) or
 * IPC_RMID (deferred; both by the owner, creator or root). 0, -EINVAL,
 * -EACCES, -EPERM or -EFAULT. */
long sys_shmctl(int id, int cmd, uaddr_t ubuf)
{
    struct shmid_ds ds;
    int err;
    switch (cmd) {
    case IPC_STAT:
        if ((err = segment_stat(id, &ds)) < 0)
            return err;
        return copyout(ubuf, &ds, sizeof(ds));
    case IPC_SET:
        if ((err = copyin(&ds, ubuf, sizeof(ds))) < 0)
            return err;
        return segment_set(id, ds.shm_perm.uid, ds.shm_perm.gid, ds.shm_perm.mode);
    case IPC_RMID:
        return segment_remove(id, false);
    default:
        return -EINVAL;
    }
}
