/* The printf engine: conversions into a sink. The front ends (printf,
 * fprintf, snprintf, dprintf, ...) are in printf.c. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "libc.h"

enum { LEFT = 1, PLUS = 2, SPACE = 4, ZERO = 8, ALT = 16 };

/* One conversion: %[flags][width][.precision][length]conv. */
struct spec {
    unsigned flags;
    int width;
    int prec;        /* -1 when not given */
    char length;     /* 0, 'H' (hh), 'h', 'l', 'q' (ll), 'L', 'j', 'z', 't' */
    char conv;
};

/* Hands n characters to the sink, unless the total would pass INT_MAX (the
 * count printf returns): then nothing more is produced, and __format
 * fails with EOVERFLOW as glibc does. */
static void emit(struct __sink *s, const char *p, size_t n)
{
    if (n == 0 || s->overflow)
        return;
    if (n > (size_t)INT_MAX - s->count) {
        s->overflow = 1;
        return;
    }
    s->put(s, p, n);
    s->count += n;
}

static void pad(struct __sink *s, char c, int n)
{
    static const char spaces[] = "                                ",
                      zeros[] = "00000000000000000000000000000000";
    const int chunk = sizeof spaces - 1;

    if (n > 0 && (size_t)n > (size_t)INT_MAX - s->count) {
        s->overflow = 1;    /* checked up front: do not pad 2 GiB in vain */
        return;
    }
    for (; n > 0 && !s->overflow; n -= chunk)
        emit(s, c == ' ' ? spaces : zeros, n < chunk ? n : chunk);
}

/* Starts a field in which prefix is followed by len more characters:
 * emits the left padding (spaces, or zeros after the prefix when zero_fill)
 * and the prefix. Returns the number of spaces to emit after the rest. */
static int field_start(struct __sink *s, const struct spec *sp, int zero_fill,
                       const char *prefix, size_t len)
{
    size_t plen = strlen(prefix);
    int fill = sp->width > 0 && (size_t)sp->width > plen + len ? sp->width - (int)(plen + len) : 0;

    if (sp->flags & LEFT) {
        emit(s, prefix, plen);
        return fill;
    }
    if (!zero_fill)
        pad(s, ' ', fill);
    emit(s, prefix, plen);
    if (zero_fill)
        pad(s, '0', fill);
    return 0;
}

/* Emits a whole field: prefix, zeros '0's, then body. */
static void field(struct __sink *s, const struct spec *sp, int zero_fill,
                  const char *prefix, int zeros, const char *body, size_t blen)
{
    int right = field_start(s, sp, zero_fill, prefix, zeros + blen);

    pad(s, '0', zeros);
    emit(s, body, blen);
    pad(s, ' ', right);
}

/* The sign prefix of a signed conversion. */
static const char *sign(const struct spec *sp, int negative)
{
    return negative ? "-" : sp->flags & PLUS ? "+" : sp->flags & SPACE ? " " : "";
}

/* Writes v in base into the end of buf; returns where the digits start. */
static char *digits(char *end, uintmax_t v, unsigned base, int upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;

    /* 32-bit division is much cheaper than the 64-bit libgcc call on i386. */
    for (; v > UINT32_MAX; v /= base)
        *--p = set[v % base];
    for (uint32_t w = (uint32_t)v; w != 0; w /= base)
        *--p = set[w % base];
    return p;
}

/* Integer conversions d i u o x X (and p, as %#x). */
static void format_int(struct __sink *s, const struct spec *sp, uintmax_t v, int negative)
{
    char buf[24], *end = buf + sizeof buf;
    int hex = sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p';
    unsigned base = hex ? 16 : sp->conv == 'o' ? 8 : 10;
    char *p = digits(end, v, base, sp->conv == 'X');
    int n = end - p;
    int prec = sp->prec < 0 ? 1 : sp->prec;
    int zeros = prec > n ? prec - n : 0;
    const char *prefix = "";

    if (sp->conv == 'd' || sp->conv == 'i')
        prefix = sign(sp, negative);
    else if ((sp->flags & ALT) && sp->conv == 'o' && zeros == 0 && (n == 0 || *p != '0'))
        zeros = 1;
    else if ((sp->flags & ALT) && hex && v != 0)
        prefix = sp->conv == 'X' ? "0X" : "0x";
    field(s, sp, (sp->flags & ZERO) && sp->prec < 0, prefix, zeros, p, n);
}

