/* Per-CPU run queues and the fair policy.
 *
 * Policy: weighted fair queueing by virtual runtime ("vruntime", as in
 * CFS). Each process's vruntime grows by the CPU time it uses, scaled by
 * 1024 / weight, where weight is 1024 at nice 0 and changes by a factor
 * 1.25 per nice step (nice 10 weighs about a tenth of nice 0). A CPU runs
 * the process on its queue with the least vruntime; every tick (TIMER_HZ)
 * ends a slice and the choice is made again, so CPU-bound processes of
 * equal nice take turns and share evenly, and a lighter one runs less in
 * proportion. A process that sleeps does not advance; when it wakes it is
 * placed at max(its vruntime, the queue's min_vruntime - SLEEP_CREDIT): it
 * runs before the CPU-bound ones (and preempts the running one if it is
 * WAKE_GRANULARITY behind it), but a long sleep does not bank unlimited
 * credit. The process last woken or forked on a queue (its buddy) is
 * chosen over the least vruntime if it is at most BUDDY_GRANULARITY (a
 * slice) ahead of it: a fork/wait or pipe pair then runs its rounds back to
 * back for a slice, instead of waiting a whole slice of a CPU-bound
 * process at every short sleep. A fork child starts at its parent's vruntime, so a fork/wait
 * worker keeps its place among spinners. sched_yield puts the caller
 * behind every other waiting process of its queue for one choice.
 *
 * Queues: one per CPU, each with its own lock; the running process is not
 * on any queue. A process wakes onto the queue of the CPU it last ran on
 * (its home: warm caches, lazy TLB), unless the home is busy with a process
 * that goes on running (not an exiting waker) and another CPU is idle:
 * then on that one. A fork child stays on its parent's CPU; if it waits
 * there STEAL_AGE, the home's next switch kicks an idle CPU to steal it.
 * An idle CPU steals from a busy or halted CPU's queue, but only a process
 * that has waited STEAL_AGE there (one queued just now, a fork child or a
 * woken partner, is usually run by its home at once, as its parent or
 * waker sleeps: taking it would make every round trip a cross-CPU wake-up,
 * which costs a halted virtual CPU milliseconds); a CPU choosing its
 * next process pulls one from the queue with the most load (the weights of
 * its processes, the running one's too) if that one's load exceeds its own
 * by more than the moved process weighs: then the difference shrinks, so
 * the load evens out without processes bouncing back (a nice 0 and a nice
 * 10 process end up together on each CPU, not the two nice 0 ones on one). A process
 * moved between queues keeps its vruntime relative to the queue's
 * min_vruntime. */
#include "runq.h"
#include "arch.h"
#include "printk.h"
#include "proc.h"
#include "time.h"

#define SLEEP_CREDIT 5000000            /* ns of vruntime a waking sleeper may be ahead */
#define WAKE_GRANULARITY 1000000        /* how far behind the running one a waker preempts it */
#define BUDDY_GRANULARITY 10000000       /* how far ahead a buddy may run (a slice) */
#define NICE0_WEIGHT 1024
#define STEAL_AGE 1000000               /* ns a process waits before an idle CPU steals it */

struct runq runqs[NCPU] = { [0 ... NCPU - 1] = { .lock = SPINLOCK_INIT("runq") } };

static volatile uint32_t queued_gen;    /* [atomic] runq_generation() */

struct runq *runq_mine(void)
{
    return &runqs[mycpu()->id];
}

uint32_t runq_generation(void)
{
    return __atomic_load_n(&queued_gen, __ATOMIC_ACQUIRE);
}

static uint32_t weight_of(const struct proc *p)
{
    uint32_t w = __atomic_load_n(&p->sch.weight, __ATOMIC_RELAXED);
    return w ? w : NICE0_WEIGHT;
}

/* The weights of the processes running or waiting on CPU i: a racy hint
 * (a stale cpu->proc is still a slot of the static table). */
static uint32_t load_of(int i)
{
    const struct proc *cur = __atomic_load_n(&cpus[i].proc, __ATOMIC_RELAXED);
    return __atomic_load_n(&runqs[i].qweight, __ATOMIC_RELAXED) + (cur ? weight_of(cur) : 0);
}

