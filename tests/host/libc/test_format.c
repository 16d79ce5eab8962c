/* printf formatting: shmos's snprintf against glibc's, on fixed cases and on
 * many random integer and floating-point conversions. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Formats with both libcs into buffers of size n; returns 1 if the results
 * and the return values agree (reporting a mismatch otherwise). */
#define SAME(n, fmt, ...) same_output(n, fmt, \
    shmos_snprintf(mine, n, fmt, __VA_ARGS__), mine, \
    snprintf(ref, n, fmt, __VA_ARGS__), ref)

static char mine[512], ref[512];

static int same_output(size_t n, const char *fmt, int r1, const char *s1, int r2, const char *s2)
{
    if (r1 == r2 && (n == 0 || strcmp(s1, s2) == 0))
        return 1;
    return tap_check(0, "format \"%s\" (size %zu): got %d \"%s\", glibc %d \"%s\"", fmt, n, r1,
                 n ? s1 : "", r2, n ? s2 : "");
}

static void fixed_cases(void)
{
    int x = 42;

    tap_begin();
    SAME(sizeof mine, "plain text%s", "");
    SAME(sizeof mine, "%d %i %u %x %X %o %c %s %%", -17, 23, 3000000000u, 0xbeef, 0xbeef, 8, 'z', "str");
    SAME(sizeof mine, "[%5d] [%-5d] [%05d] [%+d] [% d] [%+05d]", 42, 42, 42, 42, 42, -42);
    SAME(sizeof mine, "[%.0d] [%.0x] [%#.0o] [%#x] [%#o] [%#X]", 0, 0, 0, 0, 0, 255);
    SAME(sizeof mine, "[%8.3d] [%-8.3d] [%08.3d] [%.10d]", -5, 5, 5, -123);
    SAME(sizeof mine, "[%*d] [%-*d] [%*d] [%.*d] [%.*d]", 6, 1, 6, 2, -6, 3, 4, 4, -1, 5);
    SAME(sizeof mine, "[%hhd] [%hhu] [%hd] [%hu]", 300, 300, 70000, 70000);
    SAME(sizeof mine, "[%ld] [%lu] [%lld] [%llu] [%llx]", -1L, 4294967295UL,
         (long long)INT64_MIN, (unsigned long long)UINT64_MAX, 0x123456789abcdefULL);
    SAME(sizeof mine, "[%zu] [%zd] [%jd] [%ju] [%td]", (size_t)123, (ssize_t)-4,
         (intmax_t)-99, (uintmax_t)99, (ptrdiff_t)-7);
    SAME(sizeof mine, "[%s] [%10s] [%-10s] [%.2s] [%10.2s]", "hello", "hi", "hi", "hello", "hello");
    SAME(sizeof mine, "[%c] [%3c] [%-3c]", 'a', 'b', 'c');
    SAME(sizeof mine, "[%p] [%p] [%20p] [%-20p]", (void *)&x, (void *)0, (void *)&x, (void *)&x);
    SAME(sizeof mine, "[%s] [%.3s] [%10s]", (char *)NULL, (char *)NULL, (char *)NULL);
    SAME(sizeof mine, "%d%%%d", 1, 2);
    SAME(sizeof mine, "[%-+8d] [%- 8d] [%0-8d]", 3, 3, 3);
    SAME(sizeof mine, "[%#10x] [%#-10x] [%#010x] [%#010o]", 0x1f, 0x1f, 0x1f, 8);
    SAME(sizeof mine, "[%x] [%o] [%u]", 0, 0, 0);
    SAME(sizeof mine, "%lld %lld %d %d", 0LL, (long long)INT64_MAX, INT32_MIN, INT32_MAX);
    /* Truncation: return the full length, write n - 1 characters and a NUL. */
    SAME(0, "%s", "abcdef");
    SAME(1, "%s", "abcdef");
    SAME(4, "%s-%d", "abcdef", 12345);
    SAME(7, "%s", "abcdef");
    tap_ok(tap_failures() == 0, "snprintf matches glibc on fixed cases");
}

static uint64_t rnd64(void)
{
    return ((uint64_t)(unsigned)rand() << 33) ^ ((uint64_t)(unsigned)rand() << 11) ^ (unsigned)rand();
}

/* A random value with a random number of significant bits. */
static uint64_t random_value(void)
{
    int bits = rand() % 65;
    uint64_t v = rnd64();

    return bits == 64 ? v : v & (((uint64_t)1 << bits) - 1);
}

