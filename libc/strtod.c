/* Strings to floating point: strtod, strtof, strtold, atof. Decimal
 * ("1.5e-3") and hexadecimal ("0x1.8p3") numbers, "inf", "infinity" and
 * "nan[(chars)]" in any case.
 *
 * Every result is correctly rounded (to nearest, ties to even), as glibc's
 * are: the number is an integer D times 10^E (or 2^E), which is turned
 * exactly into a big binary integer N times 2^e2 plus a "something was
 * left over" bit, then rounded once to the target's precision. For E < 0,
 * N is D * 2^s / 5^-E for an s that leaves N enough bits. Only the first
 * MAX_DIGITS significant digits are kept, the rest folded into that bit:
 * a double halfway between two neighbours never needs more than 767. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DIGITS 800
#define MAX_HEX    40                   /* 160 bits: more than any format's 64 + 2 */
#define EXP_LIMIT  100000               /* far beyond any format: saturates */

/* A binary format: its precision, the exponent of its smallest subnormal's
 * bit, and the power of two its values stay below. */
struct target {
    int bits, min_exp, max_exp;
};
static const struct target t_float = { 24, -149, 128 }, t_double = { 53, -1074, 1024 },
                           t_ldouble = { 64, -16445, 16384 };

/* A big natural number: w[0..n) in base 2^32, least significant first. */
struct big {
    uint32_t *w;
    int n;
};

