/* The scheduler: a per-CPU loop that runs RUNNABLE processes round-robin,
 * plus sleep/wakeup. All scheduling state is under ptable_lock, which
 * makes sleep and wakeup race-free across CPUs: a sleeper releases its own
 * lock only once it holds ptable_lock, and a waker needs ptable_lock to see
 * it.
 * Preemption: a timer tick marks the CPU's current process to yield; it
 * does so on its next return to user mode (trap.c), so kernel code is never
 * switched out except where it sleeps or yields. */
#include "sched.h"
#include "addrspace.h"
#include "cpu.h"
#include "printk.h"
#include "ptable.h"
#include "syscall_proto.h"
#include "time.h"

struct cpu cpus[NCPU];
int ncpu = 1;

/* Switch from the current process to this CPU's scheduler. Needs
 * ptable_lock held (and no other lock) and the state already changed. */
static void sched(void)
{
    struct proc *p = myproc();
    struct cpu *c = mycpu();
    if (!spin_held(&ptable_lock))
        panic("sched: ptable_lock not held");
    spin_assert_only(&ptable_lock, "sleep or yield");
    if (c->ncli != 1)
        panic("sched: interrupts disabled %d deep by pid %d", c->ncli, p->pid);
    if (p->state == RUNNING)
        panic("sched: pid %d still running", p->pid);
    int intena = c->intena;
    fpu_save(&p->fpu);
    swtch(&p->context, c->scheduler);
    fpu_restore(&p->fpu);
    mycpu()->intena = intena;
}

/* Affinity. p->cpu is the CPU a process last ran on, its home: that CPU
 * may still have its directory loaded (lazy TLB) and its data in the
 * caches. The rule, all under ptable_lock:
 *   - a CPU runs, round-robin, the runnable processes whose home it is;
 *   - only when it has none does it take another's, and only one whose home
 *     is busy running a process (cpu->proc set) or halted (cpu->halted,
 *     kicked or not: waking a halted virtual CPU can take the host
 *     milliseconds); a home that is awake in its scheduler (choosing or
 *     polling) takes it itself;
 *   - make_runnable() kicks the home if it is halted, and if the home is
 *     busy, any halted CPU (which may then take the process);
 *   - a CPU that takes one of several processes that others may take (its
 *     own, now that it is busy, and those of busy homes) kicks a halted CPU
 *     for the rest.
 * So no process starves: it is in the round-robin of its home, which
 * reaches it at that CPU's next switch (ticks preempt) or as soon as it
 * wakes, and as long as its home is busy any CPU without work of its own
 * is woken to take it. */

/* Wake one halted CPU other than this one, if there is any. Caller holds
 * ptable_lock. */
static void kick_idle_cpu(void)
{
    struct cpu *self = mycpu();
    for (int i = 0; i < ncpu; i++) {
        struct cpu *c = &cpus[i];
        if (c != self && c->idle) {
            c->idle = false;
            cpu_kick(i);
            return;
        }
    }
}

/* Bumped whenever a process becomes runnable: what a polling idle CPU
 * watches. [atomic] */
static volatile uint32_t runnable_gen;

void make_runnable(struct proc *p)
{
    p->state = RUNNABLE;
    __atomic_add_fetch(&runnable_gen, 1, __ATOMIC_RELEASE);
    struct cpu *home = &cpus[p->cpu];
    if (home->proc) {
        kick_idle_cpu();            /* busy: anyone without work may take it */
    } else if (home->idle && home != mycpu()) {
        home->idle = false;         /* halted: wake it for its own */
        cpu_kick(home->id);
    }                               /* else it is in its scheduler: it will see p */
}

/* The process CPU c should run next, scanning round-robin from next (see
 * "Affinity"), or NULL; *more says whether other runnable processes are left
 * that another CPU may take once c is busy. Caller holds ptable_lock. */
static struct proc *pick(const struct cpu *c, int next, bool *more)
{
    struct proc *own = NULL, *foreign = NULL;
    int takeable = 0;
    for (int i = 0; i < NPROC && !(own && takeable > 1); i++) {
        struct proc *p = &procs[(next + i) % NPROC];
        if (p->state != RUNNABLE)
            continue;
        if (p->cpu == c->id) {
            own = own ? own : p;
            takeable++;
        } else if (cpus[p->cpu].proc || cpus[p->cpu].halted) {
            foreign = foreign ? foreign : p;
            takeable++;
        }
    }
    *more = takeable > 1;
    return own ? own : foreign;
}

