/* Open files of the memory file system: reading, writing and truncating a
 * file's bytes in its shmem object, and listing a directory (a device's
 * reads and writes are dev.c's).
 *
 * A file's node->io sleeping lock is held for each read, write and
 * truncate, so a truncate never frees a page that a copy is using and the
 * offset of a shared open file moves once per call. It is taken before
 * any address-space lock (copyin and copyout take the caller's; a shrinking
 * truncate takes every mapper's). */
#include "tmpfs_file.h"
#include "dev.h"
#include "file.h"
#include "kalloc.h"
#include "lib.h"
#include "sched.h"
#include "tmpfs.h"
#include "uaccess.h"
#include "vm.h"
#include "vmobj.h"

#define FILE_MAX 0x7fffffffu        /* offsets are 32-bit: the largest file */
/* Writes stop with ENOSPC while fewer pages than this are free, so that a
 * full file system leaves the kernel and the programs room to work (and
 * to remove files): 1/16 of memory. */
#define RESERVE_PAGES (kalloc_total_pages() / 16)
#define DIRENT_CHUNK 512            /* getdents bounces this much at a time */

static const char zero_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static const struct file_ops file_ops, dir_ops;

/* Where the byte at off lives: its page (0 for a hole, unless alloc
 * fills it) and the room left in that page, at most len. */
static paddr_t page_at(struct tnode *n, uint64_t off, uint32_t len, bool alloc, uint32_t *chunk)
{
    *chunk = MIN(len, PAGE_SIZE - (uint32_t)(off % PAGE_SIZE));
    return vmobj_page(n->obj, (uint32_t)(off / PAGE_SIZE), alloc ? VMOBJ_ALLOC : 0, NULL);
}

/* Needs n->io. Copy up to len bytes from off to user buf (holes read as
 * zero). The count (0 at or past the end), or -EFAULT if none moved. */
static long read_locked(struct tnode *n, uint64_t off, uaddr_t buf, uint32_t len)
{
    uint64_t size = vmobj_size(n->obj);
    if (off >= size)
        return 0;
    len = (uint32_t)MIN((uint64_t)len, size - off);
    uint32_t done = 0;
    while (done < len) {
        uint32_t chunk;
        paddr_t pa = page_at(n, off + done, len - done, false, &chunk);
        const char *src = pa ? (const char *)P2V(pa) + (off + done) % PAGE_SIZE : zero_page;
        if (copyout(buf + done, src, chunk) < 0)
            return done ? (long)done : -EFAULT;
        done += chunk;
        if (done < len && preempt_point())
            break;              /* killed: it will not see the rest */
    }
    return done;
}

int tmpfs_read_locked(struct tnode *n, uint64_t off, void *dst, uint32_t len)
{
    if (off > vmobj_size(n->obj) || vmobj_size(n->obj) - off < len)
        return -ENOEXEC;
    for (uint32_t done = 0, chunk; done < len; done += chunk) {
        paddr_t pa = page_at(n, off + done, len - done, false, &chunk);
        if (pa)
            memcpy((char *)dst + done, (const char *)P2V(pa) + (off + done) % PAGE_SIZE, chunk);
        else
            memset((char *)dst + done, 0, chunk);
    }
    return 0;
}

/* Needs n->io. Shrink n's object to size bytes: pages past it are
 * unmapped wherever they are mapped, then freed. */
static void shrink_locked(struct tnode *n, uint64_t size)
{
    vmobj_resize(n->obj, size);
    vm_object_shrinking(n->obj, (uint32_t)(PG_ROUND_UP(size) / PAGE_SIZE));
    vmobj_trim(n->obj);
}

/* Needs n->io. Copy len bytes from user buf to off, growing the file. The
 * count, or -EFBIG, -ENOSPC (out of memory), -EFAULT if none moved. */
static long write_locked(struct tnode *n, uint64_t off, uaddr_t buf, uint32_t len)
{
    if (len == 0)
        return 0;
    if (off >= FILE_MAX)
        return -EFBIG;
    len = (uint32_t)MIN((uint64_t)len, FILE_MAX - off);
    uint64_t old_size = vmobj_size(n->obj);
    if (off + len > old_size && vmobj_resize(n->obj, off + len) < 0)
        return -ENOSPC;         /* its pages cannot be promised */
    uint32_t done = 0;
    long err = 0;
    while (done < len) {
        uint32_t chunk;
        paddr_t pa = page_at(n, off + done, len - done, false, &chunk);
        if (!pa && kalloc_free_pages() > RESERVE_PAGES)
            pa = page_at(n, off + done, len - done, true, &chunk);
        if (!pa) {
            err = -ENOSPC;
            break;
        }
        if (copyin((char *)P2V(pa) + (off + done) % PAGE_SIZE, buf + done, chunk) < 0) {
            err = -EFAULT;
            break;
        }
        done += chunk;
        if (done < len && preempt_point())
            break;              /* killed: as if the write stopped here */
    }
    if (done < len && off + len > old_size)
        shrink_locked(n, MAX(old_size, off + done));    /* as if the write stopped there */
    if (done)
        tmpfs_touch(n);
    return done ? (long)done : err;
}

