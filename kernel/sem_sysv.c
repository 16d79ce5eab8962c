/* System V semaphores: semget / semop (semtimedop) / semctl, with Linux's
 * flags, limits and errors.
 *
 * A set is an array of counters 0..SEM_VAL_MAX. One semop applies a group
 * of operations all at once or not at all: each operation either takes
 * (sem_op < 0: needs the value to be at least -sem_op), gives (sem_op > 0)
 * or waits for zero (sem_op == 0). A group that cannot proceed sleeps in
 * the set's queue as one waiter; whoever changes the set afterwards (semop,
 * SETVAL, SETALL, an exiting process's undo) retries the queue oldest
 * first and performs each waiter's group for it when it can, so a woken
 * waiter has nothing left to do and no unit can be stolen between the
 * wake-up and the waiter's return. IPC_RMID wakes every waiter with EIDRM.
 *
 * SEM_UNDO: each process has at most one undo record per set, holding for
 * every semaphore the opposite of what its SEM_UNDO operations did; exit
 * (also after a kill) adds it back, clamped to 0..SEM_VAL_MAX as Linux
 * does. fork does not copy the records (the child starts with none); exec
 * keeps them. Each thread of control is a process of its own here, with
 * its own records. SETVAL and SETALL clear the records' entries for what
 * they set; IPC_RMID frees the set's records.
 *
 * Ids: slot + SEM_SETS_MAX * sequence, the sequence advancing each time
 * the slot is freed, as for segments.
 *
 * Locking: one spinlock, sem_lock, for every set, waiter queue and undo
 * record (including the list in each proc). Values are copied in and out
 * of user memory before it is taken or after it is released. Order:
 * sem_lock -> (sleep, wakeup) ptable_lock, and the slab's leaf locks. */
#include "sem_sysv.h"
#include "lib.h"
#include "proc.h"
#include "sched.h"
#include "slab.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "time.h"
#include "uaccess.h"
#include "shmos/ipc.h"

#define SEQ_LIMIT (0x7FFFFFFF / SEM_SETS_MAX)
#define SEM_ADJ_MAX SEM_VAL_MAX     /* SEMAEM: an undo entry's magnitude */

struct semval {
    uint16_t val;               /* [sem_lock] */
    int32_t pid;                /* [sem_lock] the last process to operate on it */
};

struct semvals {
    struct semval v[SEM_NSEMS_MAX];
};

struct sem_undo {
    struct sem_undo *proc_next; /* [sem_lock] the process's records */
    struct sem_undo *set_next;  /* [sem_lock] the set's records */
    struct proc *proc;          /* [I] whose */
    struct semset *set;         /* [I] for which set */
    int16_t adj[SEM_NSEMS_MAX]; /* [sem_lock] what exit adds back */
};

/* One sleeping semop, on its caller's kernel stack. */
struct sem_waiter {
    struct sem_waiter *next;    /* [sem_lock] */
    const struct sembuf *ops;   /* [I] the group, on the caller's stack */
    uint32_t nops;              /* [I] */
    struct sem_undo *undo;      /* [I] the caller's record, if the group has SEM_UNDO */
    int pid;                    /* [I] the caller's */
    uint32_t blocked_at;        /* [sem_lock] the operation it waits on (GETNCNT, GETZCNT) */
    int result;                 /* [sem_lock] WAITING, then 0 (done) or -errno */
};
#define WAITING 1

struct semset {
    bool live;                  /* [sem_lock] */
    uint32_t seq;               /* [sem_lock] advances when the slot is freed */
    key_t key;                  /* [sem_lock] IPC_PRIVATE if none */
    uint16_t mode;              /* [sem_lock] permission bits (enforced: cred.h) */
    uint32_t uid, gid;          /* [sem_lock] owner (IPC_SET changes it) */
    uint32_t cuid, cgid;        /* [sem_lock] creator's euid and egid */
    int cpid;                   /* [sem_lock] creator */
    time_t otime, ctime;        /* [sem_lock] last semop; creation or last change by semctl */
    uint32_t nsems;             /* [sem_lock] */
    struct semvals *vals;       /* [sem_lock] */
    struct sem_waiter *queue;   /* [sem_lock] oldest first */
    struct sem_undo *undos;     /* [sem_lock] */
};

