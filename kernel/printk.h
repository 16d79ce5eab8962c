/* Kernel console output and panics (printk.c). */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H
#include "types.h"

/* printf-like output to the serial console: %d %i %u %x %p %s %c %%, with
 * width, '0' padding, '-' and the l/ll modifiers. Serialized by a lock, so
 * lines from different CPUs do not interleave. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same into buf (always NUL-terminated if size > 0); returns the
 * length the whole output would have. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Announce "shmos: power off (status N)" on the console (scripts/qemu.sh
 * reads the status from that line: isa-debug-exit only carries 7 bits,
 * and QEMU's own failures exit with 1 as well) and stop the machine. */
NORETURN void power_off(int status);
/* Print a message with the CPU, the current process and its user trap
 * frame, and a backtrace with function names; stop the other CPUs; power
 * off with status 126, or halt if panic_halt_on() was called. */
NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Make panics halt the machine instead of powering it off, so that gdb
 * can attach (the command-line option panic=halt). Boot only. */
void panic_halt_on(void);
#define assert(cond) do { if (!(cond)) panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); } while (0)
#endif
