/* strtod, strtof, strtold and atof against glibc: fixed cases, random
 * decimal and hexadecimal strings, and the exact halfway points between
 * neighbouring doubles (and a digit either side of them). glibc rounds
 * correctly, so every result must be its exact value, ERANGE included. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

/* Distance between two finite doubles of the same sign, in units in the
 * last place. */
static uint64_t ulps(double a, double b)
{
    int64_t x, y;

    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x > y ? (uint64_t)(x - y) : (uint64_t)(y - x);
}

/* v as glibc's %.*g shows it, into buf[32] (the TAP output formats no
 * floating point). */
static const char *g(char *buf, int precision, double v)
{
    snprintf(buf, 32, "%.*g", precision, v);
    return buf;
}

/* Converts s with both libcs; returns 1 if the values agree (to max_ulps),
 * as do the ends and ERANGE. */
static int same_strtod(const char *s, uint64_t max_ulps)
{
    char *e1, *e2;

    shmos_errno = 0;
    errno = 0;
    double mine = shmos_strtod(s, &e1), ref = strtod(s, &e2);
    int range1 = shmos_errno == ERANGE, range2 = errno == ERANGE;
    int same_value = isnan(ref) ? isnan(mine) != 0
                   : signbit(mine) == signbit(ref) && (mine == ref || (isfinite(mine) && isfinite(ref)
                                                                        && ulps(mine, ref) <= max_ulps));
    if (same_value && e1 == e2 && range1 == range2)
        return 1;
    char got[32], want[32];
    return tap_check(0, "strtod(\"%s\"): %s (end +%d%s), glibc %s (end +%d%s)", s,
                     g(got, 17, mine), (int)(e1 - s), range1 ? ", ERANGE" : "",
                     g(want, 17, ref), (int)(e2 - s), range2 ? ", ERANGE" : "");
}

static const char *const fixed[] = {
    "0", "-0", "1", "-1", "3.14", "2.5", "0.1", "0.2", "0.3", "1e10", "1E-10", "1e22", "1e23",
    "123456789", "123456789012345", "1234567890123456789", "12345678901234567890123",
    "0.000001", "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "1e309",
    "-1e309", "1e-400", "  \t 42", "+7", ".5", "5.", "1e", "1e+", "1e-x", "abc", "", "-",
    "inf", "-INF", "Infinity", "infinit", "nan", "NaN", "nan(123)", "nan(", "1.5e3xyz",
    "000000000000000000000001.5", "0.00000000000000000000000000001", "9007199254740993",
    "2.2250738585072012e-308", "2.2250738585072011e-308", "2.4703282292062327e-324",
    "2.4703282292062328e-324", "4.9406564584124654e-324", "1.7976931348623158e308",
    "1.797693134862315807e308", "1.7976931348623159e308", "0x10", "0x1.8p3", "-0x.8p-2", "0x",
    "0x.p1", "0X1P+4", "0x1p", "0x1p-1074", "0x1.8p-1074", "0x1p-1075", "0x1.0000000000001p-1075",
    "0x1fffffffffffff.8p0", "0x1fffffffffffff.80000000000000000000001p0", "0x1p1024",
    "0x1.fffffffffffff7p1023", "0x1.fffffffffffff8p1023", "1e-4000", "1e4000", "0e99999",
    "123456789012345678901234567890e-40", "0.000000000000000000000000000000000000001e39",
    "9007199254740992.9999999999999999999999999999999999999999999999999999999999999999999",
};

static void fixed_cases(void)
{
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        ok &= same_strtod(fixed[i], 0);
    char *end;
    ok &= tap_check(shmos_atof("2.75") == 2.75, "atof");
    float f = shmos_strtof("0.1", &end);
    char shown[32];
    ok &= tap_check(f == 0.1f && *end == '\0', "strtof(0.1) = %s", g(shown, 9, f));
    shmos_errno = 0;
    f = shmos_strtof("1e39", &end);
    ok &= tap_check(isinf(f) && shmos_errno == ERANGE, "strtof(1e39) overflows: %s", g(shown, 6, f));
    tap_ok(ok, "strtod matches glibc on %zu fixed strings; strtof, atof", sizeof fixed / sizeof fixed[0]);
}

/* Random strings: a mantissa of 1..digits digits with a decimal point
 * somewhere, and an exponent in [-exp, exp]. */
static void random_strings(int rounds, int digits, int exp, uint64_t max_ulps, const char *what)
{
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        char s[128];
        int n = 1 + rand() % digits, point = rand() % (n + 1), len = 0;
        if (rand() % 4 == 0)
            s[len++] = '-';
        for (int k = 0; k < n; k++) {
            if (k == point && k > 0)
                s[len++] = '.';
            s[len++] = (char)('0' + rand() % 10);
        }
        snprintf(s + len, sizeof s - len, "e%d", rand() % (2 * exp + 1) - exp);
        ok &= same_strtod(s, max_ulps);
    }
    tap_ok(ok, "strtod matches glibc on %d random %s", rounds, what);
}

