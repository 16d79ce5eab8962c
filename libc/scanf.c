/* Formatted input: the scanf engine and its front ends (sscanf over a
 * string, fscanf over a stream). The engine reads through a source that
 * can put back one character, which is all a stream promises (ungetc), so
 * an input like "0xg" for %x or "1e+" for %f is a matching failure, as the
 * C standard's "100ergs" example describes. Numbers are gathered into a
 * buffer and converted by strtoll/strtoull/strtod; wide characters (%lc,
 * %ls) are not supported. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libc.h"

#define TOKEN_MAX 128     /* longest number scanned (longer ones fail to match) */

/* The state of one scan. */
struct scan {
    struct __source *src;
    size_t consumed;      /* characters read and kept, for %n */
};

static int next(struct scan *sc)
{
    int c = sc->src->get(sc->src);

    if (c != EOF)
        sc->consumed++;
    return c;
}

static void back(struct scan *sc, int c)
{
    if (c != EOF) {
        sc->src->unget(sc->src, c);
        sc->consumed--;
    }
}

/* Skips white space; returns 0, or EOF if the input ended. */
static int skip_space(struct scan *sc)
{
    int c;

    while (isspace(c = next(sc)))
        ;
    back(sc, c);
    return c == EOF ? EOF : 0;
}

/* Stores v through the integer pointer argument of the given length (as
 * in format.c: 'H' hh, 'q' ll). */
static void store_int(char length, unsigned long long v, va_list *ap)
{
    switch (length) {
    case 'H': *va_arg(*ap, char *) = (char)v; break;
    case 'h': *va_arg(*ap, short *) = (short)v; break;
    case 'l': *va_arg(*ap, long *) = (long)v; break;
    case 'q': *va_arg(*ap, long long *) = (long long)v; break;
    case 'j': *va_arg(*ap, intmax_t *) = (intmax_t)v; break;
    case 'z': *va_arg(*ap, size_t *) = (size_t)v; break;
    case 't': *va_arg(*ap, ptrdiff_t *) = (ptrdiff_t)v; break;
    default:  *va_arg(*ap, int *) = (int)v; break;
    }
}

static int digit_in_base(int c, int base)
{
    if (base == 16)
        return isxdigit(c);
    return c >= '0' && c < '0' + base;
}

/* Reads an integer of at most width characters in base (0: by prefix, as
 * strtol) into buf; returns the base it turned out to be, 0 if the input
 * is not a number (matching failure) or EOF if it ended first. */
static int scan_integer(struct scan *sc, int width, int base, char *buf)
{
    int len = 0, digits = 0, c = next(sc);

    if (c == EOF)
        return EOF;
    if ((c == '+' || c == '-') && len < width) {
        buf[len++] = (char)c;
        c = next(sc);
    }
    if ((base == 0 || base == 16) && c == '0' && len < width) {
        buf[len++] = '0';
        digits = 1;
        c = next(sc);
        if ((c == 'x' || c == 'X') && len < width) {
            buf[len++] = (char)c;
            digits = 0;                     /* "0x" needs a hex digit after it */
            c = next(sc);
            base = 16;
        } else if (base == 0) {
            base = 8;
        }
    } else if (base == 0) {
        base = 10;
    }
    for (; len < width && digit_in_base(c, base); c = next(sc), digits++)
        buf[len++] = (char)c;
    back(sc, c);
    buf[len] = '\0';
    return digits > 0 ? base : 0;
}

/* Appends c to buf (len characters so far, at most width) and reads the
 * next character; returns 0, or -1 when the field is full. */
static int take(struct scan *sc, char *buf, int *len, int width, int *c)
{
    if (*len >= width)
        return -1;
    buf[(*len)++] = (char)*c;
    *c = next(sc);
    return 0;
}

/* Reads the rest of word (an "inf", "infinity" or "nan" whose first letter
 * is in *c) into buf. Returns 1 if a whole word was read. */
static int scan_word(struct scan *sc, char *buf, int *len, int width, int *c)
{
    const char *word = tolower(*c) == 'n' ? "nan" : "infinity";
    int i = 0;

    while (word[i] && tolower(*c) == word[i] && take(sc, buf, len, width, c) == 0)
        i++;
    return i == 3 || word[i] == '\0';
}

/* Reads a decimal or hexadecimal (0x...p...) floating-point number of at
 * most width characters into
 * buf; returns 1, 0 if the input is not one (matching failure) or EOF. */
