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

/* Emits digits [from, to) of d ('0' outside its significant digits). */
static void emit_digits(struct __sink *s, const struct __decimal *d, int from, int to)
{
    char buf[64];

    while (from < to && !s->overflow) {
        if (from >= d->ndigits) {
            pad(s, '0', to - from);
            return;
        }
        int n = 0;
        for (; n < (int)sizeof buf && from < to; n++, from++)
            buf[n] = (char)('0' + __decimal_digit(d, from));
        emit(s, buf, n);
    }
}

/* %f of d, already rounded to prec places. */
static void fixed_field(struct __sink *s, const struct spec *sp, const struct __decimal *d,
                        int prec, const char *prefix)
{
    int dot = prec > 0 || (sp->flags & ALT);
    size_t ilen = d->point > 0 ? (size_t)d->point : 1;
    int right = field_start(s, sp, sp->flags & ZERO, prefix, ilen + dot + (size_t)prec);

    if (d->point > 0)
        emit_digits(s, d, 0, d->point);
    else
        emit(s, "0", 1);
    emit(s, ".", dot);
    emit_digits(s, d, d->point, d->point + prec);
    pad(s, ' ', right);
}

/* %e (upper: %E) of d, already rounded to prec + 1 digits. */
static void exp_field(struct __sink *s, const struct spec *sp, const struct __decimal *d,
                      int prec, const char *prefix, int upper)
{
    char ebuf[16], *eend = ebuf + sizeof ebuf;
    int x = d->ndigits ? d->point - 1 : 0;
    char *e = digits(eend, (uintmax_t)(x < 0 ? -x : x), 10, 0);

    while (eend - e < 2)
        *--e = '0';
    *--e = x < 0 ? '-' : '+';
    *--e = upper ? 'E' : 'e';
    int dot = prec > 0 || (sp->flags & ALT);
    size_t elen = eend - e;
    int right = field_start(s, sp, sp->flags & ZERO, prefix, 1 + dot + (size_t)prec + elen);
    char first = (char)('0' + __decimal_digit(d, 0));

    emit(s, &first, 1);
    emit(s, ".", dot);
    emit_digits(s, d, 1, prec < INT_MAX ? prec + 1 : INT_MAX);
    emit(s, e, elen);
    pad(s, ' ', right);
}

/* %e %f %g (and capitals) of m * 2^e2, exactly as glibc prints them. */
static void format_decimal(struct __sink *s, const struct spec *sp, uint64_t m, int e2,
                           const char *prefix)
{
    uint32_t limbs[__decimal_limbs(e2)];
    struct __decimal d;
    int conv = sp->conv | 0x20, upper = sp->conv != conv;
    int prec = sp->prec < 0 ? 6 : sp->prec;

    __decimal_init(&d, limbs, m, e2);
    if (conv == 'f') {
        if (prec < d.ndigits - d.point)
            __decimal_round(&d, d.point + prec);
        fixed_field(s, sp, &d, prec, prefix);
        return;
    }
    if (conv == 'e') {
        if (prec < d.ndigits)
            __decimal_round(&d, prec + 1);
        exp_field(s, sp, &d, prec, prefix, upper);
        return;
    }
    /* %g: P significant digits; %f style when the exponent X of the
     * rounded value is in [-4, P), else %e; then no trailing zeros unless
     * '#'. */
    int p = prec == 0 ? 1 : prec;
    int x0 = d.ndigits ? d.point - 1 : 0;
    if (p < d.ndigits)
        __decimal_round(&d, p);
    int x = d.ndigits ? d.point - 1 : 0;
    int alt = sp->flags & ALT;
    /* glibc picks the style by the exponent before rounding; when a carry
     * then pushes it to P, it goes to %e with the %f style's precision, 0
     * (%#g of 999999.5 is "1.e+06"). Only '#' shows the difference. */
    if (alt && x0 == p - 1 && x == p)
        p = 1;
    if (x >= -4 && x < p) {
        int fprec = p - 1 - x, sig = d.ndigits - d.point;
        fixed_field(s, sp, &d, alt || fprec < sig ? fprec : sig > 0 ? sig : 0, prefix);
    } else {
        int eprec = p - 1, sig = d.ndigits - 1;
        exp_field(s, sp, &d, alt || eprec < sig ? eprec : sig > 0 ? sig : 0, prefix, upper);
    }
}