/* Appends random flags, width and precision (maybe as '*') to fmt; fills
 * star[] with the '*' arguments and returns how many. */
static int random_spec(char *fmt, int *star)
{
    static const char flags[] = "-+ 0#";
    int nstar = 0;

    strcat(fmt, "%");
    for (int i = 0; i < 5; i++)
        if (rand() % 4 == 0)
            strncat(fmt, &flags[i], 1);
    int w = rand() % 4;
    if (w == 1)
        sprintf(fmt + strlen(fmt), "%d", rand() % 25);
    else if (w == 2) {
        strcat(fmt, "*");
        star[nstar++] = rand() % 50 - 25;
    }
    int p = rand() % 4;
    if (p == 1)
        sprintf(fmt + strlen(fmt), ".%d", rand() % 25);
    else if (p == 2) {
        strcat(fmt, ".*");
        star[nstar++] = rand() % 30 - 5;
    } else if (p == 3 && rand() % 2) {
        strcat(fmt, ".");
    }
    return nstar;
}

/* Formats one conversion with the given '*' arguments then value, with both
 * libcs, through a random buffer size. */
#define RUN(value) do { \
    size_t n = (size_t)(rand() % 3 == 0 ? rand() % 40 : (int)sizeof mine); \
    if (nstar == 0) ok &= SAME(n, fmt, value); \
    else if (nstar == 1) ok &= SAME(n, fmt, star[0], value); \
    else ok &= SAME(n, fmt, star[0], star[1], value); \
} while (0)

static void random_integers(int rounds)
{
    static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z", "j", "t" };
    static const char convs[] = "diouxX";
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        char fmt[64] = "<";
        int star[2];
        int nstar = random_spec(fmt, star);
        const char *len = lengths[rand() % 8];
        strcat(fmt, len);
        strncat(fmt, &convs[rand() % 6], 1);
        strcat(fmt, ">");
        uint64_t v = random_value();
        if (rand() % 2)
            v = -v;
        if (strcmp(len, "ll") == 0 || strcmp(len, "j") == 0)
            RUN((long long)v);
        else
            RUN((int)v);    /* int, long, size_t and ptrdiff_t are all 32 bits */
    }
    tap_ok(ok, "snprintf matches glibc on %d random integer conversions", rounds);
}

static void random_strings(int rounds)
{
    static const char *const words[] = { "", "a", "hello", "a longer string of text", "%d" };
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        char fmt[64] = "<";
        int star[2];
        int nstar = random_spec(fmt, star);
        int is_char = rand() % 3 == 0;
        if (is_char) {
            /* Precision and '0' are undefined for %c: leave them out. */
            char *dot = strchr(fmt, '.');
            if (dot) {
                *dot = '\0';
                nstar = strchr(fmt, '*') ? 1 : 0;
            }
            for (char *z; (z = strchr(fmt, '0')) && (z == fmt || strchr("-+ #%", z[-1]));)
                memmove(z, z + 1, strlen(z));
            strcat(fmt, "c>");
            RUN('A' + i % 26);
        } else {
            for (char *z; (z = strchr(fmt, '0')) && (z == fmt || strchr("-+ #%", z[-1]));)
                memmove(z, z + 1, strlen(z));
            strcat(fmt, "s>");
            const char *word = words[rand() % 5];
            RUN(word);
        }
    }
    tap_ok(ok, "snprintf matches glibc on %d random %%s and %%c conversions", rounds);
}

