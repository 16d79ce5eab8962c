/* Futexes. A waiter checks that the word still holds the value it expects
 * and queues itself in one step under its bucket's lock; a waker takes the
 * same lock to find the waiters. So a wake-up cannot fall between the
 * check and the sleep — the lost-wake-up race a futex exists to close: a
 * waker that changes the word and then calls FUTEX_WAKE either runs before
 * the check (which then sees the new value: EAGAIN) or finds the waiter
 * queued. See docs/futex.md.
 *
 * The key is (object, offset): the memory object the word lives in, as
 * the address space maps it, and the word's byte offset in it. A queued
 * waiter holds a reference to the object, so an object unmapped (even
 * freed by everyone else) while somebody waits on it cannot be reused as
 * another key; the waiter sleeps on until woken, timed out or killed.
 * Waiter nodes live on the waiters' kernel stacks.
 *
 * Locking: each bucket's lock protects its queue; it is taken with the
 * caller's as->lock held (the word is read through the kernel's map of its
 * page, pinned by that lock), and as->lock is released under it before
 * sleeping. Order: as->lock -> bucket lock -> (sleep) ptable_lock. */
#include "futex.h"
#include "addrspace.h"
#include "lib.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "time.h"
#include "uaccess.h"
#include "vm.h"
#include "vmobj.h"
#include "shmos/futex.h"
#include "shmos/time.h"

#define NBUCKET 64

struct futex_key {
    const struct vmobj *obj;
    uint64_t offset;
};

struct futex_waiter {
    struct futex_waiter *next;  /* [bucket lock] */
    struct futex_key key;       /* [I] */
    uint32_t bitset;            /* [I] */
    bool woken;                 /* [bucket lock] a FUTEX_WAKE took it off the queue */
};

static struct bucket {
    struct spinlock lock;
    struct futex_waiter *head;  /* [lock] */
    uint32_t nwait;             /* [lock] */
} buckets[NBUCKET];

static struct bucket *bucket_of(const struct futex_key *k)
{
    uint32_t h = (uint32_t)(uintptr_t)k->obj * 2654435761u ^ (uint32_t)(k->offset >> 2) * 40503u;
    return &buckets[(h >> 8) % NBUCKET];
}

static bool same_key(const struct futex_key *a, const struct futex_key *b)
{
    return a->obj == b->obj && a->offset == b->offset;
}

/* Take w out of b's queue if it is still there. Caller holds b->lock. */
static void dequeue(struct bucket *b, struct futex_waiter *w)
{
    for (struct futex_waiter **pp = &b->head; *pp; pp = &(*pp)->next) {
        if (*pp == w) {
            *pp = w->next;
            b->nwait--;
            return;
        }
    }
}

/* Needs as->lock. The key of the aligned word at addr, and (if ptr) a
 * kernel pointer to it, good while as->lock is held. 0, -EINVAL
 * (unaligned), -EFAULT. */
static int word_key(struct addrspace *as, uaddr_t addr, struct futex_key *k, const uint32_t **ptr)
{
    if (addr & 3)
        return -EINVAL;
    struct vmobj *obj = vm_object_of(as, addr, &k->offset);
    if (!obj)
        return -EFAULT;
    k->obj = obj;
    if (ptr && !(*ptr = vm_user_ptr(as, addr, false)))
        return -EFAULT;
    return 0;
}

/* Wait while the word at addr holds val, until woken, killed or deadline
 * (time_ns(); 0: none). 0 (woken), -EAGAIN, -ETIMEDOUT, -EINTR (a signal,
 * timed), -ERESTART (a signal, untimed), -EINVAL, -EFAULT. */
static long futex_wait(uaddr_t addr, uint32_t val, uint64_t deadline, uint32_t bitset)
{
    struct addrspace *as = myproc()->as;
    struct futex_waiter w = { .bitset = bitset };
    const uint32_t *word;
    sleep_lock(&as->lock);
    int err = word_key(as, addr, &w.key, &word);
    if (err < 0) {
        sleep_unlock(&as->lock);
        return err;
    }
    struct bucket *b = bucket_of(&w.key);
    spin_lock(&b->lock);
    if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != val) {
        spin_unlock(&b->lock);
        sleep_unlock(&as->lock);
        return -EAGAIN;
    }
    struct vmobj *obj = (struct vmobj *)w.key.obj;
    vmobj_hold(obj);                /* the key stays unique while we sleep */
    struct futex_waiter **tail = &b->head;
    while (*tail)
        tail = &(*tail)->next;
    *tail = &w;                     /* FIFO: the longest sleeper is woken first */
    b->nwait++;
    sleep_unlock(&as->lock);        /* releasing is allowed under a spinlock */
    while (!w.woken && !proc_killed() && (!deadline || time_ns() < deadline))
        sleep_until(&w, &b->lock, deadline);
    long r = 0;
    if (!w.woken) {
        dequeue(b, &w);
        /* Interrupted: an untimed wait restarts under SA_RESTART (Linux's
         * FUTEX_WAIT); a timed one fails with EINTR. */
        r = !proc_killed() ? -ETIMEDOUT : deadline ? -EINTR : -ERESTART;
    }
    spin_unlock(&b->lock);
    vmobj_put(obj);
    return r;
}

