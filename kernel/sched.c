/* The scheduler: a per-CPU loop that runs RUNNABLE processes round-robin,
 * plus sleep/wakeup. All scheduling state is under ptable_lock.
 * Preemption: the timer interrupt yields only when it interrupts user mode,
 * so kernel code is never switched out except where it sleeps or yields. */
#include "proc.h"
#include "lib.h"
#include "x86/cpu.h"
#include "x86/x86.h"
#include "kalloc.h"

extern struct proc procs[NPROC];

/* Switch from the current process to this CPU's scheduler. Needs
 * ptable_lock held (and no other lock) and the state already changed. */
static void sched(void)
{
    struct proc *p = myproc();
    struct cpu *c = mycpu();
    if (!spin_held(&ptable_lock))
        panic("sched: ptable_lock not held");
    if (c->ncli != 1)
        panic("sched: %d locks held by pid %d", c->ncli, p->pid);
    if (p->state == RUNNING)
        panic("sched: pid %d still running", p->pid);
    int intena = c->intena;
    fpu_save(&p->fpu);
    swtch(&p->context, c->scheduler);
    fpu_restore(&p->fpu);
    mycpu()->intena = intena;
}

void scheduler(void)
{
    struct cpu *c = mycpu();
    int next = 0;
    c->proc = NULL;
    for (;;) {
        spin_lock(&ptable_lock);
        struct proc *run = NULL;
        for (int i = 0; i < NPROC && !run; i++) {
            struct proc *p = &procs[(next + i) % NPROC];
            if (p->state == RUNNABLE)
                run = p;
        }
        if (run) {
            next = (run - procs + 1) % NPROC;
            c->proc = run;
            cpu_set_kstack((uint32_t)run->kstack + KSTACK_SIZE);
            /* Keep the TLB when resuming the process this CPU ran last:
             * reloading CR3 is costly under emulation (see vm.c on TLBs). */
            if (run->as.pgdir && (run->last_cpu != c->id || rcr3() != V2P(run->as.pgdir)))
                as_activate(&run->as);
            run->last_cpu = c->id;
            run->state = RUNNING;
            swtch(&c->scheduler, run->context);
            c->proc = NULL;
        }
        spin_unlock(&ptable_lock);
        if (!run)
            __asm__ volatile("sti; hlt; cli");   /* sti's shadow: no wakeup lost before hlt */
    }
}

void yield(void)
{
    spin_lock(&ptable_lock);
    myproc()->state = RUNNABLE;
    sched();
    spin_unlock(&ptable_lock);
}

/* First code a new process runs (from its initial context): the scheduler
 * switched here holding ptable_lock; release it and return to trap_return. */
void forkret(void)
{
    spin_unlock(&ptable_lock);
}

void sleep(void *chan, struct spinlock *lk)
{
    struct proc *p = myproc();
    if (lk != &ptable_lock) {
        spin_lock(&ptable_lock);
        spin_unlock(lk);
    }
    if (!p->killed) {
        p->chan = chan;
        p->state = SLEEPING;
        sched();
        p->chan = NULL;
    }
    if (lk != &ptable_lock) {
        spin_unlock(&ptable_lock);
        spin_lock(lk);
    }
}

/* Wake every sleeper on chan. Caller holds ptable_lock. */
void wakeup_locked(void *chan)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == SLEEPING && procs[i].chan == chan)
            procs[i].state = RUNNABLE;
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
