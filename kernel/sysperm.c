/* The calls on files' owners and permissions: chmod, fchmod, chown,
 * fchown, umask, access. The rules are tmpfs.c's and cred.c's (who may
 * change what); these calls find the node, by path or descriptor, and
 * return 0 or -errno as Linux does. */
#include "file.h"
#include "lib.h"
#include "proc.h"
#include "syscall_proto.h"
#include "syspath.h"
#include "tmpfs.h"
#include "shmos/errno.h"

/* The node open descriptor fd refers to, in *out (not held: fd_get keeps
 * the file, and so the node, while the call runs). 0, -EBADF, or -EINVAL
 * for a pipe or the console (POSIX allows refusing fchmod and fchown
 * there). */
static int fd_node(int fd, struct tnode **out)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f->type != FT_FILE && f->type != FT_DIR && f->type != FT_DEV)
        return -EINVAL;
    *out = f->tnode;
    return 0;
}

/* chmod: 0, -EPERM (neither root nor the owner), -EFAULT, the lookup's
 * -errno (-ENOENT, -ENOTDIR, -EACCES, ...). */
long sys_chmod(uaddr_t upath, uint32_t mode)
{
    struct tmpfs_who w = path_caller();
    struct tnode *n;
    int err = path_lookup(&w, upath, &n);
    if (err == 0) {
        err = tmpfs_chmod(w.cred, n, mode);
        tmpfs_put(n);
    }
    path_done(&w);
    return err;
}

/* fchmod: 0, -EBADF, -EINVAL (a pipe or the console), -EPERM. */
long sys_fchmod(int fd, uint32_t mode)
{
    struct tnode *n;
    int err = fd_node(fd, &n);
    return err < 0 ? err : tmpfs_chmod(proc_cred(myproc()), n, mode);
}

/* chown: 0, -EPERM (cred_may_chown), -EFAULT, the lookup's -errno. */
long sys_chown(uaddr_t upath, uint32_t uid, uint32_t gid)
{
    struct tmpfs_who w = path_caller();
    struct tnode *n;
    int err = path_lookup(&w, upath, &n);
    if (err == 0) {
        err = tmpfs_chown(w.cred, n, uid, gid);
        tmpfs_put(n);
    }
    path_done(&w);
    return err;
}

/* fchown: 0, -EBADF, -EINVAL (a pipe or the console), -EPERM. */
long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
    struct tnode *n;
    int err = fd_node(fd, &n);
    return err < 0 ? err : tmpfs_chown(proc_cred(myproc()), n, uid, gid);
}

/* umask: set the caller's mask to mask & 0777; the old mask. */
long sys_umask(uint32_t mask)
{
    struct proc *lead = myproc()->leader;     /* the process's, for all its threads */
    return (long)__atomic_exchange_n(&lead->umask, mask & 0777, __ATOMIC_RELAXED);
}

/* access: may the caller's real user and group do mode (R_OK, W_OK, X_OK,
 * or F_OK 0: exists) to path, searching it with them too? 0, -EACCES,
 * -EINVAL (other bits), -EFAULT, the lookup's -errno. Root (real uid 0)
 * may read and write anything, and execute what has an x bit. */
long sys_access(uaddr_t upath, int mode)
{
    if (mode & ~(MAY_READ | MAY_WRITE | MAY_EXEC))
        return -EINVAL;
    struct cred real = *proc_cred(myproc());
    real.euid = real.ruid;
    real.egid = real.rgid;
    struct tmpfs_who w = { proc_cwd_hold(myproc()), &real };
    struct tnode *n;
    int err = path_lookup(&w, upath, &n);
    if (err == 0) {
        err = tmpfs_permit(&real, n, mode);
        tmpfs_put(n);
    }
    path_done(&w);
    return err;
}
