/* /dev/null and /dev/zero (dev.h). Their files hold their node like any
 * open file of the memory file system (its stat and close are
 * tmpfs_file.c's); the offset is kept but means nothing. Poll is left to
 * the default: always readable and writable. */
#include "dev.h"
#include "file.h"
#include "lib.h"
#include "sched.h"
#include "tmpfs_file.h"
#include "uaccess.h"

static const char zeros[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long null_read(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f, (void)buf, (void)n;
    return 0;
}

static long null_pread(struct file *f, uaddr_t buf, uint32_t n, uint32_t off)
{
    (void)off;
    return null_read(f, buf, n);
}

/* Writes to either device succeed whole, touching nothing. */
static long sink_write(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f, (void)buf;
    return n;
}

static long sink_pwrite(struct file *f, uaddr_t buf, uint32_t n, uint32_t off)
{
    (void)off;
    return sink_write(f, buf, n);
}

/* n zero bytes to user buf, a page at a time. The count, or -EFAULT if
 * none could be written; a killed reader stops early. */
static long zero_read(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f;
    uint32_t done = 0;
    while (done < n) {
        uint32_t chunk = MIN(n - done, (uint32_t)PAGE_SIZE);
        if (copyout(buf + done, zeros, chunk) < 0)
            return done ? (long)done : -EFAULT;
        done += chunk;
        if (done < n && preempt_point())
            break;
    }
    return done;
}

static long zero_pread(struct file *f, uaddr_t buf, uint32_t n, uint32_t off)
{
    (void)off;
    return zero_read(f, buf, n);
}

static const struct file_ops null_ops = {
    .read = null_read,
    .write = sink_write,
    .pread = null_pread,
    .pwrite = sink_pwrite,
    .stat = tmpfs_file_stat,
    .close = tmpfs_file_close,
    .seekable = true,
};

static const struct file_ops zero_ops = {
    .read = zero_read,
    .write = sink_write,
    .pread = zero_pread,
    .pwrite = sink_pwrite,
    .stat = tmpfs_file_stat,
    .close = tmpfs_file_close,
    .map_anonymous = true,
    .seekable = true,
};

const struct file_ops *dev_ops(uint32_t rdev)
{
    switch (rdev) {
    case DEV_NULL: return &null_ops;
    case DEV_ZERO: return &zero_ops;
    default: return NULL;
    }
}
