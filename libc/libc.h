/* Declarations shared between libc's own files (not a public header). */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's sbrk: moves the break by incr bytes and returns the old
 * break, or (void *)-1 with errno set. */
void *__sbrk(intptr_t incr);

/* Totals gathered by __malloc_check (the arena bookkeeping is not counted). */
struct __malloc_stats {
    size_t heap_bytes;     /* bytes obtained from sbrk and still held */
    size_t used_blocks, used_bytes;
    size_t free_blocks, free_bytes;
};
/* Walks every heap block and the free list, checking their invariants;
 * returns 0 if the heap is consistent, -1 if not. Fills *stats if given. */
int __malloc_check(struct __malloc_stats *stats);

/* Where formatted output goes: put() receives each piece in order, and
 * __format adds the length of every piece to count. */
struct __sink {
    void (*put)(struct __sink *sink, const char *p, size_t n);
    size_t count;
};
/* Formats fmt with the arguments in ap (see <stdio.h> for the conversions),
 * handing the output to sink; returns the number of characters, or -1 with
 * errno = EOVERFLOW if that exceeds INT_MAX. */
int __format(struct __sink *sink, const char *fmt, va_list ap);
#endif
