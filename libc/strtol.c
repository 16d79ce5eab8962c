/* String to integer conversions (strtol family, strtoimax, atoi) and
 * absolute values. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

/* Value of digit c in bases up to 36, or 36 if c is not a digit. */
static int digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    if (islower(c))
        return c - 'a' + 10;
    if (isupper(c))
        return c - 'A' + 10;
    return 36;
}

/* Parses an optionally signed integer in base (0 = by prefix, or 2..36) and
 * returns its magnitude; *negative tells the sign and *overflow whether the
 * magnitude exceeded unsigned long long. *end (if end) gets the first
 * unparsed character, or s itself when there are no digits. */
static unsigned long long parse(const char *s, char **end, int base,
                                int *negative, int *overflow)
{
    const char *p = s;
    unsigned long long value = 0;
    int any = 0;

    *negative = *overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *negative = *p++ == '-';
    /* "0x" is a prefix only if a hex digit follows; otherwise "0" is the number. */
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
        && digit_value((unsigned char)p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
        any = 1;
        if (__builtin_mul_overflow(value, (unsigned)base, &value)
            || __builtin_add_overflow(value, (unsigned)d, &value))
            *overflow = 1;
    }
    if (end)
        *end = (char *)(any ? p : s);
    return value;
}

/* Converts to a signed type whose maximum is max (its minimum is -max-1),
 * saturating with errno = ERANGE. */
static long long to_signed(const char *s, char **end, int base, long long max)
{
    int negative, overflow;
    unsigned long long v = parse(s, end, base, &negative, &overflow);

    if (overflow || v > (unsigned long long)max + negative) {
        errno = ERANGE;
        return negative ? -max - 1 : max;
    }
    return negative ? (long long)-v : (long long)v;
}

/* Converts to an unsigned type whose maximum is max, saturating with errno =
 * ERANGE. As in C, a minus sign negates in the unsigned type ("-1" is max). */
static unsigned long long to_unsigned(const char *s, char **end, int base,
                                      unsigned long long max)
{
    int negative, overflow;
    unsigned long long v = parse(s, end, base, &negative, &overflow);

    if (overflow || v > max) {
        errno = ERANGE;
        return max;
    }
    return negative ? (-v & max) : v;
}

long strtol(const char *s, char **end, int base)
{
    return (long)to_signed(s, end, base, LONG_MAX);
}

long long strtoll(const char *s, char **end, int base)
{
    return to_signed(s, end, base, LLONG_MAX);
}

unsigned long strtoul(const char *s, char **end, int base)
{
    return (unsigned long)to_unsigned(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
    return to_unsigned(s, end, base, ULLONG_MAX);
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

intmax_t strtoimax(const char *restrict s, char **restrict end, int base)
{
    return to_signed(s, end, base, INTMAX_MAX);
}

uintmax_t strtoumax(const char *restrict s, char **restrict end, int base)
{
    return to_unsigned(s, end, base, UINTMAX_MAX);
}

intmax_t imaxabs(intmax_t x) { return x < 0 ? -x : x; }

imaxdiv_t imaxdiv(intmax_t num, intmax_t den)
{
    return (imaxdiv_t){ num / den, num % den };
}