/* strtof and strtold of s agree with glibc's (value bits, end, ERANGE). */
static int same_other(const char *s)
{
    char *e1, *e2;

    shmos_errno = 0;
    errno = 0;
    float f1 = shmos_strtof(s, &e1), f2 = strtof(s, &e2);
    int r1 = shmos_errno == ERANGE, r2 = errno == ERANGE;
    int ok = tap_check((memcmp(&f1, &f2, sizeof f1) == 0 || (isnan(f1) && isnan(f2))) && e1 == e2
                       && r1 == r2, "strtof(\"%s\"): %a%s, glibc %a%s", s, (double)f1,
                       r1 ? " ERANGE" : "", (double)f2, r2 ? " ERANGE" : "");
    shmos_errno = 0;
    errno = 0;
    long double l1 = shmos_strtold(s, &e1), l2 = strtold(s, &e2);
    r1 = shmos_errno == ERANGE;
    r2 = errno == ERANGE;
    ok &= tap_check((memcmp(&l1, &l2, 10) == 0 || (isnan(l1) && isnan(l2))) && e1 == e2 && r1 == r2,
                    "strtold(\"%s\"): %La%s, glibc %La%s", s, l1, r1 ? " ERANGE" : "", l2,
                    r2 ? " ERANGE" : "");
    return ok;
}

/* The exact midpoints between random neighbouring doubles, written out in
 * full, and the same strings one unit in their last digit up and down. */
static void halfway(int rounds)
{
    static char s[1200];
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        uint64_t bits = ((uint64_t)(unsigned)rand() << 32 | (unsigned)rand()) & 0x7fefffffffffffffULL;
        if (i % 4 == 0)
            bits &= 0x000fffffffffffffULL;              /* subnormals */
        else if (i % 4 == 1)
            bits = (bits & 0x800fffffffffffffULL) | (uint64_t)(1023 + rand() % 80 - 40) << 52;
        double a, b;
        memcpy(&a, &bits, sizeof a);
        b = nextafter(a, INFINITY);
        long double mid = ((long double)a + b) / 2;    /* exact: 54 bits */
        snprintf(s, sizeof s, "%.1100Le", mid);
        char *e = strchr(s, 'e'), *z = e;
        while (z[-1] == '0')
            z--;
        memmove(z, e, strlen(e) + 1);
        ok &= same_strtod(s, 0);
        for (char *d = z - 1; d > s && *d != '.'; d--)
            if (*d > '0' && *d < '9') {
                (*d)++;
                ok &= same_strtod(s, 0);
                *d = (char)(*d - 2);
                ok &= same_strtod(s, 0);
                break;
            }
    }
    tap_ok(ok, "strtod rounds %d exact halfway points (and their neighbours) like glibc", rounds);
}

static void random_hex(int rounds)
{
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        char s[64];
        int len = sprintf(s, "%s0x", rand() % 2 ? "-" : "");
        int n = 1 + rand() % 20, point = rand() % (n + 1);
        for (int k = 0; k < n; k++) {
            if (k == point && k > 0)
                s[len++] = '.';
            s[len++] = "0123456789abcdefABCDEF"[rand() % 22];
        }
        sprintf(s + len, "p%d", rand() % 2400 - 1200);
        ok &= same_strtod(s, 0) & same_other(s);
    }
    tap_ok(ok, "strtod, strtof and strtold match glibc on %d random hex floats", rounds);
}

static void floats_and_long_doubles(int rounds)
{
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        ok &= same_other(fixed[i]);
    static const char *const more[] = {
        "1e-45", "7e-46", "7.1e-46", "1.4e-45", "3.4028235e38", "3.4028236e38", "1e4933",
        "3.6e-4951", "1e-4951", "1.18973149535723176502e4932", "0x1p-16445", "0x1p16384",
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        ok &= same_other(more[i]);
    for (int i = 0; i < rounds; i++) {
        char s[80];
        int n = 1 + rand() % 30, len = 0;
        for (int k = 0; k < n; k++)
            s[len++] = (char)('0' + rand() % 10);
        int range = i % 2 ? 50 : 5000;
        snprintf(s + len, sizeof s - len, "e%d", rand() % (2 * range + 1) - range);
        ok &= same_other(s);
    }
    tap_ok(ok, "strtof and strtold match glibc on fixed and %d random strings", rounds);
}

void test_strtod(void)
{
    srand(4242);
    fixed_cases();
    random_strings(50000, 15, 7, 0, "short numbers");
    random_strings(50000, 25, 330, 0, "long numbers");
    random_strings(5000, 60, 400, 0, "numbers of up to 60 digits");
    halfway(3000);
    random_hex(5000);
    floats_and_long_doubles(5000);
}
