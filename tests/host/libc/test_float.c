/* printf's %e %E %f %F %g %G %a %A against glibc: every flag, width and
 * precision, on edge values and on random bit patterns over the whole
 * range of double and long double (glibc prints the exact binary value,
 * rounded to nearest with ties to even; so must shmos). */
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static char mine[16384], ref[16384];

/* Formats v with fmt in both libcs; 1 if they agree, else reports it. */
#define AGREE(fmt, v) agree(fmt, shmos_snprintf(mine, sizeof mine, fmt, v), \
                            snprintf(ref, sizeof ref, fmt, v))

static int agree(const char *fmt, int r1, int r2)
{
    if (r1 == r2 && strcmp(mine, ref) == 0)
        return 1;
    if (strlen(mine) > 200)
        strcpy(mine + 190, "...");
    if (strlen(ref) > 200)
        strcpy(ref + 190, "...");
    return tap_check(0, "format \"%s\": got %d \"%s\", glibc %d \"%s\"", fmt, r1, mine, r2, ref);
}

static uint64_t rnd64(void)
{
    return ((uint64_t)(unsigned)rand() << 42) ^ ((uint64_t)(unsigned)rand() << 21) ^ (unsigned)rand();
}

/* A random conversion spec of conv with a length modifier len. */
static void random_fmt(char *fmt, char conv, const char *len, int maxprec)
{
    static const char flags[] = "-+ 0#";
    char *p = fmt;

    *p++ = '<';
    *p++ = '%';
    for (int i = 0; i < 5; i++)
        if (rand() % 4 == 0)
            *p++ = flags[i];
    if (rand() % 3 == 0)
        p += sprintf(p, "%d", rand() % 30);
    int pr = rand() % 4;
    if (pr == 1)
        p += sprintf(p, ".%d", rand() % (maxprec + 1));
    else if (pr == 2)
        p += sprintf(p, ".%d", rand() % 20);
    else if (pr == 3 && rand() % 4 == 0)
        *p++ = '.';
    sprintf(p, "%s%c>", len, conv);
}

static double random_double(void)
{
    uint64_t bits = rnd64();
    double v;

    switch (rand() % 4) {
    case 0:             /* anything: every exponent, subnormals, inf, nan */
        break;
    case 1:             /* moderate magnitudes */
        bits = (bits & 0x800fffffffffffffULL) | (uint64_t)(1023 - 30 + rand() % 60) << 52;
        break;
    case 2:             /* few significant bits: ties */
        bits = (bits & 0x8000000000000000ULL) | (uint64_t)(1023 - 20 + rand() % 40) << 52
             | (bits & 0xfffffULL) << 32;
        break;
    default: {          /* short decimals */
        char buf[32];
        snprintf(buf, sizeof buf, "%d.%0*de%d", rand() % 1000, rand() % 4, rand() % 1000, rand() % 40 - 20);
        return strtod(buf, NULL);
    }
    }
    memcpy(&v, &bits, sizeof v);
    return v;
}

static void edge_values(void)
{
    static const double values[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.1, 1.0 / 3, 123.456, 9.5, 99.5, 0.05, 0.000123,
        2.718281828, 1e-5, 1e-4, 99999.5, 999999.5, 1e15, 1e16, 1e17, 9.999999e-5, 0.00001234,
        5e-324, 2.2250738585072009e-308, 2.2250738585072014e-308, 1.7976931348623157e308,
        1e300, 1e-300, 4.5, 5.5, 0.25, 0.125, 1e21, 123456789012345678.0, 1e100,
    };
    static const char *const fmts[] = {
        "%e", "%E", "%.0e", "%#.0e", "%.2e", "%.20e", "%15.3e", "%-15.3e|", "%+e", "% e", "%015.3e",
        "%g", "%G", "%.0g", "%#g", "%#.3g", "%.1g", "%.2g", "%.10g", "%.17g", "%.30g", "%12g",
        "%-12g|", "%012g", "%+g", "%#.0g", "%a", "%A", "%.0a", "%.1a", "%.3a", "%#a", "%#.0a",
        "%20a", "%-20a|", "%020a", "%+a", "% a", "%.20a", "%f", "%.0f", "%#.0f", "%.3f", "%.30f",
        "%.400f", "%.800e", "%.800g", "%Lf",
    };
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++)
            if (strcmp(fmts[j], "%Lf") != 0)
                ok &= AGREE(fmts[j], values[i]);
    ok &= AGREE("%e", INFINITY) & AGREE("%E", -INFINITY) & AGREE("%g", NAN) & AGREE("%G", -NAN);
    ok &= AGREE("%a", INFINITY) & AGREE("%A", NAN) & AGREE("%010e", INFINITY) & AGREE("%-6g|", NAN);
    ok &= AGREE("%+e", NAN) & AGREE("% g", INFINITY);
    tap_ok(ok, "%%e %%g %%a match glibc on edge values with every kind of flag");

    static const long double lvalues[] = {
        0.0L, -0.0L, 1.0L, 0.1L, 1.0L / 3, 2.5L, 1e-4940L, 3.6e-4951L, 1.18e4932L, 1e4000L,
        LDBL_MIN, LDBL_MAX, 0xf.8p0L, 0xf.f8p0L, 0xf.fffp0L, 12345.6789L,
    };
    static const char *const lfmts[] = {
        "%Le", "%.0Le", "%.30Le", "%Lg", "%.20Lg", "%#Lg", "%La", "%.0La", "%.1La", "%.3La", "%LA",
        "%.25Lf", "%Lf",
    };
    tap_begin();
    ok = 1;
    for (size_t i = 0; i < sizeof lvalues / sizeof lvalues[0]; i++)
        for (size_t j = 0; j < sizeof lfmts / sizeof lfmts[0]; j++)
            ok &= AGREE(lfmts[j], lvalues[i]);
    ok &= AGREE("%Le", (long double)INFINITY) & AGREE("%La", (long double)-NAN);
    tap_ok(ok, "%%Le %%Lg %%La %%Lf match glibc on long double edge values");
}

static void random_values(int rounds)
{
    static const char convs[] = "eEfFgGaA";
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        char fmt[64];
        char conv = convs[rand() % 8];
        random_fmt(fmt, conv, "", conv == 'f' || conv == 'F' ? 30 : 60);
        double v = random_double();
        ok &= AGREE(fmt, v);
    }
    tap_ok(ok, "%d random doubles with random %%e %%f %%g %%a conversions match glibc", rounds);

    tap_begin();
    ok = 1;
    for (int i = 0; i < rounds / 4; i++) {
        char fmt[64];
        char conv = convs[rand() % 8];
        union { long double x; struct { uint64_t m; uint16_t se; } p; } u;
        memset(&u, 0, sizeof u);
        u.p.m = rnd64() | (uint64_t)1 << 63;
        int e = rand() % 4 == 0 ? rand() % 0x7fff : 16383 - 200 + rand() % 400;
        if (e == 0)
            u.p.m >>= 1 + rand() % 63;      /* a subnormal */
        u.p.se = (uint16_t)(e | (rand() % 2) << 15);
        if ((conv == 'f' || conv == 'F') && e > 16383 + 1000)
            conv = 'e';
        random_fmt(fmt, conv, "L", 40);
        ok &= AGREE(fmt, u.x);
    }
    tap_ok(ok, "%d random long doubles with random %%Le %%Lf %%Lg %%La match glibc", rounds / 4);
}

void test_float(void)
{
    srand(4242);
    edge_values();
    random_values(40000);
}
