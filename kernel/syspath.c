/* The calls that take a path, and the current directory: open, stat,
 * unlink, mkdir, rmdir, rename, truncate, chdir, fchdir, getcwd. Each
 * copies the path in, resolves it in the memory file system from the
 * caller's current directory with the caller's permissions (tmpfs.h), and
 * returns 0 or -errno as Linux does. New files and directories get the
 * mode asked for without the caller's umask (sysperm.c). */
#include "dev.h"
#include "file.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"
#include "syscall_proto.h"
#include "syspath.h"
#include "tmpfs.h"
#include "tmpfs_file.h"
#include "uaccess.h"
#include "shmos/fcntl.h"
#include "shmos/stat.h"

/* Run op on the copied-in path. */
static long with_path(uaddr_t upath, int (*op)(const struct tmpfs_who *who, const char *path))
{
    int err;
    char *path = copyin_path(upath, &err);
    if (!path)
        return err;
    struct tmpfs_who w = path_caller();
    err = op(&w, path);
    path_done(&w);
    kfree(path);
    return err;
}

int path_lookup(const struct tmpfs_who *who, uaddr_t upath, struct tnode **out)
{
    int err;
    char *path = copyin_path(upath, &err);
    if (!path)
        return err;
    err = tmpfs_lookup(who, path, out);
    kfree(path);
    return err;
}

/* The node the user path names for the caller, held, in *out: 0 or -errno. */
static int lookup_user(uaddr_t upath, struct tnode **out)
{
    struct tmpfs_who w = path_caller();
    int err = path_lookup(&w, upath, out);
    path_done(&w);
    return err;
}

/* The permission bits mode asks for, without the caller's umask. */
static uint32_t masked(int mode)
{
    return (uint32_t)mode & 07777 & ~myproc()->leader->umask;
}

/* Check open's flags against node n (just found or created): 0 or -errno.
 * An existing node must grant read and/or write as the flags ask (O_TRUNC
 * asks for write); one this call created is the caller's to use, whatever
 * its mode. O_TRUNC empties a file (as Linux does even when opened
 * read-only); a device ignores it. -ENXIO: a device nobody provides. */
static int open_checks(struct tnode *n, int flags, bool created)
{
    int acc = flags & O_ACCMODE;
    bool dir = tmpfs_is_dir(n);
    if ((flags & O_DIRECTORY) && !dir)
        return -ENOTDIR;
    if (dir && (acc != O_RDONLY || (flags & O_TRUNC)))
        return -EISDIR;
    if (!created) {
        int want = (acc == O_RDONLY || acc == O_RDWR ? MAY_READ : 0) |
                   (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC) ? MAY_WRITE : 0);
        int err = tmpfs_permit(proc_cred(myproc()), n, want);
        if (err)
            return err;
    }
    if (!dir && !tmpfs_is_file(n))
        return dev_ops(n->rdev) ? 0 : -ENXIO;
    if (!dir && (flags & O_TRUNC) && !created)
        return tmpfs_truncate(n, 0);
    return 0;
}

/* open: the new descriptor, or -ENOENT, -EEXIST (O_CREAT|O_EXCL),
 * -EISDIR (a directory for writing), -ENOTDIR, -ENAMETOOLONG, -EACCES,
 * -EFAULT, -ENOSPC, -ENFILE, -EMFILE. */
long sys_open(uaddr_t upath, int flags, int mode)
{
    int err;
    char *path = copyin_path(upath, &err);
    if (!path)
        return err;
    struct tnode *n;
    bool created = false;
    struct tmpfs_who w = path_caller();
    if (flags & O_CREAT)
        err = tmpfs_open_create(&w, path, masked(mode), flags & O_EXCL, &n, &created);
    else
        err = tmpfs_lookup(&w, path, &n);
    path_done(&w);
    kfree(path);
    if (err < 0)
        return err;
    if ((err = open_checks(n, flags, created)) < 0)
        goto put_node;
    int acc = flags & O_ACCMODE;
    struct file *f = tmpfs_file_open(n, acc == O_RDONLY || acc == O_RDWR,
                                     acc == O_WRONLY || acc == O_RDWR, flags & O_APPEND);
    if (!f) {
        err = -ENFILE;
        goto put_node;
    }
    int fd = fd_install(f);         /* f owns the hold on n from here */
    if (fd < 0)
        file_close(f);
    return fd;

put_node:
    tmpfs_put(n);
    return err;
}