static int scan_float(struct scan *sc, int width, char *buf)
{
    int len = 0, digits = 0, c = next(sc), ok = 1;

    if (c == EOF)
        return EOF;
    if (c == '+' || c == '-')
        take(sc, buf, &len, width, &c);
    if (tolower(c) == 'i' || tolower(c) == 'n') {
        ok = scan_word(sc, buf, &len, width, &c);
        digits = ok;
    } else {
        int hex = 0;
        if (c == '0' && take(sc, buf, &len, width, &c) == 0) {
            digits++;
            hex = (c == 'x' || c == 'X') && take(sc, buf, &len, width, &c) == 0;
        }
        int (*is_digit)(int) = hex ? isxdigit : isdigit;
        int marker = hex ? 'p' : 'e';
        for (; is_digit(c) && take(sc, buf, &len, width, &c) == 0;)
            digits++;
        if (c == '.' && take(sc, buf, &len, width, &c) == 0)
            for (; is_digit(c) && take(sc, buf, &len, width, &c) == 0;)
                digits++;
        if (digits && tolower(c) == marker && take(sc, buf, &len, width, &c) == 0) {
            int exp_digits = 0;
            if (c == '+' || c == '-')
                take(sc, buf, &len, width, &c);
            for (; isdigit(c) && take(sc, buf, &len, width, &c) == 0;)
                exp_digits++;
            ok = exp_digits > 0;
        }
    }
    back(sc, c);
    buf[len] = '\0';
    return ok && digits > 0;
}

/* Parses the scan set after "%[" at fmt into set (256 flags); returns the
 * character after the closing ']' (at the end of fmt if there is none). */
static const char *parse_set(const char *fmt, unsigned char set[256])
{
    int negate = *fmt == '^';

    fmt += negate;
    memset(set, 0, 256);
    for (const char *start = fmt; *fmt && (*fmt != ']' || fmt == start); fmt++) {
        if (fmt[1] == '-' && fmt[2] && fmt[2] != ']' && (unsigned char)fmt[2] >= (unsigned char)*fmt) {
            for (int c = (unsigned char)*fmt; c <= (unsigned char)fmt[2]; c++)
                set[c] = 1;
            fmt += 2;
        } else {
            set[(unsigned char)*fmt] = 1;
        }
    }
    if (negate)
        for (int c = 0; c < 256; c++)
            set[c] = !set[c];
    return *fmt ? fmt + 1 : fmt;
}

/* One conversion: %[*][width][length]conv. */
struct conv {
    int suppress, width;
    char length, conv;
};

/* Reads characters for %c, %s or %[ (in set) into *dst (if dst) ; returns
 * 1, 0 for a matching failure, EOF if the input ended first. */
static int scan_chars(struct scan *sc, const struct conv *cv, const unsigned char *set, char *dst)
{
    int n = 0, c = 0;

    for (; n < cv->width && (c = next(sc)) != EOF; n++) {
        if ((cv->conv == 's' && isspace(c)) || (cv->conv == '[' && !set[c])) {
            back(sc, c);
            break;
        }
        if (dst)
            dst[n] = (char)c;
    }
    if (n == 0)
        return c == EOF ? EOF : 0;
    if (cv->conv == 'c')
        return n == cv->width;
    if (dst)
        dst[n] = '\0';
    return 1;
}

/* Performs conversion cv (white space already skipped where it should be);
 * returns 1 on success, 0 for a matching failure, EOF if the input ended
 * first. fmt points after the conversion letter (the scan set of %[). */
static int convert(struct scan *sc, const struct conv *cv, const char **fmt, va_list *ap)
{
    char buf[TOKEN_MAX + 1];
    int width = cv->width > 0 && cv->width < TOKEN_MAX ? cv->width : TOKEN_MAX;
    unsigned char set[256];

    switch (cv->conv) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
        int base = cv->conv == 'd' || cv->conv == 'u' ? 10 : cv->conv == 'i' ? 0
                 : cv->conv == 'o' ? 8 : 16;
        int r = scan_integer(sc, width, base, buf);
        if (r <= 0)
            return r;
        if (cv->suppress)
            return 1;
        if (cv->conv == 'p')
            *va_arg(*ap, void **) = (void *)(uintptr_t)strtoul(buf, NULL, 16);
        else if (cv->conv == 'd' || cv->conv == 'i')
            store_int(cv->length, (unsigned long long)strtoll(buf, NULL, r), ap);
        else
            store_int(cv->length, strtoull(buf, NULL, r), ap);
        return 1;
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        int r = scan_float(sc, width, buf);
        if (r <= 0 || cv->suppress)
            return r;
        if (cv->length == 'l')
            *va_arg(*ap, double *) = strtod(buf, NULL);
        else if (cv->length == 'L' || cv->length == 'q')
            *va_arg(*ap, long double *) = strtold(buf, NULL);
        else
            *va_arg(*ap, float *) = strtof(buf, NULL);
        return 1;
    }
    case '[':
        *fmt = parse_set(*fmt, set);
        /* fall through */
    case 's': case 'c': {
        struct conv chars = *cv;
        if (chars.width <= 0)
            chars.width = cv->conv == 'c' ? 1 : INT32_MAX;
        return scan_chars(sc, &chars, set, cv->suppress ? NULL : va_arg(*ap, char *));
    }
    default:
        return 0;           /* an unknown conversion never matches */
    }
}