static struct spinlock sem_lock = SPINLOCK_INIT("sem");
static struct semset sets[SEM_SETS_MAX];    /* [sem_lock] */
static struct slab vals_slab = SLAB_INIT("semvals", struct semvals);
static struct slab undo_slab = SLAB_INIT("semundo", struct sem_undo);

void semsys_init(void)
{
    for (int i = 0; i < SEM_SETS_MAX; i++)
        sets[i].seq = 1;        /* ids start at SEM_SETS_MAX, as segments' do */
}

static int set_id(const struct semset *s)
{
    return (int)(s->seq * SEM_SETS_MAX + (uint32_t)(s - sets));
}

/* Needs sem_lock. The live set with this id, or NULL. */
static struct semset *set_lookup(int id)
{
    if (id < 0)
        return NULL;
    struct semset *s = &sets[(uint32_t)id % SEM_SETS_MAX];
    return s->live && set_id(s) == id ? s : NULL;
}

/* Needs sem_lock. The live set with this key (not IPC_PRIVATE), or NULL. */
static struct semset *set_by_key(key_t key)
{
    for (int i = 0; i < SEM_SETS_MAX; i++)
        if (sets[i].live && sets[i].key == key)
            return &sets[i];
    return NULL;
}

uint32_t semsys_count(void)
{
    uint32_t n = 0;
    spin_lock(&sem_lock);
    for (int i = 0; i < SEM_SETS_MAX; i++)
        n += sets[i].live;
    spin_unlock(&sem_lock);
    return n;
}

/* ---------------------------------------------------------------- operations */

/* Needs sem_lock. Apply ops to s all at once if they can all proceed now,
 * recording them in undo (NULL if none has SEM_UNDO) and as pid's. 0 (done),
 * WAITING (an operation must wait: its index in *blocked_at), -EAGAIN (it
 * must wait but has IPC_NOWAIT) or -ERANGE (a value or an undo entry would
 * leave its range). Nothing changes unless it returns 0. */
static int try_ops(struct semset *s, const struct sembuf *ops, uint32_t n, struct sem_undo *undo,
                   int pid, uint32_t *blocked_at)
{
    struct semval *v = s->vals->v;
    uint32_t i;
    int r = 0;
    for (i = 0; i < n; i++) {
        const struct sembuf *op = &ops[i];
        int cur = v[op->sem_num].val, next = cur + op->sem_op;
        if ((op->sem_op == 0 && cur != 0) || next < 0) {
            *blocked_at = i;
            r = (op->sem_flg & IPC_NOWAIT) ? -EAGAIN : WAITING;
            break;
        }
        if (next > SEM_VAL_MAX) {
            r = -ERANGE;
            break;
        }
        if (op->sem_flg & SEM_UNDO) {
            int adj = undo->adj[op->sem_num] - op->sem_op;
            for (uint32_t j = 0; j < i; j++)    /* the group's earlier ones on it count too */
                if (ops[j].sem_num == op->sem_num && (ops[j].sem_flg & SEM_UNDO))
                    adj -= ops[j].sem_op;
            if (adj < -SEM_ADJ_MAX - 1 || adj > SEM_ADJ_MAX) {
                r = -ERANGE;
                break;
            }
        }
        v[op->sem_num].val = (uint16_t)next;
    }
    if (r != 0) {
        while (i-- > 0)                     /* put back what the group did so far */
            v[ops[i].sem_num].val = (uint16_t)(v[ops[i].sem_num].val - ops[i].sem_op);
        return r;
    }
    for (i = 0; i < n; i++) {
        if (ops[i].sem_flg & SEM_UNDO)
            undo->adj[ops[i].sem_num] = (int16_t)(undo->adj[ops[i].sem_num] - ops[i].sem_op);
        v[ops[i].sem_num].pid = pid;
    }
    s->otime = time_sec();
    return 0;
}

/* Needs sem_lock. Retry s's sleeping groups, oldest first, after s's values
 * changed: each that can proceed is performed and its waiter woken; after
 * one that changed values, the scan starts again from the oldest. */
static void retry_waiters(struct semset *s)
{
    struct sem_waiter **pp = &s->queue;
    while (*pp) {
        struct sem_waiter *w = *pp;
        int r = try_ops(s, w->ops, w->nops, w->undo, w->pid, &w->blocked_at);
        if (r == WAITING) {
            pp = &w->next;
            continue;
        }                               /* done, or failed (-EAGAIN, -ERANGE): it ends either way */
        *pp = w->next;
        w->result = r;
        wakeup(w);
        bool changed = false;
        for (uint32_t i = 0; i < w->nops && r == 0; i++)
            changed |= w->ops[i].sem_op != 0;
        if (changed)
            pp = &s->queue;
    }
}