int tmpfs_truncate(struct tnode *n, uint64_t size)
{
    if (tmpfs_is_dir(n))
        return -EISDIR;
    if (!tmpfs_is_file(n))
        return -EINVAL;             /* a device, as Linux */
    if (size > FILE_MAX)
        return -EFBIG;
    sleep_lock(&n->io);
    int err = 0;
    if (size < vmobj_size(n->obj))
        shrink_locked(n, size);
    else
        err = vmobj_resize(n->obj, size);      /* -ENOMEM: cannot be promised */
    if (!err)
        tmpfs_touch(n);
    sleep_unlock(&n->io);
    return err;
}

static long file_read(struct file *f, uaddr_t buf, uint32_t len)
{
    struct tnode *n = f->tnode;
    sleep_lock(&n->io);
    uint32_t off = file_get_offset(f);
    long r = read_locked(n, off, buf, len);
    if (r > 0)
        file_set_offset(f, off + (uint32_t)r);
    sleep_unlock(&n->io);
    return r;
}

static long file_write(struct file *f, uaddr_t buf, uint32_t len)
{
    struct tnode *n = f->tnode;
    sleep_lock(&n->io);
    uint64_t off = f->append ? vmobj_size(n->obj) : file_get_offset(f);
    long r = write_locked(n, off, buf, len);
    if (r > 0)
        file_set_offset(f, (uint32_t)(off + (uint32_t)r));
    sleep_unlock(&n->io);
    return r;
}

static long file_pread(struct file *f, uaddr_t buf, uint32_t len, uint32_t off)
{
    sleep_lock(&f->tnode->io);
    long r = read_locked(f->tnode, off, buf, len);
    sleep_unlock(&f->tnode->io);
    return r;
}

/* pwrite ignores O_APPEND: POSIX wants the offset honoured (Linux appends,
 * a documented bug of its). */
static long file_pwrite(struct file *f, uaddr_t buf, uint32_t len, uint32_t off)
{
    sleep_lock(&f->tnode->io);
    long r = write_locked(f->tnode, off, buf, len);
    sleep_unlock(&f->tnode->io);
    return r;
}

static int file_truncate(struct file *f, uint32_t size)
{
    return tmpfs_truncate(f->tnode, size);
}

static long dir_read(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f, (void)buf, (void)n;
    return -EISDIR;
}

/* getdents: as many whole records as fit in n bytes; the offset is the
 * cookie of the next child. 0 at the end, -EINVAL if n is too small for
 * the next record, -EFAULT if nothing could be copied out. */
static long dir_getdents(struct file *f, uaddr_t buf, uint32_t n)
{
    char kbuf[DIRENT_CHUNK] __attribute__((aligned(4)));
    uint32_t pos = file_get_offset(f), done = 0;
    do {                        /* at least once: n == 0 is -EINVAL unless at the end */
        uint32_t next = pos;
        int len = tmpfs_pack_dirents(f->tnode, &next, kbuf, MIN(n - done, (uint32_t)sizeof(kbuf)));
        if (len < 0 && done == 0)
            return len;
        if (len <= 0)
            break;
        if (copyout(buf + done, kbuf, (uint32_t)len) < 0) {
            if (done == 0)
                return -EFAULT;
            break;
        }
        done += (uint32_t)len;
        pos = next;
    } while (done < n);
    file_set_offset(f, pos);
    return done;
}

void tmpfs_file_stat(struct file *f, struct stat *st)
{
    tmpfs_stat(f->tnode, st);
}

void tmpfs_file_close(struct file *f)
{
    tmpfs_put(f->tnode);
}

static struct vmobj *node_object(struct file *f)
{
    return tmpfs_object(f->tnode);
}

struct file *tmpfs_file_open(struct tnode *n, bool readable, bool writable, bool append)
{
    bool dir = tmpfs_is_dir(n), file = tmpfs_is_file(n);
    const struct file_ops *ops = dir ? &dir_ops : file ? &file_ops : dev_ops(n->rdev);
    if (!ops)
        return NULL;
    struct file *f = file_alloc(dir ? FT_DIR : file ? FT_FILE : FT_DEV, ops, readable, writable);
    if (f) {
        f->tnode = n;
        f->append = append;
    }
    return f;
}

static const struct file_ops file_ops = {
    .read = file_read,
    .write = file_write,
    .pread = file_pread,
    .pwrite = file_pwrite,
    .truncate = file_truncate,
    .stat = tmpfs_file_stat,
    .close = tmpfs_file_close,
    .mmap_object = node_object,
    .seekable = true,
};

static const struct file_ops dir_ops = {
    .read = dir_read,
    .getdents = dir_getdents,
    .stat = tmpfs_file_stat,
    .close = tmpfs_file_close,
    .seekable = true,
};
