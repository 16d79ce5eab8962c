/* Named semaphores. sem_wait sleeps (no spinning, no polling) in a FIFO
 * queue; sem_post hands the unit directly to the oldest waiter, so wake-ups
 * are FIFO-fair and a woken waiter never finds the unit stolen. A waiter
 * killed while blocked leaves the queue, and if a unit was handed to it in
 * the meantime, passes it on: killing never loses or creates a unit.
 *
 * Locking: sem_lock protects the table, every semaphore and the wait
 * queues; it is never held across copyin/copyout. The waiter nodes live on the waiters' kernel stacks. */
#include "sem.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "time.h"
#include "uaccess.h"
#include "shmos/fcntl.h"
#include "shmos/sysinfo.h"

struct sem_waiter {
    struct sem_waiter *next;    /* [sem_lock] */
    bool granted;               /* [sem_lock] a post handed this waiter its unit */
};

struct ksem {
    bool live;                  /* [sem_lock] */
    uint32_t seq;               /* [sem_lock] advances when the slot is freed */
    bool unlinked;              /* [sem_lock] name released; freed at nopen == 0 */
    uint32_t value;             /* [sem_lock] */
    uint32_t nopen;             /* [sem_lock] process handle slots referring to it */
    uint32_t nwait;             /* [sem_lock] */
    struct sem_waiter *head, *tail;   /* [sem_lock] FIFO of blocked sem_wait calls */
    char name[SEM_NAME_MAX + 1];      /* [sem_lock] */
};

static struct spinlock sem_lock = SPINLOCK_INIT("sem");
static struct ksem sems[NSEM];

#define SEQ_LIMIT (0x7FFFFFFF / NSEM)

static int sem_id(const struct ksem *s)
{
    return (int)(s->seq * NSEM + (uint32_t)(s - sems));
}

void sem_init(void)
{
    for (int i = 0; i < NSEM; i++)
        sems[i].seq = 1;
}

/* Copy a user name and strip the leading slashes. 0, -EFAULT,
 * -ENAMETOOLONG, or -EINVAL (empty, or a '/' inside). */
static int copy_name(char name[SEM_NAME_MAX + 1], uaddr_t uname)
{
    char buf[256];              /* room for leading slashes, as glibc strips any number */
    int len = copyinstr(buf, uname, sizeof(buf));
    if (len < 0)
        return len;
    const char *n = buf;
    while (*n == '/')
        n++;
    size_t nlen = strlen(n);
    if (nlen == 0)
        return -EINVAL;
    if (nlen > SEM_NAME_MAX)
        return -ENAMETOOLONG;
    for (const char *c = n; *c; c++)
        if (*c == '/')
            return -EINVAL;
    strlcpy(name, n, SEM_NAME_MAX + 1);
    return 0;
}

/* The live, not unlinked semaphore with this name. Caller holds sem_lock. */
static struct ksem *sem_by_name(const char *name)
{
    for (int i = 0; i < NSEM; i++)
        if (sems[i].live && !sems[i].unlinked && strcmp(sems[i].name, name) == 0)
            return &sems[i];
    return NULL;
}

/* Free s if it is unlinked and closed everywhere. Caller holds sem_lock. */
static void sem_maybe_free(struct ksem *s)
{
    if (s->unlinked && s->nopen == 0) {
        assert(!s->head);
        s->live = false;
        s->seq = s->seq + 1 < SEQ_LIMIT ? s->seq + 1 : 1;
    }
}

/* The handle slot of the current process for semaphore id, or -1. */
static int handle_slot(struct sem_handles *h, int id)
{
    for (int i = 0; i < NSEM_OPEN; i++)
        if (h->sem[i] && sem_id(h->sem[i]) == id)   /* pinned by the handle: seq is stable */
            return i;
    return -1;
}

/* The semaphore behind id if the current process has it open, or NULL. */
static struct ksem *handle_lookup(int id)
{
    struct sem_handles *h = &myproc()->sems;
    int i = handle_slot(h, id);
    return i < 0 ? NULL : h->sem[i];
}

/* sem_open: finds or (O_CREAT) creates the named semaphore and opens it in
 * this process. Its id, or -ENOENT, -EEXIST, -EINVAL, -ENAMETOOLONG,
 * -EFAULT, -ENOSPC (table full), -EMFILE (16 open here). */