/* Needs sem_lock. p's undo record for s, created (zero) if absent and
 * create is set; NULL if absent, or if memory is exhausted. */
static struct sem_undo *undo_of(struct semset *s, struct proc *p, bool create)
{
    for (struct sem_undo *u = p->semundo; u; u = u->proc_next)
        if (u->set == s)
            return u;
    if (!create)
        return NULL;
    struct sem_undo *u = slab_alloc(&undo_slab);
    if (!u)
        return NULL;
    u->proc = p;
    u->set = s;
    u->proc_next = p->semundo;
    p->semundo = u;
    u->set_next = s->undos;
    s->undos = u;
    return u;
}

/* Needs sem_lock. Unlink u from its process's list (not its set's) and free it. */
static void undo_free(struct sem_undo *u)
{
    for (struct sem_undo **pp = &u->proc->semundo; *pp; pp = &(*pp)->proc_next) {
        if (*pp == u) {
            *pp = u->proc_next;
            break;
        }
    }
    slab_free(&undo_slab, u);
}

/* Needs sem_lock. Clear every process's undo entry for semaphore num of s
 * (all of them if num is -1): SETVAL and SETALL reset the adjustments. */
static void undo_clear(struct semset *s, int num)
{
    for (struct sem_undo *u = s->undos; u; u = u->set_next) {
        if (num < 0)
            memset(u->adj, 0, sizeof(u->adj));
        else
            u->adj[num] = 0;
    }
}

void semsys_exit(struct proc *p)
{
    spin_lock(&sem_lock);
    while (p->semundo) {
        struct sem_undo *u = p->semundo;
        struct semset *s = u->set;
        bool changed = false;
        for (uint32_t i = 0; i < s->nsems; i++) {
            if (!u->adj[i])
                continue;
            int v = s->vals->v[i].val + u->adj[i];
            s->vals->v[i].val = (uint16_t)(v < 0 ? 0 : v > SEM_VAL_MAX ? SEM_VAL_MAX : v);
            s->vals->v[i].pid = p->pid;
            changed = true;
        }
        for (struct sem_undo **pp = &s->undos; *pp; pp = &(*pp)->set_next) {
            if (*pp == u) {
                *pp = u->set_next;
                break;
            }
        }
        undo_free(u);
        if (changed)
            retry_waiters(s);
    }
    spin_unlock(&sem_lock);
}

/* ---------------------------------------------------------------- semget */

/* Needs sem_lock. A free slot made into a set of nsems zero semaphores;
 * its id, -ENOSPC or -ENOMEM. */
/* Needs sem_lock. May the caller do want (MAY_*) to s? 0 or -EACCES. */
static int set_permit(const struct semset *s, int want)
{
    return cred_permit(proc_cred(myproc()), s->uid, s->gid, s->mode, want);
}

/* Needs sem_lock. May the caller change s's owner or mode, or remove it?
 * 0 or -EPERM. */
static int set_owned(const struct semset *s)
{
    return cred_owns(proc_cred(myproc()), s->uid, s->cuid);
}

static int set_create(key_t key, uint32_t nsems, uint32_t mode)
{
    struct semset *s = NULL;
    for (int i = 0; i < SEM_SETS_MAX && !s; i++)
        if (!sets[i].live)
            s = &sets[i];
    if (!s)
        return -ENOSPC;
    struct semvals *vals = slab_alloc(&vals_slab);
    if (!vals)
        return -ENOMEM;
    const struct cred *c = proc_cred(myproc());
    *s = (struct semset){
        .live = true, .seq = s->seq, .key = key, .mode = (uint16_t)(mode & 0777),
        .uid = c->euid, .gid = c->egid, .cuid = c->euid, .cgid = c->egid,
        .cpid = myproc()->pid, .ctime = time_sec(), .nsems = nsems, .vals = vals,
    };
    return set_id(s);
}

/* semget: the id of key's set, created with nsems semaphores if the key is
 * IPC_PRIVATE or absent with IPC_CREAT. -EINVAL (nsems out of range, or
 * more than the existing set has), -EEXIST, -EACCES (the set's mode does
 * not grant what semflg's permission bits ask), -ENOENT, -ENOSPC, -ENOMEM. */
