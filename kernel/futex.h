/* Futexes (futex.c): sleeping on a 32-bit word of user memory until
 * another process or thread changes it and wakes the sleepers. The key of
 * a word is the memory object behind it and its offset there, so every
 * process that maps one object (at any address) meets the others on it. */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H
#include "types.h"
void futex_init(void);
/* FUTEX_WAKE from the kernel: wake up to n waiters on the current
 * process's word at addr. How many it woke, or -EINVAL, -EFAULT. */
long futex_wake_word(uaddr_t addr, uint32_t n);
/* Sleepers in every queue (leak checks). */
uint32_t futex_count(void);
#endif