/* b = b * f + add. */
static void big_mul_add(struct big *b, uint32_t f, uint32_t add)
{
    uint64_t carry = add;

    for (int i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->w[i] * f + carry;
        b->w[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry)
        b->w[b->n++] = (uint32_t)carry;
}

/* b = b / d; returns whether a remainder was left. */
static int big_div(struct big *b, uint32_t d)
{
    uint64_t rem = 0;

    for (int i = b->n - 1; i >= 0; i--) {
        uint64_t v = rem << 32 | b->w[i];
        b->w[i] = (uint32_t)(v / d);
        rem = v - (uint64_t)b->w[i] * d;
    }
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
    return rem != 0;
}

static void big_shl(struct big *b, int s)
{
    int words = s / 32, bits = s % 32;

    if (b->n == 0)
        return;
    b->w[b->n] = 0;
    for (int i = b->n; i >= 0; i--) {
        uint32_t hi = b->w[i] << bits, lo = bits && i > 0 ? b->w[i - 1] >> (32 - bits) : 0;
        b->w[i + words] = hi | lo;
    }
    for (int i = 0; i < words; i++)
        b->w[i] = 0;
    b->n += words + 1;
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
}

static int big_bits(const struct big *b)
{
    return b->n == 0 ? 0 : 32 * (b->n - 1) + 32 - __builtin_clz(b->w[b->n - 1]);
}

static int big_bit(const struct big *b, int i)
{
    return i >= 0 && i / 32 < b->n && (b->w[i / 32] >> (i % 32) & 1);
}

/* Whether any bit below bit i is set. */
static int big_any_below(const struct big *b, int i)
{
    if (i <= 0)
        return 0;
    for (int k = 0; k < i / 32 && k < b->n; k++)
        if (b->w[k])
            return 1;
    return i % 32 && i / 32 < b->n && (b->w[i / 32] & ((1u << (i % 32)) - 1));
}

/* The result of a conversion: mant * 2^low, or an overflow. */
struct result {
    uint64_t mant;
    int low;
    int overflow, range;    /* range: ERANGE (overflow, or tiny and inexact) */
};

/* Whether N * 2^e2 (top: the exponent of its top bit) is below t's
 * smallest normal after rounding to t's precision with an unbounded
 * exponent: glibc's (and x86's) test for underflow. */
static int tiny(const struct big *n, int e2, int top, const struct target *t)
{
    int normal = t->min_exp + t->bits - 1;

    if (top != normal - 1)
        return top < normal;
    /* Just below: only all ones rounding up reaches the smallest normal. */
    int from = top - t->bits + 1 - e2;
    for (int i = 0; i < t->bits; i++)
        if (!big_bit(n, from + i))
            return 1;
    return !big_bit(n, from - 1);
}

/* Rounds (N + a bit less than one if sticky) * 2^e2 to t; N != 0. */
static void round_big(const struct big *n, int e2, int sticky, const struct target *t,
                      struct result *r)
{
    int top = big_bits(n) - 1 + e2;
    int low = top - (t->bits - 1);

    if (low < t->min_exp)
        low = t->min_exp;
    int shift = low - e2;
    uint64_t mant = 0;
    for (int i = t->bits - 1; i >= 0; i--)
        mant = mant << 1 | (uint64_t)big_bit(n, shift + i);
    int half = big_bit(n, shift - 1);
    int rest = sticky || big_any_below(n, shift - 1);
    if (half && (rest || (mant & 1))) {
        mant++;
        if (t->bits < 64 ? mant >> t->bits : mant == 0) {
            mant = (uint64_t)1 << (t->bits - 1);
            low++;
        }
    }
    r->mant = mant;
    r->low = low;
    r->overflow = low + t->bits > t->max_exp;
    r->range = r->overflow || ((half || rest) && tiny(n, e2, top, t));
}

/* D * 10^e10 rounded to t, D being the nd digits at digs (no leading
 * zero), sticky if nonzero digits were dropped after them. */
static void convert_decimal(const char *digs, int nd, int sticky, long e10,
                            const struct target *t, struct result *r)
{
    long mag = nd + e10;                /* D * 10^e10 < 10^mag */

    r->mant = 0;
    r->low = 0;
    r->overflow = r->range = 0;
    if (mag - 1 > (long)t->max_exp * 30103 / 100000 + 1) {
        r->overflow = r->range = 1;
        return;
    }
    if (mag < (long)t->min_exp * 30103 / 100000 - 2) {
        r->range = 1;                   /* below half the smallest subnormal */
        return;
    }
    int k = e10 < 0 ? (int)-e10 : 0;
    int s = k ? t->bits + 3 + (k * 3322 + 999) / 1000 + 32 : 0;
    int limbs = (nd * 3322 / 1000 + (e10 > 0 ? e10 * 3322 / 1000 : 0) + s) / 32 + 4;
    uint32_t w[limbs];
    struct big n = { w, 0 };

    for (int i = 0; i < nd;) {
        uint32_t chunk = 0, f = 1;
        for (int j = 0; j < 9 && i < nd; j++, i++) {
            chunk = chunk * 10 + (uint32_t)(digs[i] - '0');
            f *= 10;
        }
        if (n.n == 0)
            w[n.n++] = chunk;
        else
            big_mul_add(&n, f, chunk);
    }
    int e2 = 0;
    if (e10 > 0) {
        long e = e10;
        for (; e >= 9; e -= 9)
            big_mul_add(&n, 1000000000u, 0);
        uint32_t f = 1;
        while (e-- > 0)
            f *= 10;
        big_mul_add(&n, f, 0);
    } else if (k > 0) {
        big_shl(&n, s);
        for (; k >= 13; k -= 13)
            sticky |= big_div(&n, 1220703125u);     /* 5^13 */
        uint32_t f = 1;
        while (k-- > 0)
            f *= 5;
        sticky |= big_div(&n, f);
        e2 = (int)e10 - s;                         /* / 2^k, and undo the shift */
    }
    round_big(&n, e2, sticky, t, r);
}

/* The hexadecimal digit value of c, or -1. */
static int hexval(int c)
{
    if (isdigit(c))
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reads an optional exponent ('e' or 'p' given as marker) at *p into *e,
 * advancing *p only if one is there. */
static void exponent(const char **p, int marker, long *e)
{
    const char *q = *p;
    long x = 0;

    if (tolower((unsigned char)*q) != marker)
        return;
    q++;
    int negative = *q == '-';
    if (*q == '+' || *q == '-')
        q++;
    if (!isdigit((unsigned char)*q))
        return;
    for (; isdigit((unsigned char)*q); q++)
        if (x < EXP_LIMIT)
            x = x * 10 + (*q - '0');
    *e += negative ? -x : x;
    *p = q;
}

/* Parses "0x..." after the sign at *p (which points at the '0'); 0 if
 * there is no hex digit after the "0x" (then only the '0' counts). */
static int parse_hex(const char **p, const struct target *t, struct result *r)
{
    const char *q = *p + 2;
    uint32_t w[MAX_HEX / 8 + 2];
    struct big n = { w, 0 };
    int kept = 0, sticky = 0, any = 0, point = 0;
    long e2 = 0;

    for (;; q++) {
        int v = hexval((unsigned char)*q);
        if (*q == '.' && !point) {
            point = 1;
            continue;
        }
        if (v < 0)
            break;
        any = 1;
        if (kept == 0 && v == 0) {
            e2 -= point ? 4 : 0;
        } else if (kept < MAX_HEX) {
            if (n.n == 0)
                w[n.n++] = (uint32_t)v;
            else
                big_mul_add(&n, 16, (uint32_t)v);
            kept++;
            e2 -= point ? 4 : 0;
        } else {
            sticky |= v != 0;
            e2 += point ? 0 : 4;
        }
    }
    if (!any)
        return 0;
    exponent(&q, 'p', &e2);
    *p = q;
    r->mant = 0;
    r->low = 0;
    r->overflow = r->range = 0;
    if (n.n == 0)
        return 1;
    long top = e2 + big_bits(&n);
    if (top > t->max_exp + 1) {
        r->overflow = r->range = 1;
    } else if (top < t->min_exp - 1) {
        r->range = 1;
    } else {
        round_big(&n, (int)e2, sticky, t, r);
    }
    return 1;
}

/* Length of an "inf", "infinity" or "nan[(chars)]" at s (any case), 0 if
 * none; *nan tells which. */
static size_t special(const char *s, int *nan)
{
    *nan = 0;
    if (strncasecmp(s, "inf", 3) == 0)
        return strncasecmp(s, "infinity", 8) == 0 ? 8 : 3;
    if (strncasecmp(s, "nan", 3) != 0)
        return 0;
    *nan = 1;
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

/* What the string at s says, converted for t: *kind is 0 for a number in
 * *r, 1 for infinity, 2 for a NaN; *negative its sign. Sets *end and
 * errno as strtod does. */
static void parse(const char *s, char **end, const struct target *t, struct result *r,
                  int *kind, int *negative)
{
    const char *p = s;
    char digs[MAX_DIGITS];
    int nd = 0, sticky = 0, any = 0;
    long e10 = 0;

    r->mant = 0;
    r->low = 0;
    r->overflow = r->range = 0;
    *kind = 0;
    *negative = 0;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *negative = *p++ == '-';
    int nan;
    size_t n = special(p, &nan);
    if (n > 0) {
        p += n;
        *kind = 1 + nan;
        goto done;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && parse_hex(&p, t, r))
        goto range;
    for (int point = 0;; p++) {
        if (*p == '.' && !point) {
            point = 1;
            continue;
        }
        if (!isdigit((unsigned char)*p))
            break;
        any = 1;
        if (nd == 0 && *p == '0') {
            e10 -= point;                   /* a leading zero */
        } else if (nd < MAX_DIGITS) {
            digs[nd++] = *p;
            e10 -= point;
        } else {
            sticky |= *p != '0';            /* a dropped digit still counts */
            e10 += !point;
        }
    }
    if (!any) {
        p = s;                              /* no number: nothing is consumed */
        *negative = 0;
        goto done;
    }
    exponent(&p, 'e', &e10);
    if (nd > 0)
        convert_decimal(digs, nd, sticky, e10, t, r);
range:
    if (r->overflow)
        *kind = 1;
    if (r->range)
        errno = ERANGE;
done:
    if (end)
        *end = (char *)p;
}

double strtod(const char *restrict s, char **restrict end)
{
    struct result r;
    int kind, negative;
    union { double x; uint64_t bits; } u;

    parse(s, end, &t_double, &r, &kind, &negative);
    if (kind == 2)
        return negative ? -__builtin_nan("") : __builtin_nan("");
    if (kind == 1)
        u.bits = (uint64_t)0x7ff << 52;
    else if (r.mant >> 52)
        u.bits = (uint64_t)(r.low + 1075) << 52 | (r.mant & (((uint64_t)1 << 52) - 1));
    else
        u.bits = r.mant;
    u.bits |= (uint64_t)negative << 63;
    return u.x;
}

float strtof(const char *restrict s, char **restrict end)
{
    struct result r;
    int kind, negative;
    union { float x; uint32_t bits; } u;

    parse(s, end, &t_float, &r, &kind, &negative);
    if (kind == 2)
        return negative ? -__builtin_nanf("") : __builtin_nanf("");
    if (kind == 1)
        u.bits = (uint32_t)0xff << 23;
    else if (r.mant >> 23)
        u.bits = (uint32_t)(r.low + 150) << 23 | (uint32_t)(r.mant & ((1u << 23) - 1));
    else
        u.bits = (uint32_t)r.mant;
    u.bits |= (uint32_t)negative << 31;
    return u.x;
}

long double strtold(const char *restrict s, char **restrict end)
{
    struct result r;
    int kind, negative;
    union { long double x; struct { uint64_t m; uint16_t se; } p; } u;

    parse(s, end, &t_ldouble, &r, &kind, &negative);
    if (kind == 2)
        return negative ? -__builtin_nanl("") : __builtin_nanl("");
    memset(&u, 0, sizeof u);
    if (kind == 1) {
        u.p.m = (uint64_t)1 << 63;
        u.p.se = 0x7fff;
    } else {
        u.p.m = r.mant;
        u.p.se = r.mant >> 63 ? (uint16_t)(r.low + 16446) : 0;
    }
    u.p.se |= (uint16_t)(negative << 15);
    return u.x;
}

double atof(const char *s)
{
    return strtod(s, NULL);
}
