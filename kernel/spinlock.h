/* Spinlocks. Taking one disables interrupts on this CPU (nested: interrupts
 * come back on only when the outermost lock is released), so an interrupt
 * handler can never spin on a lock its own CPU holds. Never sleep holding one. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H
#include "types.h"
struct cpu;
struct spinlock {
    volatile uint32_t locked;
    const char *name;       /* for panics */
    struct cpu *cpu;        /* holder, for spin_held() and panics */
};
#define SPINLOCK_INIT(n) { 0, (n), 0 }
void spin_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);      /* panics if this CPU already holds lk */
void spin_unlock(struct spinlock *lk);    /* panics if this CPU does not hold lk */
bool spin_held(struct spinlock *lk);      /* does this CPU hold lk? */
/* Panic ("<what> with spinlock 'x' held") unless lk (NULL: nothing) is the
 * only spinlock this CPU holds. */
void spin_assert_only(const struct spinlock *lk, const char *what);
/* Interrupt-disable nesting, per CPU: push_cli() ... pop_cli(). */
void push_cli(void);
void pop_cli(void);
#endif
