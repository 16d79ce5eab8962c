/* TAP output for the C test programs (tap.h says why it formats by itself
 * and writes each line with one write()). */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "tap.h"

static int last_number;         /* the number of the last result printed */
static int failed_results;
static int failed_checks;       /* of the current test */

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
static size_t vformat(char *buf, size_t size, const char *f, va_list ap)
{
    struct sink s = { buf, size, 0 };
    for (; *f != '\0'; f++) {
        if (*f != '%') {
            put(&s, *f);
            continue;
        }
        f++;
        char pad = ' ';
        int width = 0, precision = -1, lng = 0, size_t_len = 0;
        if (*f == '0') {
            pad = '0';
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        if (*f == '.') {
            f++;
            precision = 0;
            if (*f == '*') {
                precision = va_arg(ap, int);
                f++;
            }
            while (*f >= '0' && *f <= '9')
                precision = precision * 10 + (*f++ - '0');
        }
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
            int len = 0;
            while (str[len] != '\0' && (precision < 0 || len < precision))
                len++;
            for (int i = len; i < width; i++)
                put(&s, ' ');
            for (int i = 0; i < len; i++)
                put(&s, str[i]);
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

int vfmt(char *buf, size_t size, const char *format, va_list ap)
{
    size_t n = vformat(buf, size, format, ap);
    return size == 0 ? 0 : (int)(n < size ? n : size - 1);
}

int fmt(char *buf, size_t size, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vfmt(buf, size, format, ap);
    va_end(ap);
    return n;
}

/* Format prefix + message + '\n' and write it to fd 1 in one call. */
static void vline(const char *prefix, const char *format, va_list ap)
{
    char line[512];
    size_t plen = strlen(prefix);
    memcpy(line, prefix, plen);
    size_t n = vformat(line + plen, sizeof line - plen - 1, format, ap);
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
    if (failed_checks > TAP_CHECK_DIAGS)
        return;
    va_list ap;
    va_start(ap, format);
    vline("# ", format, ap);
    va_end(ap);
}

void tap_plan(int count)
{
    out("1..%d", count);
}

void tap_skip_all(const char *reason)
{
    out("1..0 # SKIP %s", reason);
}

void tap_number_from(int n)
{
    last_number = n;
}

int tap_ok(int cond, const char *format, ...)
{
    char prefix[32];
    fmt(prefix, sizeof prefix, "%s %d - ", cond ? "ok" : "not ok", ++last_number);
    va_list ap;
    va_start(ap, format);
    vline(prefix, format, ap);
    va_end(ap);
    failed_results += !cond;
    failed_checks = 0;
    return cond;
}

void tap_skip(const char *name, const char *reason)
{
    out("ok %d - %s # SKIP %s", ++last_number, name, reason);
    failed_checks = 0;
}

int tap_count(void)
{
    return last_number;
}

int tap_failed(void)
{
    return failed_results;
}

void tap_begin(void)
{
    failed_checks = 0;
}

int tap_check(int cond, const char *format, ...)
{
    if (cond)
        return 1;
    if (++failed_checks <= TAP_CHECK_DIAGS) {
        va_list ap;
        va_start(ap, format);
        vline("# ", format, ap);
        va_end(ap);
    }
    return 0;
}

int tap_failures(void)
{
    return failed_checks;
}
