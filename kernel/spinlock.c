/* Spinlocks and per-CPU interrupt-disable nesting.
 *
 * Lock checking (always on, so every test runs with it): each CPU keeps
 * the list of spinlocks it holds, and panics with the lock's name when it
 * takes a lock it already holds, releases one it does not hold, or goes to
 * sleep holding one (spin_assert_only). */
#include "spinlock.h"
#include "cpu.h"
#include "lib.h"
#include "printk.h"

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
    struct cpu *c = mycpu();
    if (held_here(lk))
        panic("spin_lock: lock '%s' acquired twice on cpu %d", lk->name, c->id);
    while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0) {
        /* The holder may be waiting for this CPU to flush its TLB. */
        tlb_poll();
        cpu_relax();
    }
    lk->cpu = c;
    if (c->nheld < NHELD)
        c->held[c->nheld] = lk;
    c->nheld++;
}

void spin_unlock(struct spinlock *lk)
{
    if (!held_here(lk))             /* held: interrupts are off */
        panic("spin_unlock: lock '%s' not held by cpu %d", lk->name, mycpu()->id);
    struct cpu *c = mycpu();
    int n = MIN(c->nheld, NHELD);
    for (int i = 0; i < n; i++)     /* locks need not be released in order */
        if (c->held[i] == lk) {
            memmove(&c->held[i], &c->held[i + 1], (n - i - 1) * sizeof(c->held[0]));
            break;
        }
    c->nheld--;
    lk->cpu = NULL;
    __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
    pop_cli();
}

bool spin_held(struct spinlock *lk)
{
    push_cli();
    bool held = held_here(lk);
    pop_cli();
    return held;
}

void spin_assert_only(const struct spinlock *lk, const char *what)
{
    push_cli();
    struct cpu *c = mycpu();
    int expect = lk ? 1 : 0;
    if (c->nheld != expect || (lk && !held_here(lk))) {
        const struct spinlock *other = NULL;
        for (int i = 0; i < MIN(c->nheld, NHELD) && !other; i++)
            if (c->held[i] != lk)
                other = c->held[i];
        panic("%s with spinlock '%s' held (cpu %d, %d held)", what,
              other ? other->name : "?", c->id, c->nheld);
    }
    pop_cli();
}

void push_cli(void)
{
    bool was_on = intr_enabled();
    intr_off();
    struct cpu *c = mycpu();
    if (c->ncli++ == 0)
        c->intena = was_on;
}

void pop_cli(void)
{
    struct cpu *c = mycpu();
    if (intr_enabled())
        panic("pop_cli: interrupts enabled");
    if (--c->ncli < 0)
        panic("pop_cli: unbalanced");
    if (c->ncli == 0 && c->intena)
        intr_on();
}