long sys_semget(int32_t key, int nsems, int semflg)
{
    if (nsems < 0 || nsems > SEM_NSEMS_MAX)
        return -EINVAL;
    spin_lock(&sem_lock);
    long r;
    struct semset *s = key == IPC_PRIVATE ? NULL : set_by_key(key);
    if (s)
        r = (semflg & IPC_CREAT) && (semflg & IPC_EXCL) ? -EEXIST
            : set_permit(s, cred_ipc_want((uint32_t)semflg)) < 0 ? -EACCES
            : (uint32_t)nsems > s->nsems ? -EINVAL : set_id(s);
    else if (key != IPC_PRIVATE && !(semflg & IPC_CREAT))
        r = -ENOENT;
    else
        r = nsems == 0 ? -EINVAL : set_create(key, (uint32_t)nsems, (uint32_t)semflg);
    spin_unlock(&sem_lock);
    return r;
}

/* ---------------------------------------------------------------- semop */

/* semtimedop: perform the nsops operations at sops on set id all at once,
 * waiting (up to the relative timeout, if not 0) until they can. 0, or
 * -EINVAL (no such set, nsops 0, bad timeout), -E2BIG (nsops over
 * SEM_NOPS_MAX), -EFBIG (sem_num out of range), -EACCES (no write
 * permission for a group that changes a value, else no read), -EFAULT, -EAGAIN
 * (IPC_NOWAIT, or timed out), -ERANGE, -EIDRM (removed while waiting),
 * -ENOMEM (no memory for the undo record), -EINTR (killed). */