/* How long a CPU that a process has just left keeps looking before it
 * halts. A wake-up that comes within it (the other half of a ping-pong
 * between two CPUs, say) is seen at once, without an IPI or the cost of
 * waking a halted CPU; afterwards the CPU halts until an IPI or its timer.
 * A CPU woken by its timer or an IPI that finds nothing to do halts again
 * at once: polling then has nothing to catch. */
#define IDLE_POLL_NS 50000

/* Spin with interrupts on until runnable_gen moves past gen or the poll
 * time is over. Called without locks (the last user directory may still be
 * loaded: lazy TLB, see addrspace.c). */
static void idle_poll(uint32_t gen)
{
    uint64_t end = time_ns() + IDLE_POLL_NS;
    intr_on();
    while (__atomic_load_n(&runnable_gen, __ATOMIC_ACQUIRE) == gen && time_ns() < end)
        cpu_relax();
    intr_off();
}

/* The earliest wake_at of the timed sleepers, or 0 if there are none; it
 * may be earlier than any (a sleeper woken another way leaves it), which
 * costs one scan that finds nothing due. [ptable_lock] */
static uint64_t next_wake;

/* Idle ticks. A CPU running a process ticks periodically (preemption), and
 * every tick ends the timed sleeps that are due (wakeup_expired). A CPU
 * that halts has no periodic tick: if another CPU is busy, that one's ticks
 * watch the deadlines and this one arms no timer at all; if none is, this
 * is the last CPU to go idle and it arms a one-shot for next_wake. No
 * deadline is missed: a new one is set by a running process, so its CPU is
 * busy; it ticks until it halts itself, and then arms for it (or leaves it
 * to another CPU still busy, which does the same in turn). All of it is
 * decided under ptable_lock. Caller holds ptable_lock; c is this CPU. */
static void idle_timer(const struct cpu *c)
{
    for (int i = 0; i < ncpu; i++)
        if (&cpus[i] != c && cpus[i].proc) {
            tick_idle(0);
            return;
        }
    tick_idle(next_wake);
}

/* Every CPU runs this loop; a process may run on any CPU, one at a time,
 * and prefers the one it last ran on ("Affinity").
 * The scheduler holds ptable_lock from the moment a process leaves this CPU
 * (sched() hands it over) until the next one is switched in (which releases
 * it). A CPU out of work keeps the last user directory loaded (lazy TLB:
 * addrspace.c says how it still gets shootdowns and lets go of a directory
 * about to be freed), polls for IDLE_POLL_NS if a process has just left it
 * (on several CPUs), then halts with c->idle set, without periodic ticks
 * (idle_timer), until make_runnable() kicks it (cpu_kick) or its one-shot
 * timer comes; it ticks again once it runs a process. The next process
 * pays no CR3 write if it uses that directory (as_activate), e.g. a thread
 * of the same program, or the same process again. */
void scheduler(void)
{
    struct cpu *c = mycpu();
    int next = 0;
    bool left = false;              /* a process has just left: poll before halting */
    spin_lock(&ptable_lock);
    c->proc = NULL;
    for (;;) {
        bool more;
        uint32_t gen = __atomic_load_n(&runnable_gen, __ATOMIC_ACQUIRE);
        struct proc *run = pick(c, next, &more);
        if (!run && left && ncpu > 1) {
            c->intena = 0;
            spin_unlock(&ptable_lock);
            idle_poll(gen);
            spin_lock(&ptable_lock);
            left = false;
            continue;
        }
        if (!run) {
            c->idle = true;
            c->halted = true;
            idle_timer(c);
            /* Interrupts stay off until intr_wait below, whatever the
             * process that last left this CPU had (its intena is still
             * here). */
            c->intena = 0;
            spin_unlock(&ptable_lock);
            /* A kick sent after the unlock stays pending and ends the
             * wait at once: no wakeup is lost. */
            intr_wait();
            spin_lock(&ptable_lock);
            c->idle = false;
            c->halted = false;
            continue;
        }
        left = false;
        next = (run - procs + 1) % NPROC;
        c->proc = run;
        if (more)
            kick_idle_cpu();
        cpu_set_kstack((uintptr_t)run->kstack + KSTACK_SIZE);
        as_activate(run->as);
        tick_resume();
        run->state = RUNNING;
        run->cpu = c->id;
        swtch(&c->scheduler, run->context);
        c->proc = NULL;
        left = true;
    }
}