long sys_sem_open(uaddr_t uname, int oflag, int mode, uint32_t value)
{
    (void)mode;                 /* one user: permissions are not kept */
    char name[SEM_NAME_MAX + 1];
    int err = copy_name(name, uname);
    if (err < 0)
        return err;
    struct sem_handles *h = &myproc()->sems;

    spin_lock(&sem_lock);
    struct ksem *s = sem_by_name(name);
    int slot = -1;
    if (s && (oflag & O_CREAT) && (oflag & O_EXCL)) {
        err = -EEXIST;
    } else if (!s && !(oflag & O_CREAT)) {
        err = -ENOENT;
    } else if (!s && value > SEM_VALUE_MAX) {
        err = -EINVAL;          /* only when creating: an existing one ignores value, as on Linux */
    } else {
        slot = s ? handle_slot(h, sem_id(s)) : -1;
        for (int i = 0; slot < 0 && i < NSEM_OPEN; i++)
            if (!h->sem[i])
                slot = i;
        if (slot < 0)
            err = -EMFILE;
    }
    if (!err && !s) {
        for (int i = 0; i < NSEM && !s; i++)
            if (!sems[i].live)
                s = &sems[i];
        if (!s)
            err = -ENOSPC;
        else
            *s = (struct ksem){ .live = true, .seq = s->seq, .value = value };
        if (s)
            strlcpy(s->name, name, sizeof(s->name));
    }
    if (!err) {
        if (!h->sem[slot]) {
            h->sem[slot] = s;
            s->nopen++;
        }
        h->opens[slot]++;
        err = sem_id(s);
    }
    spin_unlock(&sem_lock);
    return err;
}

/* Drop handle slot i of h entirely. Caller holds sem_lock. */
static void handle_drop(struct sem_handles *h, int i)
{
    struct ksem *s = h->sem[i];
    h->sem[i] = NULL;
    h->opens[i] = 0;
    s->nopen--;
    sem_maybe_free(s);
}

/* sem_close: undoes one sem_open of this process. 0 or -EINVAL. */
long sys_sem_close(int id)
{
    struct sem_handles *h = &myproc()->sems;
    spin_lock(&sem_lock);
    int i = handle_slot(h, id);
    if (i >= 0 && --h->opens[i] == 0)
        handle_drop(h, i);
    spin_unlock(&sem_lock);
    return i < 0 ? -EINVAL : 0;
}

/* sem_unlink: releases the name at once; the semaphore lives on while open.
 * 0, -ENOENT, -EINVAL, -ENAMETOOLONG or -EFAULT. */
long sys_sem_unlink(uaddr_t uname)
{
    char name[SEM_NAME_MAX + 1];
    int err = copy_name(name, uname);
    if (err < 0)
        return err;
    spin_lock(&sem_lock);
    struct ksem *s = sem_by_name(name);
    if (s) {
        s->unlinked = true;
        sem_maybe_free(s);
    }
    spin_unlock(&sem_lock);
    return s ? 0 : -ENOENT;
}

/* Release one unit: to the oldest waiter if any, else to the count.
 * 0 or -EOVERFLOW. Caller holds sem_lock. */
static int sem_release_unit(struct ksem *s)
{
    struct sem_waiter *w = s->head;
    if (w) {
        s->head = w->next;
        if (!s->head)
            s->tail = NULL;
        s->nwait--;
        w->granted = true;
        wakeup(w);
        return 0;
    }
    if (s->value == SEM_VALUE_MAX)
        return -EOVERFLOW;
    s->value++;
    return 0;
}

/* Take w out of s's queue. Caller holds sem_lock. */
static void queue_remove(struct ksem *s, struct sem_waiter *w)
{
    struct sem_waiter **pp = &s->head, *prev = NULL;
    while (*pp && *pp != w) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (!*pp)
        return;
    *pp = w->next;
    if (s->tail == w)
        s->tail = prev;
    s->nwait--;
}

/* sem_wait (block, deadline 0), sem_timedwait (block until deadline, in
 * time_ns() units) and sem_trywait (!block). */
static long sem_acquire(int id, bool block, uint64_t deadline)
{
    spin_lock(&sem_lock);
    struct ksem *s = handle_lookup(id);
    long err = 0;
    if (!s) {
        err = -EINVAL;
    } else if (s->value > 0) {
        s->value--;
    } else if (!block) {
        err = -EAGAIN;
    } else {
        struct sem_waiter w = { NULL, false };
        if (s->tail)
            s->tail->next = &w;
        else
            s->head = &w;
        s->tail = &w;
        s->nwait++;
        while (!w.granted && !proc_killed() && (!deadline || time_ns() < deadline))
            sleep_until(&w, &sem_lock, deadline);
        if (proc_killed()) {
            if (w.granted)
                sem_release_unit(s);    /* pass the unit on (lost only if value hit
                                         * SEM_VALUE_MAX meanwhile: 2^31 posts) */
            else
                queue_remove(s, &w);
            err = -EINTR;
        } else if (!w.granted) {
            queue_remove(s, &w);
            err = -ETIMEDOUT;
        }
    }
    spin_unlock(&sem_lock);
    return err;
}

