/* strtod, strtof and atof against glibc: fixed cases, and random decimal
 * strings. Strings of at most 15 significant digits with a small power of
 * ten (the common case) must give glibc's exact double; any other must be
 * within one unit in the last place. */
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
};

static void fixed_cases(void)
{
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        ok &= same_strtod(fixed[i], i < 16 ? 0 : 1);
    char *end;
    double hex = shmos_strtod("0x10", &end);
    ok &= tap_check(hex == 0 && *end == 'x', "no hex floats: \"0x10\" is 0 followed by x");
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
        char s[64];
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

void test_strtod(void)
{
    srand(4242);
    fixed_cases();
    /* 15 digits and e in [-7, 7]: 10^-22..10^7 in all, the exact range. */
    random_strings(50000, 15, 7, 0, "short numbers (exactly)");
    random_strings(50000, 25, 320, 1, "long numbers (within one ulp)");
}
