/* The printf front ends: to streams (vfprintf and friends), to descriptors
 * (dprintf) and into strings (snprintf and friends). The conversions are in
 * format.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "libc.h"

/* A sink that appends to a stream. */
struct file_sink {
    struct __sink sink;
    FILE *f;
};

static void put_file(struct __sink *sink, const char *p, size_t n)
{
    __fwrite_bytes(((struct file_sink *)sink)->f, p, n);
}

/* Returns the number of characters written, or -1 if writing failed during
 * this call (an error indicator set earlier does not count) or the count
 * would pass INT_MAX (EOVERFLOW). An unbuffered stream gets the whole
 * output in one write where it fits in 256 bytes. */
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct file_sink fs = { { put_file, 0, 0 }, f };
    __libc_lock(&f->lock);              /* one call's output stays together */
    unsigned char local[256], *saved_buf = f->buf;
    size_t saved_size = f->size;
    int saved_mode = f->mode;
    unsigned was = __begin_call(f);

    if (saved_mode == _IONBF) {
        f->buf = local;
        f->size = sizeof local;
        f->mode = _IOFBF;
    }
    int r = __format(&fs.sink, fmt, ap);
    if (saved_mode == _IONBF) {
        fflush(f);
        f->buf = saved_buf;
        f->size = saved_size;
        f->mode = saved_mode;
    }
    r = __end_call(f, was) ? -1 : r;
    __libc_unlock(&f->lock);
    return r;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

/* Formats to descriptor fd through a temporary stream on the stack (so
 * output is written in pieces of up to 256 bytes, never left behind);
 * returns the count, or -1 if a write failed. */
int (vdprintf)(int fd, const char *restrict fmt, va_list ap)
{
    unsigned char buf[256];
    FILE f = { fd, __S_WRITE, _IOFBF, buf, sizeof buf, 0, 0, 0, EOF, 0, NULL, { 0, 0, 0 } };

    int r = vfprintf(&f, fmt, ap);
    return fflush(&f) == EOF ? -1 : r;
}

int (dprintf)(int fd, const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

/* A sink that fills a caller's buffer of cap bytes, keeping room for the NUL. */
struct string_sink {
    struct __sink sink;
    char *buf;
    size_t cap, len;
};

static void put_string(struct __sink *sink, const char *p, size_t n)
{
    struct string_sink *ss = (struct string_sink *)sink;

    if (ss->len + 1 < ss->cap) {
        size_t room = ss->cap - 1 - ss->len;
        size_t k = n < room ? n : room;
        memcpy(ss->buf + ss->len, p, k);
        ss->len += k;
    }
}

/* Writes at most n - 1 characters and a NUL into s (nothing if n is 0);
 * returns the length the whole output would have, or -1 with EOVERFLOW if
 * that passes INT_MAX. */
int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
    struct string_sink ss = { { put_string, 0, 0 }, s, n, 0 };
    int r = __format(&ss.sink, fmt, ap);

    if (n > 0)
        s[ss.len] = '\0';
    return r;
}

int vsprintf(char *restrict s, const char *restrict fmt, va_list ap)
{
    return vsnprintf(s, (size_t)INT_MAX + 1, fmt, ap);
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vsnprintf(s, n, fmt, ap);
    va_end(ap);
    return r;
}

int sprintf(char *restrict s, const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vsprintf(s, fmt, ap);
    va_end(ap);
    return r;
}
