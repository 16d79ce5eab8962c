/* <math.h> against glibc's libm: every function on its special values and
 * on thousands of random arguments over its whole domain. The exact
 * functions must give glibc's bits; the others must be within one unit in
 * the last place of glibc's result (glibc is within about half a unit of
 * the true value, and so is shmos's, computed in 64-bit precision). */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

typedef double (*fn1)(double);
typedef double (*fn2)(double, double);

static uint64_t rnd64(void)
{
    return ((uint64_t)(unsigned)rand() << 42) ^ ((uint64_t)(unsigned)rand() << 21) ^ (unsigned)rand();
}

static double any_double(void)
{
    uint64_t u = rnd64();
    double d;

    memcpy(&d, &u, sizeof d);
    return d;
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * ((double)(rnd64() >> 11) / 0x1p53);
}

/* The distance in ulps between two doubles (0 for two NaNs, huge for a NaN
 * and a number). */
static uint64_t ulp_distance(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : UINT64_MAX;
    int64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    if (x < 0)
        x = INT64_MIN - x;
    if (y < 0)
        y = INT64_MIN - y;
    return x > y ? (uint64_t)x - (uint64_t)y : (uint64_t)y - (uint64_t)x;
}

static int close_enough(const char *name, double x, double y, double mine, double ref,
                        uint64_t max_ulps)
{
    uint64_t d = ulp_distance(mine, ref);

    if (d <= max_ulps && (d != 0 || isnan(ref) || signbit(mine) == signbit(ref)))
        return 1;
    char what[160];
    snprintf(what, sizeof what, "%s(%a, %a) = %a, glibc %a (%llu ulps)", name, x, y, mine, ref,
             (unsigned long long)d);
    return tap_check(0, "%s", what);
}

static const double specials[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, 10.0, 0.1, 1e-300, -1e-300, 5e-324, -5e-324,
    DBL_MIN, DBL_MAX, -DBL_MAX, 1e300, 700.0, 710.0, -745.0, -746.0, 1e22, 0x1p52 + 0.5, 2.5,
    -2.5, 0.49999999999999994, 1.5707963267948966, 3.141592653589793, 1e-8, 1 + 0x1p-52,
    1 - 0x1p-53, 0x1p32, 0x1.fffffffffffffp31, 6.7e9, 1e15, 1e100, INFINITY, -INFINITY, NAN,
};
#define NSPECIALS (sizeof specials / sizeof specials[0])

/* f against g on the specials and on rounds arguments from gen. */
static void one_arg(const char *name, fn1 f, fn1 g, uint64_t max_ulps, double (*gen)(int), int rounds)
{
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < NSPECIALS; i++)
        ok &= close_enough(name, specials[i], 0, f(specials[i]), g(specials[i]), max_ulps);
    for (int i = 0; i < rounds; i++) {
        double x = gen(i);
        ok &= close_enough(name, x, 0, f(x), g(x), max_ulps);
    }
    tap_ok(ok, "%s matches glibc %s on %zu special and %d random arguments", name,
           max_ulps ? "to 1 ulp" : "exactly", NSPECIALS, rounds);
}

static void two_args(const char *name, fn2 f, fn2 g, uint64_t max_ulps, double (*gen)(int, int),
                     int rounds)
{
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < NSPECIALS; i++)
        for (size_t j = 0; j < NSPECIALS; j++)
            ok &= close_enough(name, specials[i], specials[j], f(specials[i], specials[j]),
                               g(specials[i], specials[j]), max_ulps);
    for (int i = 0; i < rounds; i++) {
        double x = gen(i, 0), y = gen(i, 1);
        ok &= close_enough(name, x, y, f(x, y), g(x, y), max_ulps);
    }
    tap_ok(ok, "%s matches glibc %s on %zu special pairs and %d random ones", name,
           max_ulps ? "to 1 ulp" : "exactly", NSPECIALS * NSPECIALS, rounds);
}

/* Argument generators: i picks among the kinds. */
static double g_any(int i) { return i % 2 ? any_double() : uniform(-100, 100); }
static double g_positive(int i)
{
    return i % 3 == 0 ? fabs(any_double()) : i % 3 == 1 ? uniform(0.5, 2) : 1 + uniform(-1e-6, 1e-6);
}
static double g_exp(int i) { return i % 2 ? uniform(-745, 710) : uniform(-2, 2); }
static double g_exp2(int i) { return i % 2 ? uniform(-1075, 1024) : uniform(-2, 2); }
static double g_expm1(int i) { return i % 2 ? uniform(-40, 709) : uniform(-1e-3, 1e-3); }
static double g_log1p(int i) { return i % 2 ? uniform(-1, 1) : fabs(any_double()); }
static double g_trig(int i)
{
    return i % 4 == 0 ? uniform(-7, 7) : i % 4 == 1 ? uniform(-1e6, 1e6)
         : i % 4 == 2 ? uniform(-1e10, 1e10) : any_double();
}
static double g_unit(int i) { return i % 2 ? uniform(-1, 1) : uniform(-1e-5, 1e-5); }
static double g_hyper(int i) { return i % 3 == 0 ? uniform(-30, 30) : i % 3 == 1 ? uniform(-712, 712) : uniform(-1e-4, 1e-4); }
static double g_pair(int i, int which) { (void)which; return i % 2 ? any_double() : uniform(-1e3, 1e3); }
static double g_pow(int i, int which)
{
    if (which == 0)
        return i % 3 == 0 ? fabs(any_double()) : i % 3 == 1 ? uniform(0, 10) : -(double)(rand() % 20);
    return i % 3 == 0 ? uniform(-2, 2) : i % 3 == 1 ? uniform(-300, 300) : (double)(rand() % 40 - 20);
}