/* Floating point: values that the shmos %f prints exactly. */
static void floats(int rounds)
{
    static const double fixed[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 3.5, -2.5, 0.125, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3,
        123.456, 9.999999, 99.995, 0.05, 0.0049, 1e15, 123456789.125, 1e19, 1.8e19,
        4294967296.5, 1e20, 1e22, 3.14159265358979, 2.718281828459045, 0.00390625,
    };
    static const char *const fmts[] = {
        "%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.10f", "%.17f", "%10.3f", "%-10.3f|", "%+f",
        "% f", "%010.2f", "%#.0f", "%-+12.4f|", "%F", "%.20f", "%08.3f", "%lf", "%.70f",
    };
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++)
            ok &= SAME(sizeof mine, fmts[j], fixed[i]);
    ok &= SAME(sizeof mine, "%f %F %5f %-5f| %+f %f", INFINITY, -INFINITY, INFINITY, NAN, NAN, -NAN);
    ok &= SAME(sizeof mine, "%Lf %.3Lf %10.1Lf", 2.5L, 1.0L / 3, -0.25L);
    ok &= SAME(sizeof mine, "%.*f %*.*f", 3, 1.23456, 10, 2, 9.876);
    /* k/2^j with at most 52 significant bits: exact in binary, so glibc's
     * digits are the true ones and ours must match, rounding included. */
    for (int i = 0; i < rounds; i++) {
        int scale = rand() % 40;
        double v = (double)(rnd64() >> (12 + rand() % 20)) / (double)((uint64_t)1 << scale);
        if (rand() % 2)
            v = -v;
        char fmt[32];
        snprintf(fmt, sizeof fmt, "%%%s%d.%df", rand() % 2 ? "0" : "", rand() % 30, rand() % 25);
        ok &= SAME(sizeof mine, fmt, v);
    }
    tap_ok(ok, "snprintf %%f matches glibc on fixed values and %d random ones", rounds);

    tap_begin();
    /* Below 2^-8 only the leading digits are promised. */
    ok = SAME(sizeof mine, "%.10f %.12f %.6f", 1e-5, 0.000123456789, 1e-7);
    tap_ok(ok, "snprintf %%f of small numbers matches glibc to 10-12 places");
}

static void sprintf_and_vsnprintf(void)
{
    char big[64];

    tap_begin();
    int r = shmos_sprintf(big, "%s=%d", "x", 5);
    tap_check(r == 3 && strcmp(big, "x=5") == 0, "sprintf gave %d \"%s\"", r, big);
    r = shmos_snprintf(NULL, 0, "%d", 123456);
    tap_check(r == 6, "snprintf(NULL, 0) counted %d", r);
    tap_ok(tap_failures() == 0, "sprintf writes everything, snprintf(NULL, 0) only counts");
}

/* B7: the count printf returns must not wrap; past INT_MAX both libcs
 * fail with EOVERFLOW. %n stores the count so far, at every length. */
static void count_overflow_and_n(void)
{
    volatile int w = INT32_MAX;
    char small[8];

    tap_begin();
    shmos_errno = 0;
    int r = shmos_snprintf(small, sizeof small, "%*d%*d%*d", w, 1, w, 1, w, 1);
    tap_check(r == -1 && shmos_errno == EOVERFLOW, "3 x INT_MAX width: %d, errno %d", r, shmos_errno);
    shmos_errno = 0;
    r = shmos_snprintf(small, sizeof small, "%*d%*d", w, 1, 2, 1);
    tap_check(r == -1 && shmos_errno == EOVERFLOW, "INT_MAX + 2 characters: %d, errno %d", r, shmos_errno);
    errno = 0;
    int ref_r = snprintf(small, sizeof small, "%*d%*d", w, 1, 2, 1);
    tap_check(ref_r == -1 && errno == EOVERFLOW, "glibc agrees: %d, errno %d", ref_r, errno);
    r = shmos_snprintf(small, sizeof small, "%*d", w, 1);
    tap_check(r == INT32_MAX, "exactly INT_MAX characters still count: %d", r);
    tap_check(strcmp(small, "       ") == 0, "the output is cut to the buffer: \"%s\"", small);

    int n1 = -1, n2 = -1;
    signed char hh = -1;
    short h = -1;
    long l = -1;
    long long ll = -1;
    size_t z = 0;
    r = shmos_snprintf(mine, sizeof mine, "ab%ncde%n%hhn%hn%ln%lln%zn|%d", &n1, &n2, &hh, &h, &l, &ll,
                       &z, 7);
    tap_check(r == 7 && strcmp(mine, "abcde|7") == 0, "%%n consumes its argument: %d \"%s\"", r, mine);
    tap_check(n1 == 2 && n2 == 5 && hh == 5 && h == 5 && l == 5 && ll == 5 && z == 5,
          "%%n stores: %d %d %d %d %ld %lld %zu", n1, n2, hh, h, l, ll, z);
    tap_ok(tap_failures() == 0, "printf fails with EOVERFLOW past INT_MAX characters; %%n stores the count");
}

void test_format(void)
{
    srand(12345);
    fixed_cases();
    random_integers(100000);
    random_strings(20000);
    floats(20000);
    sprintf_and_vsnprintf();
    count_overflow_and_n();
}
