/* The calls on file descriptors: check the descriptor and the arguments,
 * then hand the work to the file's kind through its file_ops. The calls
 * that take a path are in syspath.c. Every error is -errno. */
#include "file.h"
#include "lib.h"
#include "pipe.h"
#include "proc.h"
#include "syscall_proto.h"
#include "uaccess.h"
#include "shmos/fcntl.h"
#include "shmos/stat.h"

#define COUNT_MAX 0x7fffffffu   /* largest byte count read/write/getdents accept */

long sys_read(int fd, uaddr_t buf, uint32_t n)
{
    struct file *f = fd_get(fd);
    if (!f || !f->readable)
        return -EBADF;
    if (n > COUNT_MAX)
        return -EINVAL;
    return f->ops->read(f, buf, n);
}

/* write: -EBADF unless fd is open for writing, -EINVAL for n > 2^31 - 1. */
long sys_write(int fd, uaddr_t buf, uint32_t n)
{
    struct file *f = fd_get(fd);
    if (!f || !f->writable)
        return -EBADF;
    if (n > COUNT_MAX)
        return -EINVAL;
    return f->ops->write(f, buf, n);
}

/* close: 0 or -EBADF. */
long sys_close(int fd)
{
    struct file *f = fd_take(fd);
    if (!f)
        return -EBADF;
    file_close(f);
    return 0;
}

/* dup: the lowest free descriptor, or -EBADF, -EMFILE. */
long sys_dup(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    int newfd = fd_install(file_dup(f));
    if (newfd < 0)
        file_close(f);
    return newfd;
}

/* Make newfd refer to oldfd's file, closing what newfd held first. */
long sys_dup2(int oldfd, int newfd)
{
    struct file *f = fd_get(oldfd);
    if (!f || newfd < 0 || newfd >= NOFILE)
        return -EBADF;
    if (newfd == oldfd)
        return newfd;
    struct file *old;
    if (fd_replace(newfd, file_dup(f), &old) < 0) {
        file_close(f);
        return -ENOMEM;
    }
    if (old)
        file_close(old);
    return newfd;
}

/* Empty fd, just given a new file, dropping what it holds: that file (the
 * table held its only reference) or, if another thread closed fd
 * (dropping it) and opened something there meanwhile, that (the
 * descriptor was never told to anyone); nothing if fd was left empty. */
static void put_back(int fd)
{
    struct file *g = fd_take(fd);
    if (g)
        file_close(g);
}

/* Create a pipe and store {read fd, write fd} at ufds (int[2]). Nothing is
 * left open on error. */
long sys_pipe(uaddr_t ufds)
{
    struct file *rf, *wf;
    int fds[2];
    int err = pipe_open(&rf, &wf);
    if (err < 0)
        return err;
    if ((err = fds[0] = fd_install(rf)) < 0)
        goto close_files;
    if ((err = fds[1] = fd_install(wf)) < 0)
        goto uninstall_read;
    if ((err = copyout(ufds, fds, sizeof(fds))) < 0)
        goto uninstall_both;
    return 0;

uninstall_both:
    put_back(fds[1]);
    put_back(fds[0]);
    return err;
uninstall_read:
    put_back(fds[0]);
    file_close(wf);
    return err;
close_files:
    file_close(rf);
    file_close(wf);
    return err;
}

/* fstat: 0, -EBADF or -EFAULT. */
long sys_fstat(int fd, uaddr_t ust)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    struct stat st;
    memset(&st, 0, sizeof(st));
    f->ops->stat(f, &st);
    return copyout(ust, &st, sizeof(st));
}

/* Move the offset of a file or directory (past a file's end is fine: the
 * hole reads as zeros). Returns the new offset;
 * -ESPIPE on a pipe or the console, -EINVAL for a bad whence or a negative
 * result, -EOVERFLOW past 2^31 - 1. */
long sys_lseek(int fd, int32_t off, int whence)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (!f->ops->seekable)
        return -ESPIPE;
    struct stat st;
    memset(&st, 0, sizeof(st));
    f->ops->stat(f, &st);
    uint32_t cur;
    int64_t to;
    do {
        cur = file_get_offset(f);
        if (whence == SEEK_SET)
            to = off;
        else if (whence == SEEK_CUR)
            to = (int64_t)cur + off;
        else if (whence == SEEK_END)
            to = (int64_t)st.st_size + off;
        else
            return -EINVAL;
        if (to < 0)
            return -EINVAL;
        if (to > INT32_MAX)
            return -EOVERFLOW;
    } while (!file_cas_offset(f, cur, (uint32_t)to));
    return (long)to;
}

/* getdents: packed records of a directory; 0 at the end. -EBADF, -ENOTDIR,
 * -EINVAL (buf too small for the next one), -EFAULT. */
long sys_getdents(int fd, uaddr_t buf, uint32_t n)
{
    struct file *f = fd_get(fd);
    if (!f || !f->readable)
        return -EBADF;
    if (!f->ops->getdents)
        return -ENOTDIR;
    if (n > COUNT_MAX)
        return -EINVAL;
    return f->ops->getdents(f, buf, n);
}

/* pread: like read at offset off, leaving the file's offset alone. The
 * count, or -EBADF, -EINVAL (negative offset), -ESPIPE (not a file),
 * -EISDIR, -EFAULT. */
long sys_pread(int fd, uaddr_t buf, uint32_t n, int32_t off)
{
    struct file *f = fd_get(fd);
    if (!f || !f->readable)
        return -EBADF;
    if (n > COUNT_MAX || off < 0)
        return -EINVAL;
    if (f->type == FT_DIR)
        return -EISDIR;
    if (!f->ops->pread)
        return -ESPIPE;
    return f->ops->pread(f, buf, n, (uint32_t)off);
}

/* pwrite: like write at offset off (even with O_APPEND), leaving the
 * file's offset alone. The count, or as pread, -EFBIG, -ENOSPC. */
long sys_pwrite(int fd, uaddr_t buf, uint32_t n, int32_t off)
{
    struct file *f = fd_get(fd);
    if (!f || !f->writable)
        return -EBADF;
    if (n > COUNT_MAX || off < 0)
        return -EINVAL;
    if (!f->ops->pwrite)
        return -ESPIPE;
    return f->ops->pwrite(f, buf, n, (uint32_t)off);
}

/* ftruncate: set the size of a file open for writing. 0, -EBADF, -EINVAL
 * (negative, not a file, or not open for writing, as Linux), -EFBIG. */
long sys_ftruncate(int fd, int32_t len)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (len < 0 || !f->writable || !f->ops->truncate)
        return -EINVAL;
    return f->ops->truncate(f, (uint32_t)len);
}

/* fsync: files live in memory, so there is nothing to write back. 0,
 * -EBADF, or -EINVAL for a pipe, the console or a device (as Linux). */
long sys_fsync(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    return f->type == FT_FILE || f->type == FT_DIR ? 0 : -EINVAL;
}
