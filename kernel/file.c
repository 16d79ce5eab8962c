/* The open file objects (from a slab, at most NFILE system-wide) and the
 * per-process descriptor tables that point at them. Each kind of file (console, pipe,
 * initrd) supplies its own file_ops; this file only counts references. */
#include "file.h"
#include "console.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "slab.h"
#include "spinlock.h"

/* Protects every file's ref and off, and nfiles. */
static struct spinlock file_lock = SPINLOCK_INIT("file");
static struct slab file_slab = SLAB_INIT("file", struct file);
static uint32_t nfiles;             /* [file_lock] files allocated, at most NFILE */

/* Give back one of nfiles (a file freed, or one never allocated). */
static void file_forget(void)
{
    spin_lock(&file_lock);
    nfiles--;
    spin_unlock(&file_lock);
}

struct file *file_alloc(enum file_type type, const struct file_ops *ops,
                        bool readable, bool writable)
{
    spin_lock(&file_lock);
    bool room = nfiles < NFILE;
    nfiles += room;
    spin_unlock(&file_lock);
    struct file *f = room ? slab_alloc(&file_slab) : NULL;
    if (!f) {
        if (room)
            file_forget();
        return NULL;
    }
    /* Ours alone until the caller publishes it. */
    f->ref = 1;
    f->off = 0;
    f->type = type;
    f->ops = ops;
    f->readable = readable;
    f->writable = writable;
    f->append = false;
    f->pipe = NULL;
    f->tnode = NULL;
    return f;
}

struct file *file_dup(struct file *f)
{
    spin_lock(&file_lock);
    assert(f->ref > 0);
    f->ref++;
    spin_unlock(&file_lock);
    return f;
}

void file_close(struct file *f)
{
    spin_lock(&file_lock);
    assert(f->ref > 0);
    if (--f->ref > 0) {
        spin_unlock(&file_lock);
        return;
    }
    /* Free it first, then let the kind release its object from a copy:
     * ops->close may take other locks and wake sleepers. */
    struct file last = *f;
    spin_unlock(&file_lock);
    slab_free(&file_slab, f);
    file_forget();
    if (last.ops->close)
        last.ops->close(&last);
}

uint32_t file_get_offset(struct file *f)
{
    spin_lock(&file_lock);
    uint32_t off = f->off;
    spin_unlock(&file_lock);
    return off;
}

void file_set_offset(struct file *f, uint32_t off)
{
    spin_lock(&file_lock);
    f->off = off;
    spin_unlock(&file_lock);
}

bool file_cas_offset(struct file *f, uint32_t old, uint32_t to)
{
    spin_lock(&file_lock);
    bool same = f->off == old;
    if (same)
        f->off = to;
    spin_unlock(&file_lock);
    return same;
}

uint32_t file_count(void)
{
    spin_lock(&file_lock);
    uint32_t n = nfiles;
    spin_unlock(&file_lock);
    return n;
}

/* t's descriptor slots and how many there are. */
static struct file **slots(struct fdtable *t, int *n)
{
    *n = t->big ? NOFILE : NOFILE_SMALL;
    return t->big ? t->big : t->small;
}

/* Make room for all NOFILE descriptors in t. 0 or -ENOMEM. */
static int grow(struct fdtable *t)
{
    if (t->big)
        return 0;
    _Static_assert(NOFILE * sizeof(struct file *) <= PAGE_SIZE, "a page holds them");
    struct file **big = kalloc();       /* zero-filled */
    if (!big)
        return -ENOMEM;
    memcpy(big, t->small, sizeof(t->small));
    memset(t->small, 0, sizeof(t->small));
    t->big = big;
    return 0;
}

struct file *fd_get(int fd)
{
    int n;
    struct file **fds = slots(&myproc()->files, &n);
    return fd >= 0 && fd < n ? fds[fd] : NULL;
}

int fd_install(struct file *f)
{
    struct fdtable *t = &myproc()->files;
    int n;
    struct file **fds = slots(t, &n);
    for (int fd = 0; fd < n; fd++) {
        if (!fds[fd]) {
            fds[fd] = f;
            return fd;
        }
    }
    if (t->big)
        return -EMFILE;
    return fd_put(NOFILE_SMALL, f) < 0 ? -ENOMEM : NOFILE_SMALL;
}

struct file *fd_take(int fd)
{
    int n;
    struct file **fds = slots(&myproc()->files, &n);
    if (fd < 0 || fd >= n)
        return NULL;
    struct file *f = fds[fd];
    fds[fd] = NULL;
    return f;
}

int fd_put(int fd, struct file *f)
{
    struct fdtable *t = &myproc()->files;
    assert(fd >= 0 && fd < NOFILE);
    if (fd >= NOFILE_SMALL && grow(t) < 0)
        return -ENOMEM;
    int n;
    struct file **fds = slots(t, &n);
    assert(!fds[fd]);
    fds[fd] = f;
    return 0;
}

void fdtable_init_console(struct fdtable *t)
{
    struct file *f = console_open();
    if (!f)
        panic("fdtable_init_console: no free file for the console");
    t->small[0] = f;
    t->small[1] = file_dup(f);
    t->small[2] = file_dup(f);
}

int fdtable_copy(struct fdtable *dst, const struct fdtable *src)
{
    if (src->big && grow(dst) < 0)
        return -ENOMEM;
    int n;
    struct file **to = slots(dst, &n);
    struct file *const *from = src->big ? src->big : src->small;
    for (int fd = 0; fd < n; fd++)
        to[fd] = from[fd] ? file_dup(from[fd]) : NULL;
    return 0;
}

void fdtable_close_all(struct fdtable *t)
{
    int n;
    struct file **fds = slots(t, &n);
    for (int fd = 0; fd < n; fd++) {
        if (fds[fd]) {
            struct file *f = fds[fd];
            fds[fd] = NULL;
            file_close(f);
        }
    }
    if (t->big) {
        kfree(t->big);
        t->big = NULL;
    }
}
