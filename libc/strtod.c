/* Decimal strings to floating point: strtod, strtof, atof.
 *
 * The first 19 significant digits are gathered exactly into a 64-bit
 * integer m, so the number is m * 10^e. When m fits in a double's 53 bits
 * and 10^|e| is exact too (|e| <= 22), one IEEE multiplication or division
 * rounds the result correctly; the x87 is switched to 53-bit precision for
 * it, since rounding first to its 64-bit format and then to double could
 * land the other way on a tie. Other numbers are computed in long double
 * (64-bit mantissa) and rounded once more: within about one unit in the
 * last place. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#define MAX_DIGITS   19                     /* decimal digits that fit in uint64_t */
#define EXACT_MAX    ((uint64_t)1 << 53)    /* integers a double holds exactly */
#define EXACT_POW10  22                     /* 10^22 is the largest exact double power */
#define EXP_LIMIT    100000                 /* far beyond any double: saturates */

static const double exact_pow10[EXACT_POW10 + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* a * b, or a / b when divide, rounded once to double precision. */
static double round_once(double a, double b, int divide)
{
    unsigned short cw, cw53;
    volatile double va = a, vb = b, vr;

    __asm__ volatile("fnstcw %0" : "=m"(cw));
    cw53 = (unsigned short)((cw & ~0x300u) | 0x200u);     /* precision control: 53 bits */
    /* The volatile operands and the "memory" clobbers keep the arithmetic
     * between the two control-word loads. */
    __asm__ volatile("fldcw %0" : : "m"(cw53) : "memory");
    vr = divide ? va / vb : va * vb;
    __asm__ volatile("fldcw %0" : : "m"(cw) : "memory");
    return vr;
}

/* 10^e (e >= 0) by repeated squaring: exact up to 10^27, then rounded at
 * each step (a relative error of a few units in 2^-64). */
static long double pow10_long(long e)
{
    long double r = 1, b = 10;

    for (; e > 0; e >>= 1, b *= b)
        if (e & 1)
            r *= b;
    return r;
}

/* m * 10^e10 as a double (m != 0); sets *range if it overflows or falls
 * below DBL_MIN. */
static double scale(uint64_t m, long e10, int exact, int *range)
{
    double r;

    /* Move powers of ten from the exponent into m while m stays exact. */
    while (exact && e10 > EXACT_POW10 && m < EXACT_MAX / 10) {
        m *= 10;
        e10--;
    }
    if (exact && m <= EXACT_MAX && e10 >= -EXACT_POW10 && e10 <= EXACT_POW10) {
        r = round_once((double)m, exact_pow10[e10 < 0 ? -e10 : e10], e10 < 0);
    } else if (e10 >= 0) {
        r = (double)((long double)m * pow10_long(e10));
    } else {
        r = (double)((long double)m / pow10_long(-e10));
    }
    *range = r > DBL_MAX || r < DBL_MIN;
    return r;
}

/* Length of an "inf", "infinity" or "nan[(chars)]" at s (any case), 0 if
 * none; *value gets the number. */
static size_t special(const char *s, double *value)
{
    if (strncasecmp(s, "inf", 3) == 0) {
        *value = __builtin_inf();
        return strncasecmp(s, "infinity", 8) == 0 ? 8 : 3;
    }
    if (strncasecmp(s, "nan", 3) != 0)
        return 0;
    *value = __builtin_nan("");
    size_t n = 3;
    if (s[n] == '(') {
        size_t k = n + 1;
        while (isalnum((unsigned char)s[k]) || s[k] == '_')
            k++;
        if (s[k] == ')')
            n = k + 1;
    }
    return n;
}

double strtod(const char *restrict s, char **restrict end)
{
    const char *p = s;
    uint64_t m = 0;
    long e10 = 0;
    int ndigits = 0, any = 0, exact = 1, negative = 0;
    double value;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    size_t n = special(p, &value);
    if (n > 0) {
        p += n;
        goto done;
    }
    for (; isdigit((unsigned char)*p); p++, any = 1) {
        if (m == 0 && *p == '0')
            continue;                       /* a leading zero */
        if (ndigits < MAX_DIGITS) {
            m = m * 10 + (uint64_t)(*p - '0');
            ndigits++;
        } else {
            e10++;                          /* a dropped digit still counts */
            exact &= *p == '0';
        }
    }
    if (*p == '.') {
        for (p++; isdigit((unsigned char)*p); p++, any = 1) {
            if (m == 0 && *p == '0') {
                e10--;
            } else if (ndigits < MAX_DIGITS) {
                m = m * 10 + (uint64_t)(*p - '0');
                ndigits++;
                e10--;
            } else {
                exact &= *p == '0';
            }
        }
    }
    if (!any) {
        p = s;                              /* no number: nothing is consumed */
        value = 0;
        negative = 0;
        goto done;
    }
    if ((*p == 'e' || *p == 'E')
        && (isdigit((unsigned char)p[1])
            || ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
        int eneg = *++p == '-';
        long x = 0;
        if (*p == '+' || *p == '-')
            p++;
        for (; isdigit((unsigned char)*p); p++)
            if (x < EXP_LIMIT)
                x = x * 10 + (*p - '0');
        e10 += eneg ? -x : x;
    }
    if (m == 0) {
        value = 0;
    } else {
        int range;
        value = scale(m, e10, exact, &range);
        if (range)
            errno = ERANGE;
    }
done:
    if (end)
        *end = (char *)p;
    return negative ? -value : value;
}

/* strtod rounded to float (rounding twice: rarely one unit off). */
float strtof(const char *restrict s, char **restrict end)
{
    double d = strtod(s, end);
    float f = (float)d;

    if ((f == 0 && d != 0) || (__builtin_isinf(f) && !__builtin_isinf(d))
        || (f != 0 && __builtin_fabsf(f) < FLT_MIN))
        errno = ERANGE;
    return f;
}

double atof(const char *s)
{
    return strtod(s, NULL);
}
