/* The x87 instructions libc's mathematics is built on (math.c, trig.c), in
 * the FPU's 64-bit precision. Each is one instruction: accurate to about
 * one unit in that precision's last place within the documented ranges. */
#ifndef LIBC_X87_H
#define LIBC_X87_H
#include <errno.h>

/* y * log2(x), x > 0. */
static inline long double x87_yl2x(long double x, long double y)
{
    long double r;

    __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* y * log2(1 + x), |x| < 1 - sqrt(2)/2: exact near 0. */
static inline long double x87_yl2xp1(long double x, long double y)
{
    long double r;

    __asm__("fyl2xp1" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* 2^x - 1, |x| <= 1. */
static inline long double x87_2xm1(long double x)
{
    long double r;

    __asm__("f2xm1" : "=t"(r) : "0"(x));
    return r;
}

/* x * 2^n, n an integer. */
static inline long double x87_scale(long double x, long double n)
{
    long double r;

    __asm__("fscale" : "=t"(r) : "0"(x), "u"(n));
    return r;
}

/* x rounded to an integer, ties to even (the default rounding). */
static inline long double x87_rint(long double x)
{
    long double r;

    __asm__("frndint" : "=t"(r) : "0"(x));
    return r;
}

/* atan(y / x) in the quadrant of (x, y). */
static inline long double x87_atan2(long double y, long double x)
{
    long double r;

    __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

static inline long double x87_sqrt(long double x)
{
    long double r;

    __asm__("fsqrt" : "=t"(r) : "0"(x));
    return r;
}

/* The constants the FPU holds to 64 bits. */
static inline long double x87_ln2(void)
{
    long double r;

    __asm__("fldln2" : "=t"(r));
    return r;
}

static inline long double x87_lg2(void)
{
    long double r;

    __asm__("fldlg2" : "=t"(r));
    return r;
}

/* Rounds to double once: a store, whatever the compiler keeps in
 * registers. */
static inline double x87_double(long double x)
{
    volatile double d = (double)x;

    return d;
}

/* Returns r after setting errno to e. */
static inline double x87_error(int e, double r)
{
    errno = e;
    return r;
}
#endif