/* Is any process other than p waiting for a CPU? Caller holds ptable_lock. */
static bool other_runnable(const struct proc *p)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == RUNNABLE && &procs[i] != p)
            return true;
    return false;
}

void yield(void)
{
    struct proc *p = myproc();
    spin_lock(&ptable_lock);
    if (other_runnable(p)) {    /* else switching away and back would only cost */
        make_runnable(p);       /* an idle CPU may take it while this one runs the other */
        sched();
    }
    spin_unlock(&ptable_lock);
}

bool preempt_point(void)
{
    push_cli();                 /* the tick must not slip between test and clear */
    struct cpu *c = mycpu();
    bool due = c->resched;
    c->resched = false;
    pop_cli();
    if (due)
        yield();
    return myproc()->killed != 0;   /* read without ptable_lock, as proc_killed() */
}

/* First code a new process runs (from its initial context): the scheduler
 * switched here holding ptable_lock; release it, load the FPU state fork or
 * exec prepared, and return to trap_return. */
void forkret(void)
{
    fpu_restore(&myproc()->fpu);
    spin_unlock(&ptable_lock);
}

void sleep(void *chan, struct spinlock *lk)
{
    sleep_until(chan, lk, 0);
}

/* The one sleep: see sleep_until; a kill ends it early only if
 * interruptible. */
static void sleep_on(void *chan, struct spinlock *lk, uint64_t deadline, bool interruptible)
{
    struct proc *p = myproc();
    spin_assert_only(lk, "sleep");
    if (lk != &ptable_lock) {
        spin_lock(&ptable_lock);
        spin_unlock(lk);
    }
    if (interruptible) {
        signal_alarm_check_locked();
        deadline = signal_sleep_deadline(deadline);     /* an alarm ends the sleep too */
    }
    if (!interruptible || !proc_killed()) {
        p->chan = chan;
        p->wake_at = deadline;
        if (deadline && (!next_wake || deadline < next_wake))
            next_wake = deadline;
        p->state = SLEEPING;
        sched();
        p->chan = NULL;
        p->wake_at = 0;
        if (interruptible)
            signal_alarm_check_locked();
    }
    if (lk != &ptable_lock) {
        spin_unlock(&ptable_lock);
        spin_lock(lk);
    }
}

void sleep_until(void *chan, struct spinlock *lk, uint64_t deadline)
{
    sleep_on(chan, lk, deadline, true);
}

void sleep_uninterruptible(void *chan, struct spinlock *lk)
{
    sleep_on(chan, lk, 0, false);
}

/* Wake every sleeper on chan. Caller holds ptable_lock. */
void wakeup_locked(void *chan)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == SLEEPING && procs[i].chan == chan)
            make_runnable(&procs[i]);
}

void wakeup_expired(uint64_t now)
{
    spin_lock(&ptable_lock);
    if (next_wake && next_wake <= now) {
        uint64_t later = 0;         /* the earliest deadline still to come */
        for (int i = 0; i < NPROC; i++) {
            struct proc *p = &procs[i];
            if (p->state != SLEEPING || !p->wake_at)
                continue;
            if (p->wake_at <= now)
                make_runnable(p);
            else if (!later || p->wake_at < later)
                later = p->wake_at;
        }
        next_wake = later;
    }
    spin_unlock(&ptable_lock);
}

void wakeup(void *chan)
{
    spin_lock(&ptable_lock);
    wakeup_locked(chan);
    spin_unlock(&ptable_lock);
}

long sys_sched_yield(void)
{
    yield();
    return 0;
}

/* The last switch of an exiting process (now a ZOMBIE). Caller holds
 * ptable_lock; wait() frees the slot. */
void sched_exit(void)
{
    sched();
    panic("a zombie was scheduled");
}
