/* <math.h>'s trigonometric functions. The x87's fsin, fcos and fptan are
 * accurate only near 0 (they reduce with a 66-bit pi), so the argument is
 * first reduced here to r in [-pi/4, pi/4] and a quadrant: for |x| < 2^32
 * by subtracting n pi/2 in three parts (Cody and Waite), beyond that by
 * multiplying x with the bits of 2/pi that matter (Payne and Hanek). */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "x87.h"

#define PIO2_1  0xc90fdaa2p-31L                  /* pi/2 to 32 bits */
#define PIO2_2  0x2168c234p-63L                  /* the next 32 */
#define PIO2_3  0xc4c6628b80dc1cd1p-127L         /* the next 64 */
#define PIO2    0xc90fdaa22168c235p-63L          /* pi/2 to 64 bits */
#define TWO_PI  0xa2f9836e4e44152ap-64L          /* 2/pi to 64 bits */

/* The bits of 2/pi after the binary point, 32 at a time (1376 bits: a
 * double's exponent reaches 2^1023). */
static const uint32_t two_over_pi[] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab,
    0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c, 0xfe1deb1c, 0xb129a73e,
    0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41, 0x3991d639, 0x835339f4, 0x9c845f8b,
    0xbdf9283b, 0x1ff897ff, 0xde05980f, 0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7,
    0x4f463f66, 0x9e5fea2d, 0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1,
    0x1f8d5d08, 0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d, 0xa9e39161, 0x5ee61b08,
    0x6599855f,
};
enum { WINDOW = 6 };    /* words of 2/pi used: 192 bits */

/* The 64 bits of the little-endian number w[] from bit pos up. */
static uint64_t bits64(const uint32_t *w, int pos)
{
    uint64_t r = 0;

    for (int i = 63; i >= 0; i--)
        r = r << 1 | (w[(pos + i) / 32] >> ((pos + i) % 32) & 1);
    return r;
}

/* x = n pi/2 + r for finite |x| >= 2^32: returns n mod 4 and sets *r.
 * x = m 2^e; words of 2/pi that would only add multiples of 4 to x * 2/pi
 * are skipped, and the next WINDOW words give its fraction to about 2^-100. */
static int reduce_big(double x, long double *r)
{
    uint64_t u;

    memcpy(&u, &x, sizeof u);
    uint64_t m = (u & 0xfffffffffffffULL) | 1ULL << 52;
    int e = (int)(u >> 52 & 0x7ff) - 1075;
    int j0 = e >= 34 ? (e - 2) / 32 : 0;
    uint32_t p[WINDOW + 4] = { 0 };       /* m * window, little-endian; one word spare */

    for (int k = 0; k < WINDOW; k++) {
        uint64_t w = two_over_pi[j0 + k];
        uint64_t lo = (m & 0xffffffff) * w, hi = (m >> 32) * w;
        int at = WINDOW - 1 - k;
        uint64_t carry = 0;
        uint64_t parts[2] = { lo, hi };
        for (int i = 0; i < 2; i++) {
            /* add parts[i] at word at + i */
            uint64_t v = parts[i];
            for (int q = at + i; v != 0 || carry != 0; q++) {
                uint64_t s = (uint64_t)p[q] + (v & 0xffffffff) + carry;
                p[q] = (uint32_t)s;
                carry = s >> 32;
                v >>= 32;
            }
        }
    }
    int shift = 32 * (j0 + WINDOW) - e;      /* fraction bits of p */
    int n = (int)(bits64(p, shift) & 3);
    /* The fraction's top 128 bits: a small r keeps 64 significant ones. */
    uint64_t hi = bits64(p, shift - 64), lo = bits64(p, shift - 128);
    int up = hi >> 63;                       /* >= 1/2: round n up, r < 0 */
    if (up) {
        n = (n + 1) & 3;
        hi = ~hi + (lo == 0);                /* 1 - fraction, as 128 bits */
        lo = -lo;
    }
    long double frac = (long double)hi * 0x1p-64L + (long double)lo * 0x1p-128L;
    if (up)
        frac = -frac;
    *r = frac * PIO2;
    if (x < 0) {
        *r = -*r;
        n = (4 - n) & 3;
    }
    return n;
}

/* x = n pi/2 + r, |r| <= pi/4 (about): returns n mod 4. */
static int reduce(double x, long double *r)
{
    if (__builtin_fabs(x) <= 0.78539816339744828) {
        *r = x;
        return 0;
    }
    if (__builtin_fabs(x) >= 0x1p32)
        return reduce_big(x, r);
    long double n = x87_rint(x * TWO_PI);
    *r = ((x - n * PIO2_1) - n * PIO2_2) - n * PIO2_3;
    return (int)((int64_t)n & 3);
}

static long double x87_sin(long double x)
{
    long double r;

    __asm__("fsin" : "=t"(r) : "0"(x));
    return r;
}

static long double x87_cos(long double x)
{
    long double r;

    __asm__("fcos" : "=t"(r) : "0"(x));
    return r;
}

static long double x87_tan(long double x)
{
    long double r;

    __asm__("fptan\n\tfstp %%st(0)" : "=t"(r) : "0"(x));
    return r;
}

double sin(double x)
{
    long double r;

    if (__builtin_isnan(x))
        return x + x;
    if (__builtin_isinf(x))
        return x87_error(EDOM, NAN);
    switch (reduce(x, &r)) {
    case 0: return x87_double(x87_sin(r));
    case 1: return x87_double(x87_cos(r));
    case 2: return x87_double(-x87_sin(r));
    default: return x87_double(-x87_cos(r));
    }
}

double cos(double x)
{
    long double r;

    if (__builtin_isnan(x))
        return x + x;
    if (__builtin_isinf(x))
        return x87_error(EDOM, NAN);
    switch (reduce(x, &r)) {
    case 0: return x87_double(x87_cos(r));
    case 1: return x87_double(-x87_sin(r));
    case 2: return x87_double(-x87_cos(r));
    default: return x87_double(x87_sin(r));
    }
}

double tan(double x)
{
    long double r;

    if (__builtin_isnan(x))
        return x + x;
    if (__builtin_isinf(x))
        return x87_error(EDOM, NAN);
    int n = reduce(x, &r);
    long double t = x87_tan(r);
    return x87_double(n & 1 ? -1 / t : t);
}

double atan(double x)
{
    return x87_double(x87_atan2(x, 1));
}

double atan2(double y, double x)
{
    if (__builtin_isnan(x) || __builtin_isnan(y))
        return x + y;
    return x87_double(x87_atan2(y, x));
}

double asin(double x)
{
    long double lx = x;

    if (__builtin_isnan(x))
        return x + x;
    if (__builtin_fabs(x) > 1)
        return x87_error(EDOM, NAN);
    return x87_double(x87_atan2(lx, x87_sqrt((1 - lx) * (1 + lx))));
}

double acos(double x)
{
    long double lx = x;

    if (__builtin_isnan(x))
        return x + x;
    if (__builtin_fabs(x) > 1)
        return x87_error(EDOM, NAN);
    return x87_double(x87_atan2(x87_sqrt((1 - lx) * (1 + lx)), lx));
}