/* %a (upper: %A): lead.frac (nfrac hex digits) times 2^exp, as glibc
 * prints it: the fraction rounded to the precision (ties to even), or as
 * few digits as are exact. */
static void format_hex(struct __sink *s, const struct spec *sp, unsigned lead, uint64_t frac,
                       int nfrac, int exp, const char *sign_text)
{
    int upper = sp->conv == 'A';
    int prec = sp->prec;

    if (prec < 0) {
        for (prec = nfrac; prec > 0 && (frac & 15) == 0; prec--)
            frac >>= 4;
    } else if (prec < nfrac) {
        int drop = 4 * (nfrac - prec);
        uint64_t rest = frac & (((uint64_t)1 << drop) - 1), half = (uint64_t)1 << (drop - 1);
        frac >>= drop;
        if (rest > half || (rest == half && ((prec ? frac : lead) & 1)))
            frac++;
        if (prec < 16 && frac >> (4 * prec)) {
            frac = 0;
            lead++;
        }
        if (lead == 16) {               /* only the long double format carries so far */
            lead = 1;
            exp += 4;
        }
    }
    char buf[40], *end = buf + sizeof buf, *p = digits(end, (uintmax_t)(exp < 0 ? -exp : exp), 10, 0);
    if (p == end)
        *--p = '0';
    *--p = exp < 0 ? '-' : '+';
    *--p = upper ? 'P' : 'p';
    int shown = prec < nfrac ? prec : nfrac;
    char *q = digits(p, frac, 16, upper);
    while (p - q < shown)
        *--q = '0';
    int dot = prec > 0 || (sp->flags & ALT);
    char prefix[4] = { 0 }, first = "0123456789abcdef"[lead];
    size_t plen = strlen(sign_text);
    memcpy(prefix, sign_text, plen);
    prefix[plen] = '0';
    prefix[plen + 1] = upper ? 'X' : 'x';
    if (upper && first >= 'a')
        first = (char)(first - 'a' + 'A');
    size_t total = 1 + dot + (size_t)prec + (end - p);
    int right = field_start(s, sp, sp->flags & ZERO, prefix, total);
    emit(s, &first, 1);
    emit(s, ".", dot);
    emit(s, q, p - q);
    pad(s, '0', prec - shown);
    emit(s, p, end - p);
    pad(s, ' ', right);
}

/* Floating conversions f F e E g G a A, as glibc prints them. Kept out of
 * line so that only programs that print floats touch the FPU. */
static __attribute__((noinline)) void format_float(struct __sink *s, const struct spec *sp,
                                                   va_list *ap)
{
    int upper = sp->conv >= 'A' && sp->conv <= 'Z', hex = sp->conv == 'a' || sp->conv == 'A';
    int ldouble = sp->length == 'L';
    uint64_t m;
    int e, negative, special, nan;

    if (ldouble) {
        union { long double x; struct { uint64_t m; uint16_t se; } p; } u;
        u.x = va_arg(*ap, long double);
        m = u.p.m;
        e = u.p.se & 0x7fff;
        negative = u.p.se >> 15;
        special = e == 0x7fff;
        nan = special && (m << 1) != 0;
    } else {
        union { double x; uint64_t bits; } u;
        u.x = va_arg(*ap, double);
        m = u.bits & (((uint64_t)1 << 52) - 1);
        e = (int)(u.bits >> 52) & 0x7ff;
        negative = (int)(u.bits >> 63);
        special = e == 0x7ff;
        nan = special && m != 0;
    }
    const char *prefix = sign(sp, negative);
    if (special) {
        const char *text = nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        field(s, sp, 0, prefix, 0, text, 3);
        return;
    }
    int ee = e ? e : 1;        /* subnormals have the smallest exponent */
    if (ldouble && hex)
        format_hex(s, sp, (unsigned)(m >> 60), m & (((uint64_t)1 << 60) - 1), 15,
                   m ? ee - 16386 : 0, prefix);
    else if (ldouble)
        format_decimal(s, sp, m, m ? ee - 16446 : 0, prefix);
    else if (hex)
        format_hex(s, sp, e != 0, m, 13, m || e ? ee - 1023 : 0, prefix);
    else
        format_decimal(s, sp, e ? m | (uint64_t)1 << 52 : m, m || e ? ee - 1075 : 0, prefix);
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