/* Put p on rq at vruntime v. Needs rq's lock. */
static void enqueue(struct runq *rq, struct proc *p, int64_t v)
{
    p->sch.vruntime = v;
    p->sch.queued_at = time_ns();
    p->sch.next = rq->head;
    rq->head = p;
    p->sch.queued_weight = weight_of(p);
    __atomic_store_n(&rq->qweight, rq->qweight + p->sch.queued_weight, __ATOMIC_RELAXED);
    __atomic_store_n(&rq->nqueued, rq->nqueued + 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&queued_gen, 1, __ATOMIC_RELEASE);
}

/* Unlink p from rq. Needs rq's lock. */
static void dequeue(struct runq *rq, struct proc *p)
{
    struct proc **pp = &rq->head;
    while (*pp != p)
        pp = &(*pp)->sch.next;
    *pp = p->sch.next;
    p->sch.next = NULL;
    __atomic_store_n(&rq->qweight, rq->qweight - p->sch.queued_weight, __ATOMIC_RELAXED);
    __atomic_store_n(&rq->nqueued, rq->nqueued - 1, __ATOMIC_SEQ_CST);
    if (rq->skip == p)
        rq->skip = NULL;
    if (rq->buddy == p)
        rq->buddy = NULL;
}

void runq_kick_idle(void)
{
    struct cpu *self = mycpu();
    for (int i = 0; i < ncpu; i++)
        if (&cpus[i] != self && __atomic_exchange_n(&cpus[i].idle, false, __ATOMIC_SEQ_CST)) {
            cpu_kick(i);
            return;
        }
}

/* The CPU a waking p should queue on: its home, unless the home runs a
 * process that goes on running (not the waker, exiting) and another CPU is
 * idle (nothing running or queued), which then gets it. A fork child
 * (EMBRYO) stays home: its parent usually waits at once, and if not, the
 * home's next switch has it stolen (STEAL_AGE). Racy hints. */
static int wake_target(const struct proc *p)
{
    int home = p->cpu;
    const struct proc *cur = __atomic_load_n(&cpus[home].proc, __ATOMIC_RELAXED);
    if (p->state == EMBRYO || !cur || (cur == myproc() && cur->state == ZOMBIE))
        return home;
    for (int k = 1; k < ncpu; k++) {
        int i = (home + k) % ncpu;
        if (!__atomic_load_n(&cpus[i].proc, __ATOMIC_RELAXED) &&
            __atomic_load_n(&runqs[i].nqueued, __ATOMIC_RELAXED) == 0)
            return i;
    }
    return home;
}

void runq_wake(struct proc *p)
{
    int t = wake_target(p);
    struct runq *rq = &runqs[t];
    /* p's place relative to its last queue's min_vruntime, at most
     * SLEEP_CREDIT ahead (another queue's is read under its lock: 64 bits). */
    struct runq *from = &runqs[p->cpu];
    if (from != rq)
        spin_lock(&from->lock);
    int64_t lag = p->sch.vruntime - from->min_vruntime;
    if (from != rq)
        spin_unlock(&from->lock);
    if (lag < -SLEEP_CREDIT)
        lag = -SLEEP_CREDIT;
    spin_lock(&rq->lock);
    p->cpu = t;
    p->state = RUNNABLE;
    enqueue(rq, p, rq->min_vruntime + lag);
    rq->buddy = p;
    struct proc *cur = __atomic_load_n(&cpus[t].proc, __ATOMIC_RELAXED);
    bool preempt = cur && p->sch.vruntime + WAKE_GRANULARITY < cur->sch.vruntime;
    spin_unlock(&rq->lock);
    if (preempt) {
        __atomic_store_n(&cpus[t].resched, true, __ATOMIC_RELAXED);
        if (&cpus[t] != mycpu())
            cpu_kick(t);                /* its return to user mode yields */
    } else if (!cur && &cpus[t] != mycpu() && __atomic_exchange_n(&cpus[t].idle, false, __ATOMIC_SEQ_CST)) {
        cpu_kick(t);                    /* halted: wake it for p */
    }
}

/* Charge p's run since its switch-in to its CPU time and vruntime. Needs
 * the queue lock of the CPU running p. */
