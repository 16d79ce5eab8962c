/* Freestanding string helpers (lib.c). memcpy and memset are the port's
 * (arch.h), so that they can use the machine's fastest copy. */
#ifndef KERNEL_LIB_H
#define KERNEL_LIB_H
#include "types.h"
#include "arch.h"

void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
/* Copy at most size-1 bytes and always NUL-terminate (size > 0); returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
#endif
