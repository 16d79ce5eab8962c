/* Exact decimal expansions of binary floating-point values, for printf's
 * %e %f %g. A value m * 2^e2 is a fraction whose denominator is a power of
 * two, so it has a finite decimal expansion: m * 2^e2 itself when e2 >= 0,
 * m * 5^-e2 / 10^-e2 otherwise. That integer is built in base 10^9, whose
 * limbs are the digits nine at a time, and rounding to any number of
 * digits is then exact (ties to even, as glibc does in the default
 * rounding mode). */
#include <stdint.h>
#include "libc.h"

#define BASE 1000000000u

static const uint32_t pow10[10] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

int __decimal_limbs(int e2)
{
    /* digits(m) <= 20; 5^k has under 0.7k + 1 digits, 2^k under 0.302k + 1;
     * one limb more for a carry out of rounding. */
    int digits = e2 < 0 ? 21 + (-e2 * 7 + 9) / 10 : 21 + (e2 * 31 + 99) / 100;
    return digits / 9 + 3;
}

/* d *= f (f < 2^32 / 4, so limb * f + carry fits in 64 bits). */
static void mul_small(struct __decimal *d, uint32_t f)
{
    uint64_t carry = 0;

    for (int i = 0; i < d->nlimbs; i++) {
        uint64_t v = (uint64_t)d->limb[i] * f + carry;
        carry = v / BASE;
        d->limb[i] = (uint32_t)(v - carry * BASE);
    }
    while (carry) {
        d->limb[d->nlimbs++] = (uint32_t)(carry % BASE);
        carry /= BASE;
    }
}

/* Recounts lead and ndigits after the limbs changed; point moves with the
 * number of digits. */
static void normalize(struct __decimal *d)
{
    int old_total = d->total;

    while (d->nlimbs > 1 && d->limb[d->nlimbs - 1] == 0)
        d->nlimbs--;
    uint32_t top = d->limb[d->nlimbs - 1];
    d->lead = 1;
    while (d->lead < 9 && top >= pow10[d->lead])
        d->lead++;
    d->total = d->lead + 9 * (d->nlimbs - 1);
    d->point += d->total - old_total;
    int zeros = 0, i = 0;
    for (; i < d->nlimbs - 1 && d->limb[i] == 0; i++)
        zeros += 9;
    for (uint32_t v = d->limb[i]; v != 0 && v % 10 == 0; v /= 10)
        zeros++;
    d->ndigits = top == 0 ? 0 : d->total - zeros;
    if (d->ndigits == 0)
        d->point = 0;
}

void __decimal_init(struct __decimal *d, uint32_t *limbs, uint64_t m, int e2)
{
    d->limb = limbs;
    d->nlimbs = 0;
    /* Trailing zero bits only cost work. */
    while (m != 0 && (m & 1) == 0) {
        m >>= 1;
        e2++;
    }
    do {
        d->limb[d->nlimbs++] = (uint32_t)(m % BASE);
        m /= BASE;
    } while (m != 0);
    if (e2 >= 0) {
        for (; e2 >= 29; e2 -= 29)
            mul_small(d, (uint32_t)1 << 29);
        mul_small(d, (uint32_t)1 << e2);
    } else {
        int k = -e2;
        for (; k >= 13; k -= 13)
            mul_small(d, 1220703125u);          /* 5^13 */
        uint32_t f = 1;
        while (k-- > 0)
            f *= 5;
        mul_small(d, f);
    }
    d->total = 0;
    d->point = 0;
    normalize(d);
    d->point = e2 < 0 ? d->total + e2 : d->total;
    if (d->ndigits == 0)
        d->point = 0;
}

int __decimal_digit(const struct __decimal *d, int i)
{
    if (i < 0 || i >= d->ndigits)
        return 0;
    int pos = i + 9 - d->lead;
    return (int)(d->limb[d->nlimbs - 1 - pos / 9] / pow10[8 - pos % 9] % 10);
}

void __decimal_round(struct __decimal *d, int keep)
{
    if (keep >= d->ndigits)
        return;
    int next = keep < 0 ? 0 : __decimal_digit(d, keep);
    int up = next > 5 || (next == 5 && (keep + 1 < d->ndigits || (__decimal_digit(d, keep - 1) & 1)));

    if (keep <= 0) {
        /* Nothing kept: 0, or one unit of the digit before the first. */
        d->nlimbs = 1;
        d->limb[0] = up;
        d->lead = 1;
        d->total = 1;
        d->ndigits = up;
        d->point = up ? d->point + 1 : 0;
        return;
    }
    int pos = keep - 1 + 9 - d->lead;              /* of the last digit kept */
    int li = d->nlimbs - 1 - pos / 9;
    uint32_t unit = pow10[8 - pos % 9];

    d->limb[li] -= d->limb[li] % unit;
    for (int i = 0; i < li; i++)
        d->limb[i] = 0;
    for (int i = li; up; i++) {
        if (i == d->nlimbs)
            d->limb[d->nlimbs++] = 0;
        uint32_t v = d->limb[i] + unit;
        up = v >= BASE;
        d->limb[i] = up ? v - BASE : v;
        unit = 1;
    }
    normalize(d);
}