/* sem_wait: takes a unit, sleeping in FIFO order for one. 0, -EINVAL, or
 * -EINTR if killed. */
long sys_sem_wait(int id)
{
    return sem_acquire(id, true, 0);
}

/* sem_trywait: takes a unit if there is one. 0, -EAGAIN or -EINVAL. */
long sys_sem_trywait(int id)
{
    return sem_acquire(id, false, 0);
}

/* abstime is on CLOCK_REALTIME, which on shmos counts from boot like
 * time_ns(). It is checked first, as glibc does: -EFAULT, -EINVAL for a bad
 * tv_nsec; then a unit is taken at once if there is one, else -ETIMEDOUT
 * once abstime has passed. */
long sys_sem_timedwait(int id, uaddr_t uabstime)
{
    struct timespec ts;
    if (copyin(&ts, uabstime, sizeof(ts)) < 0)
        return -EFAULT;
    if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    long err = sem_acquire(id, false, 0);
    if (err != -EAGAIN)
        return err;
    if (ts.tv_sec < 0)
        return -ETIMEDOUT;
    uint64_t deadline = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    return sem_acquire(id, true, deadline ? deadline : 1);
}

/* sem_post: hands a unit to the oldest waiter, else counts it. 0, -EINVAL
 * or -EOVERFLOW. */
long sys_sem_post(int id)
{
    spin_lock(&sem_lock);
    struct ksem *s = handle_lookup(id);
    long err = s ? sem_release_unit(s) : -EINVAL;
    spin_unlock(&sem_lock);
    return err;
}

/* sem_getvalue: the count (0 while processes wait). 0, -EINVAL, -EFAULT. */
long sys_sem_getvalue(int id, uaddr_t uval)
{
    spin_lock(&sem_lock);
    struct ksem *s = handle_lookup(id);
    int value = s ? (int)s->value : 0;
    spin_unlock(&sem_lock);
    if (!s)
        return -EINVAL;
    return copyout(uval, &value, sizeof(value));
}

void sem_fork(struct sem_handles *dst, const struct sem_handles *src)
{
    spin_lock(&sem_lock);
    for (int i = 0; i < NSEM_OPEN; i++) {
        dst->sem[i] = src->sem[i];
        dst->opens[i] = src->opens[i];
        if (dst->sem[i])
            dst->sem[i]->nopen++;
    }
    spin_unlock(&sem_lock);
}

void sem_close_all(struct sem_handles *h)
{
    spin_lock(&sem_lock);
    for (int i = 0; i < NSEM_OPEN; i++)
        if (h->sem[i])
            handle_drop(h, i);
    spin_unlock(&sem_lock);
}

uint32_t sem_count(void)
{
    uint32_t n = 0;
    spin_lock(&sem_lock);
    for (int i = 0; i < NSEM; i++)
        n += sems[i].live;
    spin_unlock(&sem_lock);
    return n;
}

/* sem_list (for ipcs): up to max records. Their number, -EINVAL, -EFAULT. */
long sys_sem_list(uaddr_t ubuf, int max)
{
    struct seminfo_rec recs[8];
    int n = 0;
    if (max < 0)
        return -EINVAL;
    /* Copy out in small batches so sem_lock is never held across copyout. */
    for (int start = 0; start < NSEM; start += (int)ARRAY_SIZE(recs)) {
        int batch = 0;
        spin_lock(&sem_lock);
        for (int i = start; i < NSEM && i < start + (int)ARRAY_SIZE(recs); i++) {
            const struct ksem *s = &sems[i];
            if (!s->live || n + batch >= max)
                continue;
            recs[batch] = (struct seminfo_rec){
                .id = sem_id(s), .value = s->value, .nopen = s->nopen, .nwait = s->nwait,
                .flags = s->unlinked ? SHMINFO_REMOVED : 0,
            };
            memcpy(recs[batch].name, s->name, sizeof(recs[batch].name));
            batch++;
        }
        spin_unlock(&sem_lock);
        if (batch && copyout(ubuf + n * sizeof(recs[0]), recs, batch * sizeof(recs[0])) < 0)
            return -EFAULT;
        n += batch;
    }
    return n;
}