static void charge(struct proc *p, uint64_t now)
{
    uint64_t ran = now - p->sch.run_start;
    p->sch.run_start = now;
    p->sch.run_ns += ran;
    uint32_t w = p->sch.weight ? p->sch.weight : NICE0_WEIGHT;
    p->sch.vruntime += (int64_t)(ran * NICE0_WEIGHT / w);
}

void runq_leave(struct proc *p, bool requeue, bool yielding)
{
    struct runq *rq = runq_mine();
    charge(p, time_ns());
    if (!requeue)
        return;
    p->state = RUNNABLE;
    enqueue(rq, p, p->sch.vruntime);
    if (yielding)
        rq->skip = p;
}

bool runq_contended(void)
{
    int me = mycpu()->id;
    if (runqs[me].nqueued > 0)
        return true;
    uint32_t mine = load_of(me);
    for (int i = 0; i < ncpu; i++)
        if (i != me && runqs[i].nqueued > 0 && load_of(i) > mine)
            return true;            /* the scheduler's balance() decides */
    return false;
}

/* Move a waiting process lighter than maxw and queued before since (not
 * victim's skip, if it has others) from victim to this CPU, keeping its
 * place relative to min_vruntime. Needs victim's lock only; returns the
 * process, off every queue, or NULL. */
static struct proc *take_from(struct runq *victim, uint32_t maxw, uint64_t since)
{
    struct proc *p = NULL;
    for (struct proc *q = victim->head; q; q = q->sch.next)
        if (weight_of(q) < maxw && q->sch.queued_at <= since && (!p || p == victim->skip))
            p = q;
    if (!p)
        return NULL;
    dequeue(victim, p);
    p->sch.vruntime -= victim->min_vruntime;    /* relative until it is queued again */
    p->cpu = mycpu()->id;
    return p;
}

/* Pull one process into rq (locked, its CPU in the scheduler) from the
 * most loaded queue, if moving it makes the two loads closer (see the top
 * of the file). Drops rq's lock meanwhile. */
static void balance(struct runq *rq)
{
    int me = (int)(rq - runqs), busiest = -1;
    uint32_t mine = rq->qweight, most = mine;
    for (int i = 0; i < ncpu; i++)
        if (i != me && runqs[i].nqueued > 0 && load_of(i) > most) {
            busiest = i;
            most = load_of(i);
        }
    if (busiest < 0 || most - mine <= 1)
        return;
    spin_unlock(&rq->lock);
    spin_lock(&runqs[busiest].lock);
    struct proc *p = NULL;
    uint32_t now_mine = __atomic_load_n(&rq->qweight, __ATOMIC_RELAXED), now_most = load_of(busiest);
    if (now_most > now_mine)
        p = take_from(&runqs[busiest], now_most - now_mine, UINT64_MAX);
    spin_unlock(&runqs[busiest].lock);
    spin_lock(&rq->lock);
    if (p)
        enqueue(rq, p, p->sch.vruntime + rq->min_vruntime);
}

struct proc *runq_pick(struct runq *rq)
{
    if (ncpu > 1)
        balance(rq);
    struct proc *best = NULL, *min = NULL;
    for (struct proc *p = rq->head; p; p = p->sch.next) {
        if (!min || p->sch.vruntime < min->sch.vruntime)
            min = p;
        if (p != rq->skip && (!best || p->sch.vruntime < best->sch.vruntime))
            best = p;
    }
    if (!min)
        return NULL;
    if (!best)
        best = min;                     /* the yielder is alone */
    struct proc *b = rq->buddy;
    if (b && b != rq->skip && b->sch.vruntime <= best->sch.vruntime + BUDDY_GRANULARITY)
        best = b;
    rq->skip = NULL;
    rq->buddy = NULL;
    if (min->sch.vruntime > rq->min_vruntime)
        rq->min_vruntime = min->sch.vruntime;
    dequeue(rq, best);
    return best;
}

/* May an idle CPU take work queued for CPU i: is i busy, or halted? (One
 * awake in its scheduler takes its own.) */
static bool stealable(int i)
{
    return runqs[i].nqueued > 0 &&
           (__atomic_load_n(&cpus[i].proc, __ATOMIC_RELAXED) || __atomic_load_n(&cpus[i].idle, __ATOMIC_SEQ_CST));
}

