/* TAP output for the guest test suite. It formats by itself and writes each
 * line with one write(): the suite tests the kernel, so it must not depend on
 * libc's stdio (whose buffers would also be duplicated by fork). */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"

struct sink {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

/* Emit an unsigned number in base 10 or 16, padded to width with pad. */
static void put_num(struct sink *s, unsigned long long v, unsigned base, int upper,
                    int neg, int width, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    int len = n + (neg ? 1 : 0);
    if (neg && pad == '0')
        put(s, '-');
    for (; len < width; len++)
        put(s, pad);
    if (neg && pad != '0')
        put(s, '-');
    while (n > 0)
        put(s, tmp[--n]);
}

/* The formatting core behind fmt(); returns the untruncated length. */
static size_t vfmt(char *buf, size_t size, const char *f, va_list ap)
{
    struct sink s = { buf, size, 0 };
    for (; *f != '\0'; f++) {
        if (*f != '%') {
            put(&s, *f);
            continue;
        }
        f++;
        char pad = ' ';
        int width = 0, lng = 0, size_t_len = 0;
        if (*f == '0') {
            pad = '0';
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        while (*f == 'l') {
            lng++;
            f++;
        }
        if (*f == 'z') {
            size_t_len = 1;
            f++;
        }
        switch (*f) {
        case 'd':
        case 'i': {
            long long v = lng >= 2 ? va_arg(ap, long long)
                        : lng == 1 ? va_arg(ap, long)
                        : size_t_len ? (long long)va_arg(ap, ssize_t)
                        : va_arg(ap, int);
            unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v
                                           : (unsigned long long)v;
            put_num(&s, mag, 10, 0, v < 0, width, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long)
                                 : lng == 1 ? va_arg(ap, unsigned long)
                                 : size_t_len ? va_arg(ap, size_t)
                                 : va_arg(ap, unsigned);
            put_num(&s, v, *f == 'u' ? 10 : 16, *f == 'X', 0, width, pad);
            break;
        }
        case 'p':
            put(&s, '0');
            put(&s, 'x');
            put_num(&s, (uintptr_t)va_arg(ap, void *), 16, 0, 0, width, pad);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (str == NULL)
                str = "(null)";
            int len = (int)strlen(str);
            for (; len < width; len++)
                put(&s, ' ');
            while (*str != '\0')
                put(&s, *str++);
            break;
        }
        case 'c':
            put(&s, (char)va_arg(ap, int));
            break;
        case '%':
            put(&s, '%');
            break;
        default:
            /* Unknown conversion: show it verbatim so the mistake is visible. */
            put(&s, '%');
            if (*f == '\0')
                f--;
            else
                put(&s, *f);
            break;
        }
    }
    if (size > 0)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return s.len;
}

int fmt(char *buf, size_t size, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    size_t n = vfmt(buf, size, format, ap);
    va_end(ap);
    return (int)(n < size ? n : size - 1);
}

/* Format prefix + message + '\n' and write it to fd 1 in one call. */
static void vline(const char *prefix, const char *format, va_list ap)
{
    char line[512];
    size_t plen = strlen(prefix);
    memcpy(line, prefix, plen);
    size_t n = vfmt(line + plen, sizeof line - plen - 1, format, ap);
    size_t len = plen + (n < sizeof line - plen - 2 ? n : sizeof line - plen - 2);
    line[len++] = '\n';
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(1, line + done, len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
}

void out(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vline("", format, ap);
    va_end(ap);
}

void diag(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vline("# ", format, ap);
    va_end(ap);
}

void fail_at(const char *file, int line, const char *format, ...)
{
    int saved = errno;
    char prefix[96];
    fmt(prefix, sizeof prefix, "# %s:%d: ", file, line);
    va_list ap;
    va_start(ap, format);
    vline(prefix, format, ap);
    va_end(ap);
    errno = saved;
    _exit(1);
}

const char *errname(int err)
{
    static const struct { int num; const char *name; } names[] = {
        { 0, "no error" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
        { ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EIO, "EIO" },
        { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
        { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
        { EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
        { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
        { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
        { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" },
        { EROFS, "EROFS" }, { EPIPE, "EPIPE" }, { ERANGE, "ERANGE" },
        { ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
        { EIDRM, "EIDRM" }, { ETIMEDOUT, "ETIMEDOUT" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].num == err)
            return names[i].name;
    return "?";
}