/* Wake up to n waiters (at least one, as Linux, when n as an int is 0 or
 * negative) on the word at addr whose bitset meets bitset. How many it
 * woke, or -EINVAL, -EFAULT. */
static long futex_wake(uaddr_t addr, uint32_t n, uint32_t bitset)
{
    if ((int32_t)n <= 0)
        n = 1;
    struct addrspace *as = myproc()->as;
    struct futex_key k;
    sleep_lock(&as->lock);
    int err = word_key(as, addr, &k, NULL);
    sleep_unlock(&as->lock);
    if (err < 0)
        return err;
    /* The object cannot be freed and reused as a new key while a waiter on
     * it exists (each holds it), so comparing pointers without as->lock is
     * exact. */
    struct bucket *b = bucket_of(&k);
    long woken = 0;
    spin_lock(&b->lock);
    for (struct futex_waiter **pp = &b->head; *pp && (uint32_t)woken < n; ) {
        struct futex_waiter *w = *pp;
        if (!same_key(&w->key, &k) || !(w->bitset & bitset)) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        b->nwait--;
        w->woken = true;
        wakeup(w);
        woken++;
    }
    spin_unlock(&b->lock);
    return woken;
}

/* The deadline in time_ns() units for a timeout at user address t
 * (relative, or absolute when absolute): 0 for none (t == 0); -EFAULT,
 * -EINVAL through *err. shmos's CLOCK_REALTIME is its monotonic clock. */
static uint64_t deadline_of(uaddr_t t, bool absolute, int *err)
{
    *err = 0;
    if (!t)
        return 0;
    struct timespec ts;
    if ((*err = copyin(&ts, t, sizeof(ts))) < 0)
        return 0;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) {
        *err = -EINVAL;
        return 0;
    }
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    uint64_t d = absolute ? ns : time_ns() + ns;
    return d ? d : 1;               /* an absolute 0 has passed: not "none" */
}

/* futex: FUTEX_WAIT (val: the value expected; timeout: relative, or NULL),
 * FUTEX_WAKE (val: how many), FUTEX_WAIT_BITSET (absolute timeout on
 * CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME; val3: the
 * bitset) and FUTEX_WAKE_BITSET, each with or without FUTEX_PRIVATE_FLAG
 * (the key is the same either way). 0 or the number woken, or -EAGAIN
 * (the word is not val), -ETIMEDOUT, -EINTR (killed), -EINVAL (unaligned
 * address, bad operation, timeout or bitset 0), -EFAULT, -ENOSYS (another
 * operation). */
long sys_futex(uaddr_t addr, int op, uint32_t val, uaddr_t timeout, uaddr_t addr2, uint32_t val3)
{
    (void)addr2;
    int cmd = op & FUTEX_CMD_MASK, err;
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
        return -ENOSYS;             /* as Linux */
    switch (cmd) {
    case FUTEX_WAIT: {
        uint64_t deadline = deadline_of(timeout, false, &err);
        return err < 0 ? err : futex_wait(addr, val, deadline, FUTEX_BITSET_MATCH_ANY);
    }
    case FUTEX_WAIT_BITSET: {
        if (val3 == 0)
            return -EINVAL;
        uint64_t deadline = deadline_of(timeout, true, &err);
        return err < 0 ? err : futex_wait(addr, val, deadline, val3);
    }
    case FUTEX_WAKE:
        return futex_wake(addr, val, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
        return val3 == 0 ? -EINVAL : futex_wake(addr, val, val3);
    default:
        return -ENOSYS;
    }
}

long futex_wake_word(uaddr_t addr, uint32_t n)
{
    return futex_wake(addr, n, FUTEX_BITSET_MATCH_ANY);
}

void futex_init(void)
{
    for (int i = 0; i < NBUCKET; i++)
        spin_init(&buckets[i].lock, "futex bucket");
}

uint32_t futex_count(void)
{
    uint32_t n = 0;
    for (int i = 0; i < NBUCKET; i++) {
        spin_lock(&buckets[i].lock);
        n += buckets[i].nwait;
        spin_unlock(&buckets[i].lock);
    }
    return n;
}
