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
/* Protects the slots of every descriptor table (a process's threads share
 * one: the leader's). Taken before file_lock. */
static struct spinlock fdtable_lock = SPINLOCK_INIT("fdtable");
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

/* The current thread's descriptors: its process's table, the leader's. */
static struct fdtable *my_table(void)
{
    return &myproc()->leader->files;
}

/* Might another thread use the current thread's table now? A racy read
 * of nthreads is exact here: only this thread, which is in a system call,
 * could make it grow past 1. */
static bool table_shared(void)
{
    return __atomic_load_n(&myproc()->leader->nthreads, __ATOMIC_RELAXED) > 1;
}

/* The file at fd in t, or NULL. Needs fdtable_lock, or t unshared. */
static struct file *slot_file(struct fdtable *t, int fd)
{
    int n;
    struct file **fds = slots(t, &n);
    return fd >= 0 && fd < n ? fds[fd] : NULL;
}

struct file *fd_hold(int fd)
{
    struct fdtable *t = my_table();
    spin_lock(&fdtable_lock);
    struct file *f = slot_file(t, fd);
    if (f)
        file_dup(f);
    spin_unlock(&fdtable_lock);
    return f;
}

struct file *fd_get(int fd)
{
    if (!table_shared())
        return slot_file(my_table(), fd);   /* only this thread could close it */
    struct proc *p = myproc();
    assert(p->nheld < FD_HELD_MAX);
    struct file *f = fd_hold(fd);
    if (f)
        p->held[p->nheld++] = f;            /* until the call ends: fd_release_held */
    return f;
}

void fd_release_held(void)
{
    struct proc *p = myproc();
    while (p->nheld > 0)
        file_close(p->held[--p->nheld]);
}

/* The lowest free descriptor of t at or above from, or -1. Needs fdtable_lock. */
static int free_slot(struct fdtable *t, int from)
{
    int n;
    struct file **fds = slots(t, &n);
    for (int fd = from; fd < n; fd++)
        if (!fds[fd])
            return fd;
    return -1;
}

int fd_install(struct file *f)
{
    struct fdtable *t = my_table();
    spin_lock(&fdtable_lock);
    int fd = free_slot(t, 0);
    if (fd < 0 && !t->big)
        fd = grow(t) < 0 ? -ENOMEM : NOFILE_SMALL;
    else if (fd < 0)
        fd = -EMFILE;
    if (fd >= 0) {
        int n;
        slots(t, &n)[fd] = f;
    }
    spin_unlock(&fdtable_lock);
    return fd;
}

struct file *fd_take(int fd)
{
    struct fdtable *t = my_table();
    spin_lock(&fdtable_lock);
    int n;
    struct file **fds = slots(t, &n);
    struct file *f = NULL;
    if (fd >= 0 && fd < n) {
        f = fds[fd];
        fds[fd] = NULL;
    }
    spin_unlock(&fdtable_lock);
    return f;
}

int fd_replace(int fd, struct file *f, struct file **old)
{
    struct fdtable *t = my_table();
    assert(fd >= 0 && fd < NOFILE);
    spin_lock(&fdtable_lock);
    int err = fd >= NOFILE_SMALL ? grow(t) : 0;
    if (err == 0) {
        int n;
        struct file **fds = slots(t, &n);
        *old = fds[fd];
        fds[fd] = f;
    }
    spin_unlock(&fdtable_lock);
    return err;
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
    spin_lock(&fdtable_lock);
    int err = src->big ? grow(dst) : 0;
    if (err == 0) {
        int n;
        struct file **to = slots(dst, &n);
        struct file *const *from = src->big ? src->big : src->small;
        for (int fd = 0; fd < n; fd++)
            to[fd] = from[fd] ? file_dup(from[fd]) : NULL;
    }
    spin_unlock(&fdtable_lock);
    return err;
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
