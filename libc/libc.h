/* Declarations shared between libc's own files (not a public header). */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The kernel's sbrk: moves the break by incr bytes and returns the old
 * break, or (void *)-1 with errno set. */
void *__sbrk(intptr_t incr);

/* crt0: find the auxiliary vector after envp's NULL and pick the
 * system-call path from it (auxv.c). */
void __libc_init_aux(char **envp);
/* The main thread's thread-local storage (tls.c), before anything uses errno. */
void __libc_init_tls(void);

/* Totals gathered by __malloc_check (the arena bookkeeping is not counted). */
struct __malloc_stats {
    size_t heap_bytes;     /* bytes obtained from sbrk and still held */
    size_t used_blocks, used_bytes;
    size_t free_blocks, free_bytes;
};
/* Walks every heap block and the free list, checking their invariants;
 * returns 0 if the heap is consistent, -1 if not. Fills *stats if given. */
int __malloc_check(struct __malloc_stats *stats);

/* ---- streams (stdio.c) */
enum {
    __S_READ = 1, __S_WRITE = 2,   /* what the stream was opened for */
    __S_EOF = 4, __S_FAILED = 8,   /* the feof and ferror indicators */
    __S_OWN_BUF = 16,              /* buf was malloc'ed by setvbuf: free it */
    __S_OWN_FILE = 32,             /* the FILE (and its first buffer) was malloc'ed */
};

/* libc's internal locks (lock.c): free (no atomic operation) while the
 * process has one thread. Recursive: the thread holding one may take it
 * again (a stream locked by flockfile, then written). */
struct __libc_lock {
    volatile unsigned word;         /* futex: 0 free, 1 held, 2 held with waiters */
    volatile int owner;             /* gettid() of the holder, or 0 */
    unsigned depth;                 /* [the holder] times taken */
};
extern bool __libc_threaded;        /* set for good by the first pthread_create */
void __libc_lock(struct __libc_lock *l);
bool __libc_trylock(struct __libc_lock *l);
void __libc_unlock(struct __libc_lock *l);
/* malloc.c: fork's hold on the heap (before; after, in the parent; in the child). */
void __malloc_fork_prepare(void);
void __malloc_fork_parent(void);
void __malloc_fork_child(void);
/* stdio.c: in a fork child, every stream's lock free (the holders were
 * other threads, gone in the child). */
void __stdio_fork_child(void);

/* A stream. Every field is [lock] once threads exist: each stdio call
 * holds it (flockfile holds it across calls). */
struct __file {
    int fd;
    unsigned flags;                /* __S_* */
    int mode;                      /* _IOFBF, _IOLBF or _IONBF */
    unsigned char *buf;
    size_t size;
    size_t rpos, rlen;             /* input not yet consumed is buf[rpos..rlen) */
    size_t wlen;                   /* output not yet written is buf[0..wlen) */
    int ungot;                     /* byte pushed back by ungetc, or EOF */
    unsigned char one;             /* the buffer of an unbuffered stream */
    struct __file *next;           /* [__stdio_streams_lock] the list of open streams */
    struct __libc_lock lock;
};

/* A call that must report only its own errors clears f's error indicator
 * with __begin_call, then asks __end_call whether it failed; __end_call
 * restores the indicator as it was too (it stays set once set). */
static inline unsigned __begin_call(FILE *f)
{
    unsigned was = f->flags & __S_FAILED;

    f->flags &= ~__S_FAILED;
    return was;
}

static inline int __end_call(FILE *f, unsigned was)
{
    int failed = (f->flags & __S_FAILED) != 0;

    f->flags |= was;
    return failed;
}

/* Appends n bytes to f's output (flushing as f's mode asks); returns n, or 0
 * after an error, which also sets f's error indicator. */
size_t __fwrite_bytes(FILE *f, const void *p, size_t n);

/* ---- formatted output (format.c) */
/* Where formatted output goes: put() receives each piece in order.
 * __format keeps count (the characters so far, never above INT_MAX) and
 * sets overflow, then stops producing output, once more would not fit in
 * an int. */
struct __sink {
    void (*put)(struct __sink *sink, const char *p, size_t n);
    size_t count;
    int overflow;
};
/* Formats fmt with the arguments in ap (see <stdio.h> for the conversions),
 * handing the output to sink; returns the number of characters, or -1 with
 * errno = EOVERFLOW if that would exceed INT_MAX. */
int __format(struct __sink *sink, const char *fmt, va_list ap);

/* ---- exact decimal expansions (decimal.c), for %e %f %g */
/* x = 0.D * 10^point, where D is ndigits significant decimal digits (no
 * trailing zeros; ndigits = 0 and point = 0 when x = 0), held in limb[] in
 * base 10^9, least significant first. */
struct __decimal {
    uint32_t *limb;
    int nlimbs;
    int lead;          /* digits in the top limb, 1-9 */
    int total;         /* lead + 9 * (nlimbs - 1) */
    int ndigits;
    int point;
};
/* The limbs __decimal_init needs for m * 2^e2 (any m < 2^64), rounding's
 * carry included. */
int __decimal_limbs(int e2);
/* d = m * 2^e2 exactly, in limbs (room for __decimal_limbs(e2)). */
void __decimal_init(struct __decimal *d, uint32_t *limbs, uint64_t m, int e2);
/* The i-th significant digit (0 = the first), 0 outside D. */
int __decimal_digit(const struct __decimal *d, int i);
/* Rounds d to its first keep digits (keep <= 0: to a unit of the digit
 * before the first), to nearest, ties to even; point may grow by one. */
void __decimal_round(struct __decimal *d, int keep);

/* ---- formatted input (scanf.c) */
/* Where scanf reads from: get() returns the next byte or EOF, unget() puts
 * the last one back (only ever one). */
struct __source {
    int (*get)(struct __source *src);
    void (*unget)(struct __source *src, int c);
};
/* Scans src by fmt, storing through the pointers in ap; returns the number
 * of items assigned, or EOF if the input ended before the first
 * conversion. */
int __scan(struct __source *src, const char *fmt, va_list ap);
#endif
