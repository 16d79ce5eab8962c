/* The system-wide table of open file objects and the per-process
 * descriptor tables that point into it. Each kind of file (console, pipe,
 * initrd) supplies its own file_ops; this file only counts references. */
#include "file.h"
#include "console.h"
#include "printk.h"
#include "proc.h"
#include "spinlock.h"

/* Protects every file's ref and off. */
static struct spinlock file_lock = SPINLOCK_INIT("file");
static struct file ftable[NFILE];

struct file *file_alloc(enum file_type type, const struct file_ops *ops,
                        bool readable, bool writable)
{
    struct file *f = NULL;
    spin_lock(&file_lock);
    for (int i = 0; i < NFILE; i++) {
        if (ftable[i].ref == 0) {
            f = &ftable[i];
            f->ref = 1;
            break;
        }
    }
    spin_unlock(&file_lock);
    if (!f)
        return NULL;
    /* The slot is ours alone until the caller publishes it. */
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
    /* Free the slot first, then let the kind release its object from a
     * copy: ops->close may take other locks and wake sleepers. */
    struct file last = *f;
    spin_unlock(&file_lock);
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
    uint32_t n = 0;
    spin_lock(&file_lock);
    for (int i = 0; i < NFILE; i++)
        n += ftable[i].ref > 0;
    spin_unlock(&file_lock);
    return n;
}

struct file *fd_get(int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    return myproc()->files.fd[fd];
}

int fd_install(struct file *f)
{
    struct fdtable *t = &myproc()->files;
    for (int fd = 0; fd < NOFILE; fd++) {
        if (!t->fd[fd]) {
            t->fd[fd] = f;
            return fd;
        }
    }
    return -EMFILE;
}

void fdtable_init_console(struct fdtable *t)
{
    struct file *f = console_open();
    if (!f)
        panic("fdtable_init_console: no free file for the console");
    t->fd[0] = f;
    t->fd[1] = file_dup(f);
    t->fd[2] = file_dup(f);
}

void fdtable_copy(struct fdtable *dst, const struct fdtable *src)
{
    for (int fd = 0; fd < NOFILE; fd++)
        dst->fd[fd] = src->fd[fd] ? file_dup(src->fd[fd]) : NULL;
}

void fdtable_close_all(struct fdtable *t)
{
    for (int fd = 0; fd < NOFILE; fd++) {
        if (t->fd[fd]) {
            struct file *f = t->fd[fd];
            t->fd[fd] = NULL;
            file_close(f);
        }
    }
}