struct proc *runq_steal(void)
{
    uint64_t now = time_ns(), since = now > STEAL_AGE ? now - STEAL_AGE : 0;
    int me = mycpu()->id;
    for (int k = 1; k < ncpu; k++) {
        int i = (me + k) % ncpu;
        if (!stealable(i))
            continue;
        spin_lock(&runqs[i].lock);
        struct proc *p = stealable(i) ? take_from(&runqs[i], UINT32_MAX, since) : NULL;
        spin_unlock(&runqs[i].lock);
        if (p) {
            p->sch.vruntime += runqs[me].min_vruntime;  /* only this CPU writes it */
            return p;
        }
    }
    return NULL;
}

bool runq_work_visible(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return __atomic_load_n(&runq_mine()->nqueued, __ATOMIC_SEQ_CST) > 0;
}

bool runq_has_aged(const struct runq *rq)
{
    uint64_t now = time_ns();
    for (const struct proc *p = rq->head; p; p = p->sch.next)
        if (now - p->sch.queued_at >= STEAL_AGE)
            return true;
    return false;
}

/* 1024 / 1.25^nice, in integers. */
static uint32_t nice_weight(int nice)
{
    uint32_t w = NICE0_WEIGHT;
    for (int i = 0; i < nice; i++)
        w = w * 4 / 5;
    for (int i = 0; i > nice; i--)
        w = w * 5 / 4;
    return w ? w : 1;
}

void runq_set_nice(struct proc *p, int nice)
{
    if (nice < NICE_MIN)
        nice = NICE_MIN;
    if (nice > NICE_MAX)
        nice = NICE_MAX;
    p->sch.nice = nice;
    __atomic_store_n(&p->sch.weight, nice_weight(nice), __ATOMIC_RELAXED);
}

void runq_fork(struct proc *child, const struct proc *parent)
{
    child->sch.next = NULL;
    child->sch.vruntime = parent->sch.vruntime;
    child->sch.run_ns = 0;
    child->sch.user_ticks = child->sch.sys_ticks = 0;
    child->sch.child_user_ns = child->sch.child_sys_ns = 0;
    child->sch.nice = parent->sch.nice;
    child->sch.weight = parent->sch.weight;
    child->cpu = parent->cpu;
}

void runq_tick(struct proc *p, bool user)
{
    if (user)
        p->sch.user_ticks++;
    else
        p->sch.sys_ticks++;
}

/* p's CPU time so far in ns: its charged runs, plus its current one if
 * it is on a CPU now (read under that CPU's queue lock, so that a spinner
 * never switched out shows its time too). */
static uint64_t run_total(const struct proc *p)
{
    if (p == myproc())
        return p->sch.run_ns + time_ns() - p->sch.run_start;
    if (!__atomic_load_n(&p->sch.on_cpu, __ATOMIC_ACQUIRE))
        return p->sch.run_ns;               /* racy: a statistic */
    int c = __atomic_load_n(&p->cpu, __ATOMIC_RELAXED);
    if (c < 0 || c >= ncpu)
        return p->sch.run_ns;
    spin_lock(&runqs[c].lock);
    uint64_t total = p->sch.run_ns;
    if (cpus[c].proc == p)
        total += time_ns() - p->sch.run_start;
    spin_unlock(&runqs[c].lock);
    return total;
}

void runq_cputime(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns)
{
    uint64_t total = run_total(p);
    uint64_t u = p->sch.user_ticks, s = p->sch.sys_ticks;
    /* Ticks only sample where the time went; the total is exact. No tick
     * yet: count it all as user time (as Linux does). */
    *user_ns = u + s ? total * u / (u + s) : total;
    *sys_ns = total - *user_ns;
}

void runq_reap(struct proc *cur, struct proc *q)
{
    while (__atomic_load_n(&q->sch.on_cpu, __ATOMIC_ACQUIRE))
        cpu_relax();
    uint64_t u, s;
    runq_cputime(q, &u, &s);
    cur->sch.child_user_ns += u + q->sch.child_user_ns;
    cur->sch.child_sys_ns += s + q->sch.child_sys_ns;
}
