/* The scheduler: every CPU's loop, the switch, and sleep/wakeup. Which
 * process runs next, and where, is runq.c's (per-CPU queues, the fair
 * policy). Locks (docs/architecture.md, "Locking"): a switch holds only
 * the CPU's own queue lock; sleep and wakeup stay race-free under
 * ptable_lock: a sleeper marks itself SLEEPING under it (having released
 * its own lock only once it held ptable_lock), and a waker needs
 * ptable_lock to see it. The sleeper then takes its queue lock before it
 * lets go of ptable_lock, and a woken process may be queued (even on
 * another CPU) before it has switched away: no CPU switches to a process
 * until its on_cpu is clear, which its old CPU does only once off its
 * stack (wait waits for the same before freeing a zombie's slot).
 * Preemption: a tick marks the CPU's current process to yield; it does so
 * on its next return to user mode (trap.c), so kernel code is never
 * switched out except where it sleeps or yields. A wake-up that should
 * run before the current process marks it too (runq_wake). */
#include "sched.h"
#include "addrspace.h"
#include "cpu.h"
#include "printk.h"
#include "ptable.h"
#include "runq.h"
#include "syscall_proto.h"
#include "time.h"

struct cpu cpus[NCPU];
int ncpu = 1;

/* Switch from the current process to this CPU's scheduler. Needs this
 * CPU's queue lock held (and no other lock) and the state already
 * changed; returns (on whatever CPU runs it again) holding that CPU's
 * queue lock. */