long sys_semtimedop(int id, uaddr_t usops, uint32_t nsops, uaddr_t utimeout)
{
    struct sembuf ops[SEM_NOPS_MAX];
    struct timespec ts;
    int err;
    /* Checked in Linux's order: the timeout copied, nsops, the group
     * copied, then the timeout's fields. */
    if (utimeout && (err = copyin(&ts, utimeout, sizeof(ts))) < 0)
        return err;
    if (nsops < 1 || id < 0)
        return -EINVAL;
    if (nsops > SEM_NOPS_MAX)
        return -E2BIG;
    if ((err = copyin(ops, usops, nsops * sizeof(ops[0]))) < 0)
        return err;
    uint64_t deadline = 0;
    if (utimeout) {
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        deadline = time_ns() + (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    bool undo = false, changes = false;
    uint32_t top = 0;
    for (uint32_t i = 0; i < nsops; i++) {
        undo |= (ops[i].sem_flg & SEM_UNDO) != 0;
        changes |= ops[i].sem_op != 0;
        top = MAX(top, ops[i].sem_num);
    }

    struct proc *p = myproc();
    spin_lock(&sem_lock);
    struct semset *s = set_lookup(id);
    long r;
    struct sem_waiter w = { .ops = ops, .nops = nsops, .pid = p->pid, .result = WAITING };
    if (!s)
        r = -EINVAL;
    else if (top >= s->nsems)
        r = -EFBIG;
    else if (set_permit(s, changes ? MAY_WRITE : MAY_READ) < 0)
        r = -EACCES;
    else if (undo && !(w.undo = undo_of(s, p, true)))
        r = -ENOMEM;
    else
        r = try_ops(s, ops, nsops, w.undo, p->pid, &w.blocked_at);
    if (r == 0 && changes)
        retry_waiters(s);
    if (r != WAITING) {
        spin_unlock(&sem_lock);
        return r;
    }
    struct sem_waiter **tail = &s->queue;
    while (*tail)
        tail = &(*tail)->next;
    *tail = &w;
    while (w.result == WAITING && !proc_killed() && (!deadline || time_ns() < deadline))
        sleep_until(&w, &sem_lock, deadline);
    r = w.result;
    if (r == WAITING) {
        for (struct sem_waiter **pp = &s->queue; *pp; pp = &(*pp)->next) {
            if (*pp == &w) {
                *pp = w.next;
                break;
            }
        }
        r = proc_killed() ? -EINTR : -EAGAIN;
    }
    spin_unlock(&sem_lock);
    return r;
}

/* ---------------------------------------------------------------- semctl */

/* Needs sem_lock. Free s: its waiters get -EIDRM, its undo records go, the
 * key is released and the id dies. */
static void set_remove(struct semset *s)
{
    for (struct sem_waiter *w = s->queue; w; w = w->next) {
        w->result = -EIDRM;
        wakeup(w);
    }
    while (s->undos) {
        struct sem_undo *u = s->undos;
        s->undos = u->set_next;
        undo_free(u);
    }
    slab_free(&vals_slab, s->vals);
    *s = (struct semset){ .seq = s->seq + 1 < SEQ_LIMIT ? s->seq + 1 : 1 };
}

/* Needs sem_lock. Waiters of s whose group waits on semaphore num to
 * decrease (zero false) or to be zero (zero true): GETNCNT, GETZCNT. */
static int count_waiters(const struct semset *s, uint32_t num, bool zero)
{
    int n = 0;
    for (const struct sem_waiter *w = s->queue; w; w = w->next) {
        const struct sembuf *op = &w->ops[w->blocked_at];
        n += op->sem_num == num && (op->sem_op == 0) == zero;
    }
    return n;
}

/* Needs sem_lock. The IPC_STAT record of s. */
static void set_stat(const struct semset *s, struct semid_ds *ds)
{
    *ds = (struct semid_ds){
        .sem_perm = { .__key = s->key, .uid = s->uid, .gid = s->gid, .cuid = s->cuid,
                      .cgid = s->cgid, .mode = s->mode, .__seq = (uint16_t)s->seq },
        .sem_otime = s->otime, .sem_ctime = s->ctime, .sem_nsems = s->nsems,
    };
}

/* IPC_INFO and SEM_INFO: the limits (SEM_INFO: with semusz the sets in use
 * and semaem the semaphores in them, as Linux) into ubuf. The highest slot
 * index in use (0 if none), or -EFAULT. */
static long sem_info(int cmd, uaddr_t ubuf)
{
    struct seminfo si = {
        .semmap = SEM_SETS_MAX * SEM_NSEMS_MAX, .semmni = SEM_SETS_MAX,
        .semmns = SEM_SETS_MAX * SEM_NSEMS_MAX, .semmnu = SEM_SETS_MAX * SEM_NSEMS_MAX,
        .semmsl = SEM_NSEMS_MAX, .semopm = SEM_NOPS_MAX, .semume = SEM_NOPS_MAX,
        .semusz = (int)sizeof(struct sem_undo), .semvmx = SEM_VAL_MAX, .semaem = SEM_ADJ_MAX,
    };
    int top = 0, nsets = 0, nsems = 0;
    spin_lock(&sem_lock);
    for (int i = 0; i < SEM_SETS_MAX; i++) {
        if (sets[i].live) {
            top = i;
            nsets++;
            nsems += (int)sets[i].nsems;
        }
    }
    spin_unlock(&sem_lock);
    if (cmd == SEM_INFO) {
        si.semusz = nsets;
        si.semaem = nsems;
    }
    int err = copyout(ubuf, &si, sizeof(si));
    return err < 0 ? err : top;
}

/* The commands that copy a record or an array out: IPC_STAT, SEM_STAT (id
 * is a slot index; returns the set's id) and GETALL, all needing read
 * permission. 0 (or the id), -EINVAL, -EACCES, -EFAULT. */
static long sem_read(int id, int cmd, uaddr_t ubuf)
{
    union {
        struct semid_ds ds;
        uint16_t vals[SEM_NSEMS_MAX];
    } out;
    size_t len = sizeof(out.ds);
    long r = 0;
    spin_lock(&sem_lock);
    struct semset *s;
    if (cmd == SEM_STAT)
        s = id >= 0 && id < SEM_SETS_MAX && sets[id].live ? &sets[id] : NULL;
    else
        s = set_lookup(id);
    if (!s) {
        r = -EINVAL;
    } else if ((r = set_permit(s, MAY_READ)) < 0) {
        /* -EACCES */
    } else if (cmd == GETALL) {
        len = s->nsems * sizeof(out.vals[0]);
        for (uint32_t i = 0; i < s->nsems; i++)
            out.vals[i] = s->vals->v[i].val;
    } else {
        set_stat(s, &out.ds);
        r = cmd == SEM_STAT ? set_id(s) : 0;
    }
    spin_unlock(&sem_lock);
    if (r < 0)
        return r;
    int err = copyout(ubuf, &out, len);
    return err < 0 ? err : r;
}

/* The commands that copy something in: IPC_SET (owner and mode: by the
 * owner, creator or root) and SETALL (needs write permission). 0, -EINVAL,
 * -EFAULT, -EPERM, -EACCES, -ERANGE (a value over SEM_VAL_MAX). */
static long sem_write(int id, int cmd, uaddr_t ubuf)
{
    union {
        struct semid_ds ds;
        uint16_t vals[SEM_NSEMS_MAX];
    } in;
    spin_lock(&sem_lock);
    struct semset *s = set_lookup(id);
    uint32_t nsems = s ? s->nsems : 0;
    int err = !s ? -EINVAL : cmd == IPC_SET ? set_owned(s) : set_permit(s, MAY_WRITE);
    spin_unlock(&sem_lock);
    if (err < 0)
        return err;
    size_t len = cmd == SETALL ? nsems * sizeof(in.vals[0]) : sizeof(in.ds);
    if ((err = copyin(&in, ubuf, len)) < 0)
        return err;
    for (uint32_t i = 0; cmd == SETALL && i < nsems; i++)
        if (in.vals[i] > SEM_VAL_MAX)
            return -ERANGE;
    spin_lock(&sem_lock);
    if (set_lookup(id) != s) {          /* removed meanwhile */
        spin_unlock(&sem_lock);
        return -EIDRM;
    }
    if (cmd == IPC_SET) {
        s->uid = in.ds.sem_perm.uid;
        s->gid = in.ds.sem_perm.gid;
        s->mode = in.ds.sem_perm.mode & 0777;
    } else {
        for (uint32_t i = 0; i < nsems; i++)
            s->vals->v[i] = (struct semval){ in.vals[i], myproc()->pid };
        undo_clear(s, -1);
        retry_waiters(s);
    }
    s->ctime = time_sec();
    spin_unlock(&sem_lock);
    return 0;
}

/* The commands on one semaphore or the whole set that copy nothing:
 * GETVAL, GETPID, GETNCNT, GETZCNT (needing read permission), SETVAL
 * (arg: the value; needing write), IPC_RMID (by the owner, creator or
 * root). The answer or 0, -EINVAL, -EACCES, -EPERM. */
static long sem_direct(int id, int semnum, int cmd, uint32_t arg)
{
    long r = 0;
    spin_lock(&sem_lock);
    struct semset *s = set_lookup(id);
    if (!s) {
        r = -EINVAL;
    } else if (cmd == IPC_RMID) {
        if ((r = set_owned(s)) == 0)
            set_remove(s);
    } else if ((r = set_permit(s, cmd == SETVAL ? MAY_WRITE : MAY_READ)) < 0) {
        /* -EACCES: checked before semnum, as Linux */
    } else if (semnum < 0 || (uint32_t)semnum >= s->nsems) {
        r = -EINVAL;
    } else {
        struct semval *v = &s->vals->v[semnum];
        switch (cmd) {
        case GETVAL:  r = v->val; break;
        case GETPID:  r = v->pid; break;
        case GETNCNT: r = count_waiters(s, (uint32_t)semnum, false); break;
        case GETZCNT: r = count_waiters(s, (uint32_t)semnum, true); break;
        case SETVAL:                    /* arg checked by sys_semctl */
            *v = (struct semval){ (uint16_t)arg, myproc()->pid };
            undo_clear(s, semnum);
            s->ctime = time_sec();
            retry_waiters(s);
            break;
        }
    }
    spin_unlock(&sem_lock);
    return r;
}

/* semctl: arg is the caller's union semun, passed by value (a value for
 * SETVAL, else a user address). Errors as the commands' helpers, -EINVAL
 * for an unknown command. */
long sys_semctl(int id, int semnum, int cmd, uint32_t arg)
{
    switch (cmd) {
    case IPC_INFO:
    case SEM_INFO:
        return sem_info(cmd, arg);
    case IPC_STAT:
    case SEM_STAT:
    case GETALL:
        return sem_read(id, cmd, arg);
    case IPC_SET:
    case SETALL:
        return sem_write(id, cmd, arg);
    case SETVAL:
        if ((int)arg < 0 || (int)arg > SEM_VAL_MAX)
            return -ERANGE;             /* before the id, as Linux */
        return sem_direct(id, semnum, cmd, arg);
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
    case IPC_RMID:
        return sem_direct(id, semnum, cmd, arg);
    default:
        return -EINVAL;
    }
}
