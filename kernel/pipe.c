/* Pipes: a 4096-byte ring buffer between a read end and a write end.
 *
 * Each side is serialized by a token (reading/writing) held for a whole
 * call, so one write is never interleaved with another (stronger than
 * PIPE_BUF atomicity requires), and a reader can copy bytes out before it
 * consumes them (nothing is lost when copyout faults). The token is a flag
 * under the pipe's spinlock, not a lock: its holder may drop the spinlock
 * to copy to or from user memory. */
#include "pipe.h"
#include "poll.h"
#include "file.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"
#include "sched.h"
#include "slab.h"
#include "spinlock.h"
#include "uaccess.h"
#include "shmos/poll.h"
#include "shmos/signal.h"
#include "shmos/stat.h"

#define PIPE_SIZE  PAGE_SIZE    /* ring capacity; also PIPE_BUF */
#define PIPE_CHUNK 512          /* bytes bounced through the kernel stack at a time */

struct pipe {
    struct spinlock lock;
    char *buf;                  /* [I] a kalloc page holding the ring */
    uint32_t nread;             /* [pipe->lock] bytes consumed so far (wraps) */
    uint32_t nwrite;            /* [pipe->lock] bytes produced so far (wraps) */
    bool readopen, writeopen;   /* [pipe->lock] is that end's file still open? */
    bool reading, writing;      /* [pipe->lock] a reader / writer holds its side's token */
    uint32_t ino;               /* [I] its number for fstat, never 0 */
};

/* Pipes come from a slab; their two files bound how many there are. */
static struct slab pipe_slab = SLAB_INIT("pipe", struct pipe);
static uint32_t last_ino;       /* [atomic] the last pipe's st_ino */

static const struct file_ops pipe_ops;

int pipe_open(struct file **rf, struct file **wf)
{
    int err = -ENOMEM;
    struct pipe *p = slab_alloc(&pipe_slab);
    if (!p)
        goto fail;
    if (!(p->buf = kalloc()))
        goto free_slot;
    err = -ENFILE;
    if (!(*rf = file_alloc(FT_PIPE, &pipe_ops, true, false)))
        goto free_buf;
    if (!(*wf = file_alloc(FT_PIPE, &pipe_ops, false, true)))
        goto free_rf;
    spin_init(&p->lock, "pipe");
    p->nread = p->nwrite = 0;
    p->readopen = p->writeopen = true;
    p->reading = p->writing = false;
    p->ino = __atomic_add_fetch(&last_ino, 1, __ATOMIC_RELAXED);
    if (p->ino == 0)            /* after 2^32 pipes */
        p->ino = __atomic_add_fetch(&last_ino, 1, __ATOMIC_RELAXED);
    (*rf)->pipe = (*wf)->pipe = p;
    return 0;

free_rf:
    file_close(*rf);            /* its pipe is still NULL: releases nothing */
free_buf:
    kfree(p->buf);
free_slot:
    slab_free(&pipe_slab, p);
fail:
    return err;
}

/* Wait until the token *busy is free, then take it. Called and returns with
 * p->lock held. 0, or -ERESTART if a signal came while waiting. */
static int pipe_take_token(struct pipe *p, bool *busy)
{
    while (*busy) {
        if (proc_killed())
            return -ERESTART;
        sleep(busy, &p->lock);
    }
    *busy = true;
    return 0;
}

/* Called with p->lock held. */
static void pipe_give_token(bool *busy)
{
    *busy = false;
    wakeup(busy);
}

/* Copy n bytes starting at ring position pos into dst (no bounds logic
 * beyond the wrap). Called with p->lock held. */
static void ring_get(const struct pipe *p, uint32_t pos, char *dst, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        dst[i] = p->buf[(pos + i) % PIPE_SIZE];
}

static void ring_put(struct pipe *p, uint32_t pos, const char *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        p->buf[(pos + i) % PIPE_SIZE] = src[i];
}

/* Read up to n bytes; blocks only while nothing has been read, the ring is
 * empty and a writer exists. Returns the count (0 = end of file), -ERESTART (a signal) or
 * -EFAULT (only if nothing was read). */
static long pipe_read(struct file *f, uaddr_t buf, uint32_t n)
{
    struct pipe *p = f->pipe;
    char kbuf[PIPE_CHUNK];
    uint32_t done = 0;
    long err = 0;

    if (n == 0)
        return 0;
    spin_lock(&p->lock);
    if ((err = pipe_take_token(p, &p->reading)) < 0)
        goto unlock;
    while (done < n) {
        while (done == 0 && p->nwrite == p->nread && p->writeopen) {
            if (proc_killed()) {
                err = -ERESTART;
                goto out;
            }
            sleep(&p->nwrite, &p->lock);
        }
        uint32_t chunk = MIN(p->nwrite - p->nread, MIN(n - done, (uint32_t)PIPE_CHUNK));
        if (chunk == 0)
            break;
        /* Only the token holder consumes, so the bytes stay put meanwhile. */
        ring_get(p, p->nread, kbuf, chunk);
        spin_unlock(&p->lock);
        err = copyout(buf + done, kbuf, chunk);
        spin_lock(&p->lock);
        if (err < 0)
            break;
        p->nread += chunk;
        done += chunk;
        wakeup(&p->nread);
        poll_notify();
    }
out:
    pipe_give_token(&p->reading);
unlock:
    spin_unlock(&p->lock);
    return done > 0 ? (long)done : err;
}

