/* sscanf against glibc's: the same input and format scanned by both into
 * separate copies of the same storage; the results, and every byte
 * stored, must agree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat"

enum { SLOTS = 6, SLOT_SIZE = 64 };

/* Scans input by fmt with both libcs; returns 1 if they agree. */
static int same_scan(const char *input, const char *fmt)
{
    static unsigned char mine[SLOTS][SLOT_SIZE], ref[SLOTS][SLOT_SIZE];

    memset(mine, 0xa5, sizeof mine);
    memset(ref, 0xa5, sizeof ref);
    int r1 = shmos_sscanf(input, fmt, mine[0], mine[1], mine[2], mine[3], mine[4], mine[5]);
    int r2 = sscanf(input, fmt, ref[0], ref[1], ref[2], ref[3], ref[4], ref[5]);
    if (r1 == r2 && memcmp(mine, ref, sizeof mine) == 0)
        return 1;
    int slot = 0;
    while (slot < SLOTS && memcmp(mine[slot], ref[slot], SLOT_SIZE) == 0)
        slot++;
    return tap_check(0, "sscanf(\"%s\", \"%s\"): returned %d, glibc %d; first difference in item %d",
                 input, fmt, r1, r2, slot);
}

static const char *const cases[][2] = {
    /* integers */
    { "42", "%d" }, { "-17", "%d" }, { "+5", "%d" }, { "  \t\n 9", "%d" },
    { "0x1f", "%i" }, { "017", "%i" }, { "-0x10", "%i" }, { "19", "%i" },
    { "4294967295", "%u" }, { "ff", "%x" }, { "0XFF", "%X" }, { "0x7b", "%x" }, { "777", "%o" },
    { "1234567", "%5d" }, { "12345", "%3d%d" }, { "1234", "%2d%2d" },
    { "300", "%hhd" }, { "70000", "%hd" }, { "65535", "%hu" }, { "-2147483648", "%ld" },
    { "9223372036854775807", "%lld" }, { "ffffffffffffffff", "%llx" }, { "-1", "%llu" },
    { "123", "%zu" }, { "-9", "%jd" }, { "-4", "%td" }, { "0x1234", "%p" },
    /* separators and literals */
    { "1   2", "%d %d" }, { "1,2", "%d,%d" }, { "1;2", "%d,%d" }, { "1 , 2", "%d ,%d" },
    { "abc5", "abc%d" }, { "abd5", "abc%d" }, { "5 abc", "%d abc" }, { "%7", "%%%d" },
    { "5%", "%d%%" }, { "  %3", " %% %d" },
    /* failures and the end of input */
    { "abc", "%d" }, { "", "%d" }, { "   ", "%d" }, { "-", "%d" }, { "+x", "%d" }, { "1", "%d %d" },
    { "one", "%s %s" }, { "", "abc" }, { "ab", "abc" },
    /* strings, characters and sets */
    { "hello world", "%s" }, { "hello world", "%s%s" }, { "abcdefgh", "%5s" },
    { "xyz", "%c" }, { " a", "%c%c" }, { "abcdef", "%3c" }, { "abcabcd", "%[abc]" },
    { "key,value", "%[^,],%s" }, { "]a]b", "%[]a]" }, { "hello123", "%[a-z]" },
    { "a-b", "%[a-]" }, { "12", "%1[0-9]%d" }, { "xyz", "%[abc]" }, { "", "%[abc]" },
    /* suppression and %n */
    { "1 2", "%*d %d" }, { "123", "%d%n" }, { "ab 5", "%s%n %d%n" }, { "  7", "%n%d" },
    { "word 12", "%*s %d" }, { "abc", "%*[a-c]%n" },
    /* floating point */
    { "3.25", "%f" }, { "-1.5e3", "%lf" }, { "1e-3", "%e" }, { "12.5abc", "%g" }, { ".5", "%lf" },
    { "inf", "%lf" }, { "-Infinity", "%f" }, { "nan", "%lf" }, { "3.14159", "%4lf" },
    { "2.5x", "%f%s" }, { "1e10", "%lf" }, { "123456789012345678901234", "%lf" },
    { "0.000001", "%f" }, { "7", "%lf" }, { "0x1.8p3", "%la" }, { "0X1P-2 rest", "%a%s" },
    { "-0x.8", "%lf" }, { "0x1fp+1", "%le" }, { "1.25e-3", "%Lf" }, { "0.1", "%Lg" },
    { "2.2250738585072012e-308", "%le" }, { "1e400", "%lf" }, { "4.9e-324", "%lg" },
    { "1.0000000000000001110223024625156540423631668090820312500000001", "%lf" },
    { "0x1.fffffep127", "%f" }, { "1e-50", "%e" }, { "12e3 4.5E-2 0x10p-4", "%lf %le %la" },
};

/* Random doubles written by glibc (%.17g, %.*e, %a) scanned back by both
 * with %lf, %f and %Lf. */
static int random_floats(int rounds)
{
    static const char *const scans[] = { "%lf", "%f", "%Lf", "%lg%n", "%le" };
    int ok = 1;

    for (int i = 0; i < rounds; i++) {
        uint64_t bits = (uint64_t)(unsigned)rand() << 33 ^ (uint64_t)(unsigned)rand() << 10
                      ^ (unsigned)rand();
        double v;
        char text[64];
        memcpy(&v, &bits, sizeof v);
        if (i % 3 == 0)
            snprintf(text, sizeof text, "%.17g", v);
        else if (i % 3 == 1)
            snprintf(text, sizeof text, "%.*e", rand() % 20, v);
        else
            snprintf(text, sizeof text, "%a", v);
        ok &= same_scan(text, scans[i % 5]);
    }
    return ok;
}

void test_scanf(void)
{
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ok &= same_scan(cases[i][0], cases[i][1]);
    tap_ok(ok, "sscanf matches glibc on %zu cases (integers, strings, sets, %%n, floats)",
        sizeof cases / sizeof cases[0]);
    tap_begin();
    tap_ok(random_floats(6000), "sscanf %%f %%lf %%Lf %%le match glibc on 6000 random doubles as glibc prints them");
}