/* Parses "[*][width][length]conv" at *fmt into cv, advancing *fmt past it. */
static void parse_conv(const char **fmt, struct conv *cv)
{
    const char *f = *fmt;

    cv->suppress = *f == '*';
    f += cv->suppress;
    for (cv->width = 0; isdigit((unsigned char)*f); f++)
        cv->width = cv->width > (INT32_MAX - 9) / 10 ? INT32_MAX : cv->width * 10 + (*f - '0');
    cv->length = 0;
    if (*f == 'h' || *f == 'l') {
        cv->length = *f++;
        if (*f == cv->length) {
            cv->length = cv->length == 'h' ? 'H' : 'q';
            f++;
        }
    } else if (*f == 'L' || *f == 'q' || *f == 'j' || *f == 'z' || *f == 't') {
        cv->length = *f++;
    }
    cv->conv = *f;
    if (*f)
        f++;
    *fmt = f;
}

int __scan(struct __source *src, const char *fmt, va_list args)
{
    struct scan sc = { src, 0 };
    int assigned = 0, converted = 0, r = 1;
    va_list ap;

    va_copy(ap, args);
    while (*fmt && r > 0) {
        if (isspace((unsigned char)*fmt)) {
            while (isspace((unsigned char)*fmt))
                fmt++;
            skip_space(&sc);
            continue;
        }
        if (*fmt != '%' || fmt[1] == '%') {
            /* A literal character ("%%" is a '%' after optional spaces). */
            if (*fmt == '%') {
                fmt++;
                skip_space(&sc);
            }
            int c = next(&sc);
            if (c != (unsigned char)*fmt) {
                back(&sc, c);
                r = c == EOF ? EOF : 0;
            }
            fmt++;
            continue;
        }
        fmt++;
        struct conv cv;
        parse_conv(&fmt, &cv);
        if (cv.conv == 'n') {
            if (!cv.suppress)
                store_int(cv.length, sc.consumed, &ap);
            continue;
        }
        if (cv.conv != 'c' && cv.conv != '[' && skip_space(&sc) == EOF) {
            r = EOF;
            break;
        }
        r = convert(&sc, &cv, &fmt, &ap);
        if (r > 0) {
            converted = 1;
            assigned += !cv.suppress;
        }
    }
    va_end(ap);
    return r == EOF && !converted ? EOF : assigned;
}

/* ---- front ends */

struct string_source {
    struct __source src;
    const unsigned char *p;
};

static int string_get(struct __source *src)
{
    struct string_source *ss = (struct string_source *)src;

    return *ss->p ? *ss->p++ : EOF;
}

static void string_unget(struct __source *src, int c)
{
    (void)c;
    ((struct string_source *)src)->p--;
}

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
    struct string_source ss = { { string_get, string_unget }, (const unsigned char *)s };

    return __scan(&ss.src, fmt, ap);
}

int sscanf(const char *restrict s, const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vsscanf(s, fmt, ap);
    va_end(ap);
    return r;
}

struct file_source {
    struct __source src;
    FILE *f;
};

static int file_get(struct __source *src)
{
    return fgetc(((struct file_source *)src)->f);
}

static void file_unget(struct __source *src, int c)
{
    ungetc(c, ((struct file_source *)src)->f);
}

int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct file_source fs = { { file_get, file_unget }, f };

    return __scan(&fs.src, fmt, ap);
}

int fscanf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vfscanf(f, fmt, ap);
    va_end(ap);
    return r;
}

int vscanf(const char *restrict fmt, va_list ap)
{
    return vfscanf(stdin, fmt, ap);
}

int scanf(const char *restrict fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vscanf(fmt, ap);
    va_end(ap);
    return r;
}