/* %f of a finite x >= 0 (negative tells the sign to print). Exact, as in
 * glibc, when x < 2^64 and x has no bits below 2^-60 (true of every double
 * from 2^-8 up): the fraction is worked out in 60-bit fixed point. Other
 * values get their first 17 or so significant digits right. Rounds to
 * nearest, ties to even. */
static void format_fixed(struct __sink *s, const struct spec *sp, long double x, int negative)
{
    enum { FRAC_BITS = 60, MAX_DIGITS = 64 };
    const uint64_t one = (uint64_t)1 << FRAC_BITS, half = one >> 1;
    int prec = sp->prec < 0 ? 6 : sp->prec;
    int ndigits = prec < MAX_DIGITS ? prec : MAX_DIGITS;
    char frac[MAX_DIGITS], ibuf[24], *iend = ibuf + sizeof ibuf;

    /* From 2^64 up, x is an integer: print its leading digits, then shift
     * zeros (approximate, but such numbers rarely need all their digits). */
    int shift = 0;
    while (x >= 18446744073709551616.0L) {
        x /= 10;
        shift++;
    }
    uint64_t ip = (uint64_t)x;
    long double scaled = shift ? 0 : (x - ip) * (long double)one;
    uint64_t r = (uint64_t)scaled;
    int sticky = scaled != (long double)r;   /* bits below 2^-60 were cut */

    for (int i = 0; i < ndigits; i++) {
        r *= 10;
        frac[i] = '0' + (char)(r >> FRAC_BITS);
        r &= one - 1;
    }
    int last_odd = ndigits > 0 ? (frac[ndigits - 1] - '0') & 1 : (int)(ip & 1);
    if (ndigits == prec && (r > half || (r == half && (sticky || last_odd)))) {
        int i = ndigits - 1;
        for (; i >= 0 && frac[i] == '9'; i--)
            frac[i] = '0';
        if (i >= 0)
            frac[i]++;
        else
            ip++;
    }
    char *p = digits(iend, ip, 10, 0);
    if (p == iend)
        *--p = '0';

    int point = prec > 0 || (sp->flags & ALT);
    size_t ilen = iend - p;
    int zero_fill = sp->flags & ZERO;
    int right = field_start(s, sp, zero_fill, sign(sp, negative), ilen + shift + point + prec);
    emit(s, p, ilen);
    pad(s, '0', shift);
    emit(s, ".", point);
    emit(s, frac, ndigits);
    pad(s, '0', prec - ndigits);
    pad(s, ' ', right);
}

/* Floating conversions: f F exactly; e E g G a A are printed as %f. Kept
 * out of line so that only programs that print floats touch the FPU. */
static __attribute__((noinline)) void format_float(struct __sink *s, const struct spec *sp,
                                                   va_list *ap)
{
    long double x = sp->length == 'L' ? va_arg(*ap, long double) : va_arg(*ap, double);
    int negative = __builtin_signbit(x);
    int upper = sp->conv >= 'A' && sp->conv <= 'Z';

    if (negative)
        x = -x;
    if (__builtin_isnan(x) || __builtin_isinf(x)) {
        const char *text = __builtin_isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        field(s, sp, 0, sign(sp, negative), 0, text, 3);
        return;
    }
    format_fixed(s, sp, x, negative);
}

/* %n: stores the count so far through the pointer argument of the given
 * length. */
static void store_count(const struct __sink *s, char length, va_list *ap)
{
    int n = (int)s->count;

    switch (length) {
    case 'H': *va_arg(*ap, signed char *) = (signed char)n; break;
    case 'h': *va_arg(*ap, short *) = (short)n; break;
    case 'l': *va_arg(*ap, long *) = n; break;
    case 'q': *va_arg(*ap, long long *) = n; break;
    case 'j': *va_arg(*ap, intmax_t *) = n; break;
    case 'z': *va_arg(*ap, ssize_t *) = n; break;
    case 't': *va_arg(*ap, ptrdiff_t *) = n; break;
    default:  *va_arg(*ap, int *) = n; break;
    }
}

/* Reads a signed integer argument of the given length. */
static intmax_t signed_arg(char length, va_list *ap)
{
    switch (length) {
    case 'H': return (signed char)va_arg(*ap, int);
    case 'h': return (short)va_arg(*ap, int);
    case 'l': return va_arg(*ap, long);
    case 'q': return va_arg(*ap, long long);
    case 'j': return va_arg(*ap, intmax_t);
    case 'z': return va_arg(*ap, ssize_t);
    case 't': return va_arg(*ap, ptrdiff_t);
    default:  return va_arg(*ap, int);
    }
}

