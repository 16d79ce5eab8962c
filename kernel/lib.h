/* Freestanding helpers and kernel console output. */
#ifndef KERNEL_LIB_H
#define KERNEL_LIB_H
#include "types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
/* Copy at most size-1 bytes and always NUL-terminate (size > 0); returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/* printf-like output to the serial console: %d %i %u %x %p %s %c %%, with
 * width, '0' padding, '-' and the l/ll modifiers. Serialized by a lock, so
 * lines from different CPUs do not interleave. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Print a message with the CPU and caller, dump state, and stop the machine. */
NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* selftest.c: with the boot command line "selftest=NAME", break a locking
 * rule on purpose so the check panics; otherwise return at once. */
void selftest_run(const char *cmdline);
#define assert(cond) do { if (!(cond)) panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); } while (0)
#endif