/* stat: 0, or the lookup's -errno, -EFAULT. */
long sys_stat(uaddr_t upath, uaddr_t ust)
{
    struct tnode *n;
    int err = lookup_user(upath, &n);
    if (err < 0)
        return err;
    struct stat st;
    memset(&st, 0, sizeof(st));
    tmpfs_stat(n, &st);
    tmpfs_put(n);
    return copyout(ust, &st, sizeof(st));
}

/* mkdir: 0, -EEXIST, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EACCES, -ENOSPC,
 * -EFAULT. */
long sys_mkdir(uaddr_t upath, int mode)
{
    int err;
    char *path = copyin_path(upath, &err);
    if (!path)
        return err;
    struct tmpfs_who w = path_caller();
    err = tmpfs_mkdir(&w, path, masked(mode));
    path_done(&w);
    kfree(path);
    return err;
}

/* unlink: 0, -ENOENT, -EISDIR, -ENOTDIR, -ENAMETOOLONG, -EACCES, -EPERM
 * (sticky directory), -EFAULT. An open or mapped file lives on without its
 * name. */
long sys_unlink(uaddr_t upath)
{
    return with_path(upath, tmpfs_unlink);
}

/* rmdir: 0, -ENOENT, -ENOTDIR, -ENOTEMPTY, -EBUSY (the root), -EINVAL
 * ("."), -EACCES, -EPERM (sticky directory), -EFAULT. */
long sys_rmdir(uaddr_t upath)
{
    return with_path(upath, tmpfs_rmdir);
}

/* rename: 0, or as tmpfs_rename, -EFAULT. */
long sys_rename(uaddr_t ufrom, uaddr_t uto)
{
    int err;
    char *from = copyin_path(ufrom, &err);
    if (!from)
        return err;
    char *to = copyin_path(uto, &err);
    if (to) {
        struct tmpfs_who w = path_caller();
        err = tmpfs_rename(&w, from, to);
        path_done(&w);
        kfree(to);
    }
    kfree(from);
    return err;
}

/* truncate: 0, -EINVAL (negative, a device), -EISDIR, -EACCES (no write
 * permission), -EFBIG, the lookup's -errno. */
long sys_truncate(uaddr_t upath, int32_t len)
{
    if (len < 0)
        return -EINVAL;
    struct tnode *n;
    int err = lookup_user(upath, &n);
    if (err < 0)
        return err;
    err = tmpfs_is_file(n) ? tmpfs_permit(proc_cred(myproc()), n, MAY_WRITE) : 0;
    if (!err)
        err = tmpfs_truncate(n, (uint32_t)len);     /* -EISDIR, -EINVAL: not a file */
    tmpfs_put(n);
    return err;
}

/* Make directory n (held) the caller's current directory if it may search
 * it. 0, or -ENOTDIR, -EACCES (n is dropped then). */
static int set_cwd(struct tnode *n)
{
    struct proc *p = myproc();
    int err = tmpfs_is_dir(n) ? tmpfs_permit(proc_cred(p), n, MAY_EXEC) : -ENOTDIR;
    if (err) {
        tmpfs_put(n);
        return err;
    }
    proc_cwd_set(p, n);
    return 0;
}

/* chdir: 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EACCES, -EFAULT. */
long sys_chdir(uaddr_t upath)
{
    struct tnode *n;
    int err = lookup_user(upath, &n);
    return err < 0 ? err : set_cwd(n);
}

/* fchdir: 0, -EBADF, -ENOTDIR, -EACCES. */
long sys_fchdir(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f->type != FT_DIR)
        return -ENOTDIR;
    tmpfs_hold(f->tnode);
    return set_cwd(f->tnode);
}

/* getcwd: the current directory's absolute path into buf (size bytes);
 * its length with the NUL (as Linux's system call), or -ERANGE, -ENOENT
 * (the directory was removed), -EFAULT. */
long sys_getcwd(uaddr_t ubuf, uint32_t size)
{
    char *buf = kalloc();
    if (!buf)
        return -ENOMEM;
    struct tnode *cwd = proc_cwd_hold(myproc());
    int len = tmpfs_path(cwd, buf, MIN(size, (uint32_t)PAGE_SIZE));
    tmpfs_put(cwd);
    long err = len < 0 ? len : copyout(ubuf, buf, (uint32_t)len + 1);
    kfree(buf);
    return err < 0 ? err : len + 1;
}