static uintmax_t unsigned_arg(char length, va_list *ap)
{
    switch (length) {
    case 'H': return (unsigned char)va_arg(*ap, unsigned int);
    case 'h': return (unsigned short)va_arg(*ap, unsigned int);
    case 'l': return va_arg(*ap, unsigned long);
    case 'q': return va_arg(*ap, unsigned long long);
    case 'j': return va_arg(*ap, uintmax_t);
    case 'z': return va_arg(*ap, size_t);
    case 't': return (size_t)va_arg(*ap, ptrdiff_t);    /* the same width */
    default:  return va_arg(*ap, unsigned int);
    }
}

/* Parses a decimal number at *p (clamped to INT_MAX), advancing *p. */
static int number(const char **p)
{
    int n = 0;

    for (; **p >= '0' && **p <= '9'; (*p)++)
        n = n > (INT_MAX - 9) / 10 ? INT_MAX : n * 10 + (**p - '0');
    return n;
}

/* Parses the conversion after a '%' at *p into sp, taking '*' arguments from
 * ap; advances *p past it. */
static void parse_spec(const char **p, struct spec *sp, va_list *ap)
{
    const char *f = *p;

    sp->flags = 0;
    for (;; f++) {
        unsigned flag = *f == '-' ? LEFT : *f == '+' ? PLUS : *f == ' ' ? SPACE
                      : *f == '0' ? ZERO : *f == '#' ? ALT : 0;
        if (!flag)
            break;
        sp->flags |= flag;
    }
    if (*f == '*') {
        f++;
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->flags |= LEFT;
            sp->width = sp->width == INT_MIN ? INT_MAX : -sp->width;
        }
    } else {
        sp->width = number(&f);
    }
    sp->prec = -1;
    if (*f == '.') {
        f++;
        if (*f == '*') {
            f++;
            sp->prec = va_arg(*ap, int);
            if (sp->prec < 0)
                sp->prec = -1;
        } else {
            sp->prec = number(&f);
        }
    }
    sp->length = 0;
    if (*f == 'h' || *f == 'l') {
        sp->length = *f++;
        if (*f == sp->length) {
            sp->length = sp->length == 'h' ? 'H' : 'q';
            f++;
        }
    } else if (*f == 'L' || *f == 'j' || *f == 'z' || *f == 't') {
        sp->length = *f++;
    }
    sp->conv = *f;
    if (*f)
        f++;
    *p = f;
}

int __format(struct __sink *s, const char *fmt, va_list args)
{
    va_list ap;

    va_copy(ap, args);
    s->count = 0;
    s->overflow = 0;
    while (*fmt && !s->overflow) {
        const char *start = fmt;
        while (*fmt && *fmt != '%')
            fmt++;
        emit(s, start, fmt - start);
        if (!*fmt)
            break;
        start = fmt++;

        struct spec sp;
        parse_spec(&fmt, &sp, &ap);
        switch (sp.conv) {
        case 'd': case 'i': {
            intmax_t v = signed_arg(sp.length, &ap);
            format_int(s, &sp, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0);
            break;
        }
        case 'u': case 'o': case 'x': case 'X':
            format_int(s, &sp, unsigned_arg(sp.length, &ap), 0);
            break;
        case 'p': {
            void *ptr = va_arg(ap, void *);
            if (ptr) {
                sp.flags |= ALT;
                format_int(s, &sp, (uintptr_t)ptr, 0);
            } else {
                field(s, &sp, 0, "", 0, "(nil)", 5);
            }
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            field(s, &sp, 0, "", 0, &c, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
            field(s, &sp, 0, "", 0, str, sp.prec < 0 ? strlen(str) : strnlen(str, sp.prec));
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            format_float(s, &sp, &ap);
            break;
        case 'n':
            store_count(s, sp.length, &ap);
            break;
        case '%':
            emit(s, "%", 1);
            break;
        default:   /* unknown: shown as written */
            emit(s, start, fmt - start);
            break;
        }
    }
    va_end(ap);
    if (s->overflow) {
        errno = EOVERFLOW;
        return -1;
    }
    return (int)s->count;
}
