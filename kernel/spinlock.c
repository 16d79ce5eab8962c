/* Spinlocks and per-CPU interrupt-disable nesting. */
#include "spinlock.h"
#include "lib.h"
#include "x86/cpu.h"
#include "x86/x86.h"

void spin_init(struct spinlock *lk, const char *name)
{
    lk->locked = 0;
    lk->name = name;
    lk->cpu = NULL;
}

/* Does this CPU hold lk? Caller has interrupts off (no migration). */
static bool held_here(const struct spinlock *lk)
{
    return lk->locked && lk->cpu == mycpu();
}

void spin_lock(struct spinlock *lk)
{
    push_cli();
    if (held_here(lk))
        panic("spin_lock: %s already held by this cpu", lk->name);
    while (xchg(&lk->locked, 1) != 0)
        pause();
    __sync_synchronize();
    lk->cpu = mycpu();
}

void spin_unlock(struct spinlock *lk)
{
    if (!held_here(lk))             /* held: interrupts are off */
        panic("spin_unlock: %s not held", lk->name);
    lk->cpu = NULL;
    __sync_synchronize();
    xchg(&lk->locked, 0);
    pop_cli();
}

bool spin_held(struct spinlock *lk)
{
    push_cli();
    bool held = held_here(lk);
    pop_cli();
    return held;
}

void push_cli(void)
{
    uint32_t flags = read_eflags();
    cli();
    struct cpu *c = mycpu();
    if (c->ncli++ == 0)
        c->intena = flags & FL_IF;
}

void pop_cli(void)
{
    struct cpu *c = mycpu();
    if (read_eflags() & FL_IF)
        panic("pop_cli: interrupts enabled");
    if (--c->ncli < 0)
        panic("pop_cli: unbalanced");
    if (c->ncli == 0 && c->intena)
        sti();
}