static void sched(void)
{
    struct proc *p = myproc();
    struct cpu *c = mycpu();
    struct runq *rq = runq_mine();
    if (!spin_held(&rq->lock))
        panic("sched: run queue lock not held");
    spin_assert_only(&rq->lock, "sleep or yield");
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

/* Leave the CPU from a sleep or exit: the caller holds ptable_lock only
 * and has set p's state; returns (for a sleep, once woken) holding
 * ptable_lock again. */
static void switch_out_locked(struct proc *p)
{
    struct runq *rq = runq_mine();
    spin_lock(&rq->lock);
    runq_leave(p, false, false);
    spin_unlock(&ptable_lock);
    sched();
    spin_unlock(&runq_mine()->lock);
    spin_lock(&ptable_lock);
}

/* How long a CPU that a process has just left keeps looking before it
 * halts. A wake-up that comes within it (the other half of a ping-pong
 * between two CPUs, say) is seen at once, without an IPI or the cost of
 * waking a halted CPU; afterwards the CPU halts until an IPI or its timer.
 * A CPU woken by its timer or an IPI that finds nothing to do halts again
 * at once: polling then has nothing to catch. */
#define IDLE_POLL_NS 50000

/* Spin with interrupts on until a process is queued anywhere or the poll
 * time is over. Called without locks (the last user directory may still be
 * loaded: lazy TLB, see addrspace.c). */
static void idle_poll(uint32_t gen)
{
    uint64_t end = time_ns() + IDLE_POLL_NS;
    intr_on();
    while (runq_generation() == gen && time_ns() < end)
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
 * to another CPU still busy, which does the same in turn). Each CPU clears
 * its cpu->proc before it decides, and decides under ptable_lock, so of
 * two CPUs going idle the second sees the first idle. Caller holds
 * ptable_lock; c is this CPU. */
static void idle_timer(const struct cpu *c)
{
    for (int i = 0; i < ncpu; i++)
        if (&cpus[i] != c && __atomic_load_n(&cpus[i].proc, __ATOMIC_RELAXED)) {
            tick_idle(0);
            return;
        }
    tick_idle(next_wake);
}

/* Halt this CPU until a kick or its timer, unless work shows up on its own
 * queue once cpu->idle is set (runq_work_visible pairs with runq_wake).
 * Work that waits on a busy CPU gets it kicked at that CPU's next switch
 * (at most a tick away). Called with no lock held. */
static void idle_halt(struct cpu *c)
{
    __atomic_store_n(&c->idle, true, __ATOMIC_SEQ_CST);
    if (runq_work_visible()) {
        __atomic_store_n(&c->idle, false, __ATOMIC_SEQ_CST);
        return;
    }
    spin_lock(&ptable_lock);
    idle_timer(c);
    /* Interrupts stay off until intr_wait below, whatever the process that
     * last left this CPU had (its intena is still here). */
    c->intena = 0;
    spin_unlock(&ptable_lock);
    /* A kick sent after idle was set stays pending and ends the wait at
     * once: no wakeup is lost. */
    intr_wait();
    __atomic_store_n(&c->idle, false, __ATOMIC_SEQ_CST);
}

/* Every CPU runs this loop; a process may run on any CPU, one at a time,
 * and prefers the one it last ran on (runq.c).
 * The scheduler holds its queue lock from the moment a process leaves this
 * CPU (sched() hands it over) until the next one is switched in (which
 * releases it). A CPU out of work keeps the last user directory loaded
 * (lazy TLB: addrspace.c says how it still gets shootdowns and lets go of
 * a directory about to be freed), steals from busy CPUs, polls for
 * IDLE_POLL_NS if a process has just left it (on several CPUs), then
 * halts with c->idle set, without periodic ticks (idle_timer), until a
 * kick (cpu_kick) or its one-shot timer; it ticks again once it runs a
 * process. The next process pays no CR3 write if it uses that directory
 * (as_activate), e.g. a thread of the same program, or the same process
 * again. */
void scheduler(void)
{
    struct cpu *c = mycpu();
    struct runq *rq = runq_mine();
    bool left = false;              /* a process has just left: poll before halting */
    spin_lock(&rq->lock);
    __atomic_store_n(&c->proc, NULL, __ATOMIC_RELAXED);
    for (;;) {
        uint32_t gen = runq_generation();
        struct proc *run = runq_pick(rq);
        if (!run) {
            c->intena = 0;
            spin_unlock(&rq->lock);
            run = runq_steal();
            if (!run && left && ncpu > 1)
                idle_poll(gen);
            else if (!run)
                idle_halt(c);
            left = false;
            spin_lock(&rq->lock);
            if (!run)
                continue;
        }
        left = false;
        /* Its old CPU may still be on its stack (it was queued as it
         * slept, or stolen as it yielded): wait for it to leave. */
        while (__atomic_load_n(&run->sch.on_cpu, __ATOMIC_ACQUIRE))
            cpu_relax();
        run->sch.on_cpu = 1;
        __atomic_store_n(&c->proc, run, __ATOMIC_RELAXED);
        if (runq_has_aged(rq))
            runq_kick_idle();       /* waiting here a while: an idle CPU may take it */
        cpu_set_kstack((uintptr_t)run->kstack + KSTACK_SIZE);
        cpu_set_tls(run->tls);
        as_activate(run->as);
        tick_resume();
        run->state = RUNNING;
        run->cpu = c->id;
        run->sch.run_start = time_ns();
        swtch(&c->scheduler, run->context);
        struct proc *prev = c->proc;
        __atomic_store_n(&c->proc, NULL, __ATOMIC_RELAXED);
        __atomic_store_n(&prev->sch.on_cpu, 0, __ATOMIC_RELEASE);
        left = true;
    }
}

/* Give up the CPU for one choice, if another process may want it; behind
 * every other waiting one if yielding (sched_yield). */
static void give_up(bool yielding)
{
    struct proc *p = myproc();
    if (!runq_contended())
        return;                 /* switching away and back would only cost */
    struct runq *rq = runq_mine();
    spin_lock(&rq->lock);
    runq_leave(p, true, yielding);
    sched();
    spin_unlock(&runq_mine()->lock);
}

void yield(void)
{
    give_up(false);
}

bool preempt_point(void)
{
    push_cli();                 /* no migration between finding the CPU and clearing its flag */
    bool due = __atomic_exchange_n(&mycpu()->resched, false, __ATOMIC_RELAXED);
    pop_cli();
    if (due)
        yield();
    return myproc()->killed != 0;   /* read without ptable_lock, as proc_killed() */
}

/* First code a new process runs (from its initial context): the scheduler
 * switched here holding its queue lock; release it, load the FPU state
 * fork or exec prepared, and return to trap_return. */
void forkret(void)
{
    fpu_restore(&myproc()->fpu);
    spin_unlock(&runq_mine()->lock);
}

void make_runnable(struct proc *p)
{
    runq_wake(p);
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
        switch_out_locked(p);
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
    for (int i = 0; i < ptable_bound(); i++)
        if (procs[i].state == SLEEPING && procs[i].chan == chan)
            make_runnable(&procs[i]);
}

void wakeup_expired(uint64_t now)
{
    spin_lock(&ptable_lock);
    if (next_wake && next_wake <= now) {
        uint64_t later = 0;         /* the earliest deadline still to come */
        for (int i = 0; i < ptable_bound(); i++) {
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

/* sched_yield: the caller goes behind every other process waiting for
 * its CPU (POSIX: to the end of its priority's list); returns at once if
 * there is none. Always 0. */
long sys_sched_yield(void)
{
    give_up(true);
    return 0;
}

/* The last switch of an exiting process (now a ZOMBIE). Caller holds
 * ptable_lock; wait() frees the slot. */
void sched_exit(void)
{
    switch_out_locked(myproc());
    panic("a zombie was scheduled");
}
