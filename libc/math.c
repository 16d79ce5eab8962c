/* <math.h>: powers, exponentials, logarithms, hyperbolic functions and the
 * exact ones (rounding, fmod, frexp, ldexp). Computed in the x87's 64-bit
 * precision (x87.h) with the argument split so that no step loses bits
 * that matter, then rounded once to double. The trigonometric functions
 * are in trig.c. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "x87.h"

#define LN2_HI 0xb17217f7p-32L                 /* ln 2 to 32 bits: n * LN2_HI is exact */
#define LN2_LO 0xd1cf79abc9e3b398p-96L         /* ln 2 - LN2_HI */
#define LOG2E  0xb8aa3b295c17f0bcp-63L         /* 1 / ln 2 */

static uint64_t bits(double x)
{
    uint64_t u;

    memcpy(&u, &x, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double x;

    memcpy(&x, &u, sizeof x);
    return x;
}

/* The unbiased exponent of x (1024 for inf and NaN, -1023 for 0 and
 * subnormals). */
static int exponent_of(double x)
{
    return (int)(bits(x) >> 52 & 0x7ff) - 1023;
}

/* A double result: ERANGE if a finite computation overflowed to infinity
 * or underflowed to zero or a subnormal. */
static double finish(long double r)
{
    double d = x87_double(r);

    if (__builtin_isinf(d) || (r != 0 && __builtin_fabs(d) < 0x1p-1022))
        errno = ERANGE;
    return d;
}

/* ---- exponentials */

/* e^x in 64-bit precision, |x| < 11000: x = n ln 2 + r with |r| <= ln2/2
 * worked out exactly enough (Cody and Waite's split of ln 2). */
static long double exp_ld(long double x)
{
    long double n = x87_rint(x * LOG2E);
    long double r = (x - n * LN2_HI) - n * LN2_LO;

    return x87_scale(x87_2xm1(r * LOG2E) + 1, n);
}

/* e^x - 1 in 64-bit precision, exact near 0. */
static long double expm1_ld(long double x)
{
    if (__builtin_fabsl(x) < 0.5L)
        return x87_2xm1(x * LOG2E);
    if (x < -50)
        return -1;
    return exp_ld(x) - 1;
}

double exp(double x)
{
    if (__builtin_isnan(x))
        return x + x;
    if (x > 1000)
        return x87_error(ERANGE, HUGE_VAL);
    if (x < -1000)
        return x87_error(ERANGE, 0);
    return finish(exp_ld(x));
}

double exp2(double x)
{
    if (__builtin_isnan(x))
        return x + x;
    if (x > 1100)
        return x87_error(ERANGE, HUGE_VAL);
    if (x < -1100)
        return x87_error(ERANGE, 0);
    long double n = x87_rint(x);
    return finish(x87_scale(x87_2xm1(x - n) + 1, n));
}

double expm1(double x)
{
    if (__builtin_isnan(x))
        return x + x;
    if (x > 1000)
        return x87_error(ERANGE, HUGE_VAL);
    if (x == 0)
        return x;               /* keeps -0 */
    return finish(expm1_ld(x));
}

/* ---- logarithms */

/* c * log2(x) for finite x > 0, exact near x = 1. */
static long double log_ld(long double x, long double c)
{
    long double m1 = x - 1;

    if (__builtin_fabsl(m1) < 0.29L)
        return x87_yl2xp1(m1, c);
    return x87_yl2x(x, c);
}

/* The special cases of a logarithm of x: returns 1 and sets *r when x is
 * not a finite positive number. */
static int log_special(double x, double *r)
{
    if (__builtin_isnan(x)) {
        *r = x + x;
    } else if (x == 0) {
        *r = x87_error(ERANGE, -HUGE_VAL);
    } else if (x < 0) {
        *r = x87_error(EDOM, NAN);
    } else if (__builtin_isinf(x)) {
        *r = x;
    } else {
        return 0;
    }
    return 1;
}

double log(double x)
{
    double r;

    return log_special(x, &r) ? r : x87_double(log_ld(x, x87_ln2()));
}

double log2(double x)
{
    double r;

    return log_special(x, &r) ? r : x87_double(log_ld(x, 1));
}

double log10(double x)
{
    double r;

    return log_special(x, &r) ? r : x87_double(log_ld(x, x87_lg2()));
}

double log1p(double x)
{
    double r;

    if (x == 0 || __builtin_isnan(x))
        return x + x;
    if (x == -1)
        return x87_error(ERANGE, -HUGE_VAL);
    if (x < -1)
        return x87_error(EDOM, NAN);
    if (__builtin_isinf(x))
        return x;
    if (__builtin_fabs(x) < 0.29)
        return x87_double(x87_yl2xp1(x, x87_ln2()));
    return log_special(1 + (long double)x, &r) ? r : x87_double(x87_yl2x(1 + (long double)x, x87_ln2()));
}

/* ---- powers */

double sqrt(double x)
{
    unsigned short cw, cw53;
    volatile double in = x, out;
    long double r;

    if (x < 0)
        return x87_error(EDOM, NAN);
    /* At 53-bit precision the FPU rounds the root once, correctly. */
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    cw53 = (unsigned short)((cw & ~0x300u) | 0x200u);
    __asm__ volatile("fldcw %0" : : "m"(cw53) : "memory");
    __asm__ volatile("fsqrt" : "=t"(r) : "0"((long double)in));
    out = (double)r;
    __asm__ volatile("fldcw %0" : : "m"(cw) : "memory");
    return out;
}

double hypot(double x, double y)
{
    if (__builtin_isinf(x) || __builtin_isinf(y))
        return HUGE_VAL;
    if (__builtin_isnan(x) || __builtin_isnan(y))
        return x + y;
    long double lx = x, ly = y;
    return finish(x87_sqrt(lx * lx + ly * ly));
}

/* x^y for x > 0 finite, y finite, in 64-bit precision: 2^(y log2 x) with
 * x = 2^k m, so that y k is exact and y log2 m has a small error, and the
 * integer parts of both taken out before anything is rounded. */
static long double pow_ld(double x, double y)
{
    int k = exponent_of(x);
    double m;

    if (k == -1023) {                     /* subnormal: normalize */
        x *= 0x1p64;
        k = exponent_of(x) - 64;
        m = from_bits((bits(x) & 0x800fffffffffffffULL) | 0x3ff0000000000000ULL);
    } else {
        m = from_bits((bits(x) & 0x800fffffffffffffULL) | 0x3ff0000000000000ULL);
    }
    if (m > 1.4142135623730951) {         /* m in [sqrt(1/2), sqrt(2)) */
        m /= 2;
        k++;
    }
    long double t1 = (long double)y * k;              /* exact: 53 + 11 bits */
    long double t2 = (long double)y * log_ld(m, 1);
    long double n1 = x87_rint(t1), n2 = x87_rint(t2);
    long double f = (t1 - n1) + (t2 - n2), n = n1 + n2;
    if (n > 20000)
        return 0x1p16000L;
    if (n < -20000)
        return 0;
    return x87_scale(x87_2xm1(f) + 1, n);
}

/* Whether y (finite) is an integer, and an odd one. */
static int is_integer(double y)
{
    return __builtin_trunc(y) == y;
}

static int is_odd(double y)
{
    return is_integer(y) && __builtin_fabs(y) < 0x1p53 && ((int64_t)y & 1);
}

double pow(double x, double y)
{
    if (y == 0 || x == 1)
        return 1;
    if (__builtin_isnan(x) || __builtin_isnan(y))
        return x + y;
    if (__builtin_isinf(y)) {
        double ax = __builtin_fabs(x);
        if (ax == 1)
            return 1;
        return (ax > 1) == (y > 0) ? HUGE_VAL : 0;
    }
    int negative = 0;
    if (x == 0 || __builtin_isinf(x)) {
        /* 0^y and inf^y: the sign survives an odd integer y. */
        int odd = __builtin_signbit(x) && is_odd(y);
        int big = (x == 0) == (y < 0);
        double r = big ? HUGE_VAL : 0;
        if (x == 0 && y < 0)
            errno = ERANGE;
        return odd ? -r : r;
    }
    if (x < 0) {
        if (!is_integer(y))
            return x87_error(EDOM, NAN);
        negative = is_odd(y);
        x = -x;
    }
    double r = finish(pow_ld(x, y));
    return negative ? -r : r;
}

double cbrt(double x)
{
    if (x == 0 || __builtin_isnan(x) || __builtin_isinf(x))
        return x + x;
    long double a = __builtin_fabs(x);
    long double t = x87_yl2x(a, 1.0L / 3), n = x87_rint(t);
    long double r = x87_scale(x87_2xm1(t - n) + 1, n);
    r -= (r * r * r - a) / (3 * r * r);               /* one Newton step */
    return x87_double(x < 0 ? -r : r);
}

/* ---- hyperbolic functions */

double sinh(double x)
{
    long double a = __builtin_fabs(x), s;

    if (__builtin_isnan(x) || __builtin_isinf(x) || x == 0)
        return x + x;
    if (a > 1000)
        return x87_error(ERANGE, x < 0 ? -HUGE_VAL : HUGE_VAL);
    if (a < 22) {
        long double e = expm1_ld(a);
        s = (e + e / (e + 1)) / 2;
    } else {
        s = exp_ld(a) / 2;
    }
    return finish(x < 0 ? -s : s);
}

double cosh(double x)
{
    long double a = __builtin_fabs(x);

    if (__builtin_isnan(x))
        return x + x;
    if (a > 1000)
        return x87_error(ERANGE, HUGE_VAL);
    long double e = exp_ld(a);
    return finish((e + 1 / e) / 2);
}

double tanh(double x)
{
    long double a = __builtin_fabs(x), t;

    if (__builtin_isnan(x) || x == 0)
        return x + x;
    if (a > 23) {
        t = 1;
    } else {
        long double e = expm1_ld(2 * a);
        t = e / (e + 2);
    }
    return x87_double(x < 0 ? -t : t);
}

/* ---- exact functions */

double fabs(double x)
{
    return from_bits(bits(x) & ~(1ULL << 63));
}

double copysign(double x, double y)
{
    return from_bits((bits(x) & ~(1ULL << 63)) | (bits(y) & (1ULL << 63)));
}

double trunc(double x)
{
    int e = exponent_of(x);

    if (e >= 52)
        return x;                               /* integral, inf or NaN */
    if (e < 0)
        return from_bits(bits(x) & (1ULL << 63));
    return from_bits(bits(x) & ~((1ULL << (52 - e)) - 1));
}

double floor(double x)
{
    double t = trunc(x);

    return x < 0 && t != x ? t - 1 : t;
}

double ceil(double x)
{
    double t = trunc(x);

    return x > 0 && t != x ? t + 1 : t;
}

double round(double x)
{
    double t = trunc(x);

    if (__builtin_fabs(x - t) >= 0.5)
        t += x < 0 ? -1 : 1;
    return t;
}

long lround(double x)
{
    return (long)round(x);
}

double modf(double x, double *ip)
{
    double t = trunc(x);

    *ip = t;
    if (__builtin_isnan(x))
        return x;
    return copysign(__builtin_isinf(x) ? 0 : x - t, x);
}

double fmod(double x, double y)
{
    long double r;

    if (__builtin_isnan(x) || __builtin_isnan(y))
        return x + y;
    if (__builtin_isinf(x) || y == 0)
        return x87_error(EDOM, NAN);
    if (__builtin_isinf(y) || x == 0)
        return x;
    /* fprem: the exact remainder of the truncated quotient, in steps. */
    __asm__("1: fprem\n\t"
            "fnstsw %%ax\n\t"
            "testw $0x400, %%ax\n\t"
            "jnz 1b" : "=t"(r) : "0"((long double)x), "u"((long double)y) : "ax", "cc");
    return copysign((double)r, x);
}

double frexp(double x, int *e)
{
    int k = exponent_of(x);

    *e = 0;
    if (x == 0 || k == 1024)
        return x;
    if (k == -1023) {
        x *= 0x1p64;
        k = exponent_of(x);
        *e = -64;
    }
    *e += k + 1;
    return from_bits((bits(x) & 0x800fffffffffffffULL) | 0x3fe0000000000000ULL);
}

double scalbn(double x, int e)
{
    if (x == 0 || __builtin_isnan(x) || __builtin_isinf(x) || e == 0)
        return x;
    if (e > 2200)
        e = 2200;
    if (e < -2200)
        e = -2200;
    return finish(x87_scale(x, e));             /* exact; rounded once */
}

double ldexp(double x, int e)
{
    return scalbn(x, e);
}

double fmin(double x, double y)
{
    if (__builtin_isnan(x))
        return y;
    if (__builtin_isnan(y))
        return x;
    return x < y || (x == y && __builtin_signbit(x)) ? x : y;
}

double fmax(double x, double y)
{
    if (__builtin_isnan(x))
        return y;
    if (__builtin_isnan(y))
        return x;
    return x > y || (x == y && !__builtin_signbit(x)) ? x : y;
}

/* float versions: through double, whose extra bits make each exact. */
float sqrtf(float x)
{
    return (float)sqrt(x);
}

float fabsf(float x)
{
    return (float)fabs(x);
}

float floorf(float x)
{
    return (float)floor(x);
}

float ceilf(float x)
{
    return (float)ceil(x);
}