/* modf and frexp: both results, bit for bit. */
static void modf_frexp(int rounds)
{
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds + (int)NSPECIALS; i++) {
        double x = i < (int)NSPECIALS ? specials[i] : g_any(i);
        double ip1, ip2, f1 = shmos_modf(x, &ip1), f2 = modf(x, &ip2);
        ok &= close_enough("modf", x, 0, f1, f2, 0) & close_enough("modf's integer part", x, 0, ip1, ip2, 0);
        int e1 = 0, e2 = 0;
        f1 = shmos_frexp(x, &e1);
        f2 = frexp(x, &e2);
        ok &= close_enough("frexp", x, e2, f1, f2, 0) & tap_check(e1 == e2, "frexp: exponent %d, glibc %d", e1, e2);
    }
    tap_ok(ok, "modf and frexp match glibc exactly on %d arguments", rounds);
}

static void ldexp_and_errno(void)
{
    int ok = 1;

    tap_begin();
    for (int i = 0; i < 20000; i++) {
        double x = i % 2 ? any_double() : uniform(-4, 4);
        int e = (int)(rnd64() % 2300) - 1150;
        ok &= close_enough("ldexp", x, e, shmos_ldexp(x, e), ldexp(x, e), 0);
    }
    shmos_errno = 0;
    ok &= tap_check(isnan(shmos_sqrt(-1)) && shmos_errno == EDOM, "sqrt(-1): EDOM");
    shmos_errno = 0;
    ok &= tap_check(shmos_log(0) == -INFINITY && shmos_errno == ERANGE, "log(0): -inf, ERANGE");
    shmos_errno = 0;
    ok &= tap_check(isnan(shmos_log(-1)) && shmos_errno == EDOM, "log(-1): EDOM");
    shmos_errno = 0;
    ok &= tap_check(shmos_exp(1000) == INFINITY && shmos_errno == ERANGE, "exp(1000): inf, ERANGE");
    shmos_errno = 0;
    ok &= tap_check(shmos_pow(0, -1) == INFINITY && shmos_errno == ERANGE, "pow(0, -1): ERANGE");
    shmos_errno = 0;
    ok &= tap_check(shmos_pow(10, 400) == INFINITY && shmos_errno == ERANGE, "pow(10, 400): ERANGE");
    shmos_errno = 0;
    ok &= tap_check(isnan(shmos_pow(-2, 0.5)) && shmos_errno == EDOM, "pow(-2, 0.5): EDOM");
    shmos_errno = 0;
    ok &= tap_check(isnan(shmos_acos(2)) && shmos_errno == EDOM, "acos(2): EDOM");
    shmos_errno = 0;
    ok &= tap_check(isnan(shmos_fmod(1, 0)) && shmos_errno == EDOM, "fmod(1, 0): EDOM");
    shmos_errno = 0;
    ok &= tap_check(isnan(shmos_sin(INFINITY)) && shmos_errno == EDOM, "sin(inf): EDOM");
    shmos_errno = 0;
    ok &= tap_check(shmos_sqrt(4) == 2 && shmos_exp(0) == 1 && shmos_errno == 0, "no error: errno stays 0");
    tap_ok(ok, "ldexp matches glibc exactly on 20000 random arguments; errno on domain and range errors");
}

void test_math(void)
{
    srand(777);
    one_arg("sqrt", shmos_sqrt, sqrt, 0, g_positive, 20000);
    one_arg("exp", shmos_exp, exp, 1, g_exp, 20000);
    one_arg("exp2", shmos_exp2, exp2, 1, g_exp2, 20000);
    one_arg("expm1", shmos_expm1, expm1, 1, g_expm1, 20000);
    one_arg("log", shmos_log, log, 1, g_positive, 20000);
    one_arg("log2", shmos_log2, log2, 1, g_positive, 20000);
    one_arg("log10", shmos_log10, log10, 1, g_positive, 20000);
    one_arg("log1p", shmos_log1p, log1p, 1, g_log1p, 20000);
    one_arg("cbrt", shmos_cbrt, cbrt, 1, g_any, 20000);
    one_arg("sin", shmos_sin, sin, 1, g_trig, 40000);
    one_arg("cos", shmos_cos, cos, 1, g_trig, 40000);
    one_arg("tan", shmos_tan, tan, 1, g_trig, 40000);
    one_arg("asin", shmos_asin, asin, 1, g_unit, 20000);
    one_arg("acos", shmos_acos, acos, 1, g_unit, 20000);
    one_arg("atan", shmos_atan, atan, 1, g_any, 20000);
    one_arg("sinh", shmos_sinh, sinh, 1, g_hyper, 20000);
    one_arg("cosh", shmos_cosh, cosh, 1, g_hyper, 20000);
    one_arg("tanh", shmos_tanh, tanh, 1, g_hyper, 20000);
    one_arg("fabs", shmos_fabs, fabs, 0, g_any, 5000);
    one_arg("floor", shmos_floor, floor, 0, g_any, 20000);
    one_arg("ceil", shmos_ceil, ceil, 0, g_any, 20000);
    one_arg("trunc", shmos_trunc, trunc, 0, g_any, 20000);
    one_arg("round", shmos_round, round, 0, g_any, 20000);
    modf_frexp(20000);
    two_args("atan2", shmos_atan2, atan2, 1, g_pair, 20000);
    two_args("pow", shmos_pow, pow, 1, g_pow, 40000);
    two_args("hypot", shmos_hypot, hypot, 1, g_pair, 20000);
    two_args("fmod", shmos_fmod, fmod, 0, g_pair, 20000);
    ldexp_and_errno();
}