/* Write all n bytes, from user buf or, if kbuf_src is not NULL, from
 * kbuf_src, blocking for space. Stops early only if the read end closes
 * (-EPIPE), a signal comes (-ERESTART) or buf faults (-EFAULT); then
 * returns the bytes written so far if any, else the error (in *why either
 * way; 0 if all went). The bytes of one call are never interleaved with
 * another writer's. */
static long pipe_put(struct file *f, uaddr_t buf, const char *kbuf_src, uint32_t n, long *why)
{
    struct pipe *p = f->pipe;
    char kbuf[PIPE_CHUNK];
    uint32_t done = 0;
    long err = 0;

    spin_lock(&p->lock);
    if ((err = pipe_take_token(p, &p->writing)) < 0)
        goto unlock;
    while (done < n && p->readopen) {
        uint32_t chunk = MIN(n - done, (uint32_t)PIPE_CHUNK);
        if (kbuf_src) {
            memcpy(kbuf, kbuf_src + done, chunk);
        } else {
            spin_unlock(&p->lock);
            err = copyin(kbuf, buf + done, chunk);
            spin_lock(&p->lock);
            if (err < 0)
                goto out;
        }
        for (uint32_t put = 0; put < chunk; ) {
            uint32_t space = PIPE_SIZE - (p->nwrite - p->nread);
            if (!p->readopen)
                break;
            if (space == 0) {
                if (proc_killed()) {
                    err = -ERESTART;
                    goto out;
                }
                sleep(&p->nread, &p->lock);
                continue;
            }
            uint32_t k = MIN(space, chunk - put);
            ring_put(p, p->nwrite, kbuf + put, k);
            p->nwrite += k;
            put += k;
            done += k;
            wakeup(&p->nwrite);
            poll_notify();
        }
    }
    if (done < n)
        err = -EPIPE;
out:
    pipe_give_token(&p->writing);
unlock:
    spin_unlock(&p->lock);
    *why = err;
    return done > 0 ? (long)done : err;
}

/* write(): pipe_put from user memory; a closed read end also sends the
 * writer SIGPIPE, as on Linux — even after a partial write. */
static long pipe_write(struct file *f, uaddr_t buf, uint32_t n)
{
    long why;
    long r = pipe_put(f, buf, NULL, n, &why);
    if (why == -EPIPE) {
        struct sigwhy sw = { .code = SI_KERNEL };
        proc_signal(myproc()->pid, SIGPIPE, &sw);  /* dies unless SIGPIPE is ignored or caught */
    }
    return r;
}

long pipe_write_kernel(struct file *f, const void *buf, uint32_t n)
{
    if (f->type != FT_PIPE || !f->writable)
        return -EINVAL;
    long why;
    long r = pipe_put(f, 0, buf, n, &why);
    return why < 0 ? why : r;
}

static void pipe_stat(struct file *f, struct stat *st)
{
    st->st_mode = S_IFIFO | 0600;
    st->st_ino = f->pipe->ino;
    st->st_nlink = 1;
}

/* One end's last reference is gone: wake the other side so it sees EOF or
 * EPIPE; the second end to close frees the ring and the slot. */
static void pipe_close(struct file *f)
{
    struct pipe *p = f->pipe;
    if (!p)
        return;                 /* an end pipe_open never finished */
    spin_lock(&p->lock);
    if (f->writable) {
        p->writeopen = false;
        wakeup(&p->nwrite);
    } else {
        p->readopen = false;
        wakeup(&p->nread);
    }
    poll_notify();
    bool last = !p->readopen && !p->writeopen;
    spin_unlock(&p->lock);
    if (last) {
        kfree(p->buf);
        p->buf = NULL;
        slab_free(&pipe_slab, p);
    }
}

/* Read end: POLLIN with bytes queued, POLLHUP once no writer is left.
 * Write end: POLLOUT with room, POLLERR once no reader is left. */
static short pipe_poll(struct file *f)
{
    struct pipe *p = f->pipe;
    short ev = 0;
    spin_lock(&p->lock);
    if (f->readable) {
        ev |= p->nwrite != p->nread ? POLLIN : 0;
        ev |= p->writeopen ? 0 : POLLHUP;
    } else {
        ev |= !p->readopen ? POLLERR : p->nwrite - p->nread < PIPE_SIZE ? POLLOUT : 0;
    }
    spin_unlock(&p->lock);
    return ev;
}

static const struct file_ops pipe_ops = {
    .read = pipe_read,
    .poll = pipe_poll,
    .write = pipe_write,
    .stat = pipe_stat,
    .close = pipe_close,
};
