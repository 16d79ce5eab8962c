/* The newer interfaces against glibc: strftime on random times (every
 * conversion), getopt_long on fixed command lines, uname and rand_r. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

struct shmos_option { const char *name; int has_arg; int *flag; int val; };
size_t shmos_strftime(char *s, size_t max, const char *fmt, const struct tm *tm);
int shmos_getopt_long(int argc, char *const argv[], const char *optstring,
                      const struct shmos_option *longopts, int *longindex);
int shmos_rand_r(unsigned int *seed);
int shmos_uname(void *u);

static void strftime_cases(int rounds)
{
    static const char *const fmts[] = {
        "%a %A %b %B %h", "%c", "%C %d %D %e %F", "%g %G %V", "%H %I %j %k %l", "%m %M %n %p %P",
        "%r %R %s %S %t %T", "%u %U %w %W", "%x %X %y %Y %z %Z %%", "%Ey %OH plain text",
        "[%Y-%m-%dT%H:%M:%S]",
    };
    char mine[256], ref[256];
    int ok = 1;

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        time_t t = i < 20 ? (time_t)i * 86400 * 365 / 4 : (time_t)(rand() % 0x7fffffff);
        if (i % 7 == 0)
            t = (time_t)((rand() % 80) * 31556952L + (rand() % 14 - 7) * 86400L);   /* near new year */
        struct tm tm;
        gmtime_r(&t, &tm);
        tm.tm_zone = "UTC";
        for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++) {
            size_t n1 = shmos_strftime(mine, sizeof mine, fmts[j], &tm);
            size_t n2 = strftime(ref, sizeof ref, fmts[j], &tm);
            if (n1 != n2 || strcmp(mine, ref) != 0)
                ok &= tap_check(0, "strftime(\"%s\") of %ld: \"%s\", glibc \"%s\"", fmts[j], (long)t, mine, ref);
        }
    }
    struct tm tm;
    time_t t = 0;
    gmtime_r(&t, &tm);
    ok &= tap_check(shmos_strftime(mine, 5, "%Y-%m", &tm) == 0, "a result that does not fit gives 0");
    ok &= tap_check(shmos_strftime(mine, 8, "%Y-%m", &tm) == 7 && strcmp(mine, "1970-01") == 0,
                    "exactly fitting: \"%s\"", mine);
    tap_ok(ok, "strftime matches glibc on %d random times with every conversion", rounds);
}

/* Runs getopt_long over argv with both libcs; the returned codes, optarg,
 * longindex and the final optind must agree. */
static int same_getopt_long(int argc, const char *const *args)
{
    static int flag1, flag2;
    static const struct shmos_option mine_opts[] = {
        { "verbose", 0, NULL, 'v' }, { "output", 1, NULL, 'o' }, { "color", 2, NULL, 'c' },
        { "colour", 2, NULL, 'C' }, { "flag", 0, &flag1, 7 }, { NULL, 0, NULL, 0 },
    };
    static const struct option ref_opts[] = {
        { "verbose", 0, NULL, 'v' }, { "output", 1, NULL, 'o' }, { "color", 2, NULL, 'c' },
        { "colour", 2, NULL, 'C' }, { "flag", 0, &flag2, 7 }, { NULL, 0, NULL, 0 },
    };
    char *argv1[16], *argv2[16], log1[256] = "", log2[256] = "";

    for (int i = 0; i < argc; i++) {
        argv1[i] = strdup(args[i]);
        argv2[i] = strdup(args[i]);
    }
    argv1[argc] = argv2[argc] = NULL;
    shmos_optind = 1;
    shmos_opterr = 0;
    flag1 = flag2 = 0;
    for (int c, idx = -1; (c = shmos_getopt_long(argc, argv1, "ab:o:", mine_opts, &idx)) != -1; idx = -1)
        snprintf(log1 + strlen(log1), sizeof log1 - strlen(log1), "%d/%s/%d ", c,
                 shmos_optarg ? shmos_optarg : "-", idx);
    optind = 0;                 /* glibc's full restart */
    opterr = 0;
    for (int c, idx = -1; (c = getopt_long(argc, argv2, "+ab:o:", ref_opts, &idx)) != -1; idx = -1)
        snprintf(log2 + strlen(log2), sizeof log2 - strlen(log2), "%d/%s/%d ", c,
                 optarg ? optarg : "-", idx);
    int ok = strcmp(log1, log2) == 0 && shmos_optind == optind && flag1 == flag2;
    if (!ok)
        tap_check(0, "getopt_long(%s ...): %s optind %d, glibc %s optind %d", args[1], log1,
                  shmos_optind, log2, optind);
    for (int i = 0; i < argc; i++) {
        free(argv1[i]);
        free(argv2[i]);
    }
    return ok;
}

static void getopt_long_cases(void)
{
    static const char *const lines[][8] = {
        { "p", "--verbose", "-a", "x" }, { "p", "--output=f", "--output", "g", "-bz" },
        { "p", "--out", "h", "--verb" }, { "p", "--col" }, { "p", "--color", "--color=red", "--colour=x" },
        { "p", "--flag", "--", "--verbose" }, { "p", "--nope", "-a" }, { "p", "--verbose=1" },
        { "p", "--output" }, { "p", "-", "--verbose" }, { "p", "x", "--verbose" },
        { "p", "-ob", "--flag=" }, { "p", "--v", "--o=", "z" },
    };
    int ok = 1;

    tap_begin();
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        int argc = 0;
        while (argc < 8 && lines[i][argc])
            argc++;
        ok &= same_getopt_long(argc, lines[i]);
    }
    shmos_optind = 1;           /* leave getopt as a program starts it */
    shmos_opterr = 1;
    tap_ok(ok, "getopt_long matches glibc's (with '+') on %zu command lines", sizeof lines / sizeof lines[0]);
}

static void uname_and_rand_r(void)
{
    char u[5][65];
    unsigned a = 7, b = 7;
    int ok = 1;

    tap_begin();
    ok &= tap_check(shmos_uname(u) == 0 && strcmp(u[0], "shmos") == 0 && strcmp(u[4], "i686") == 0,
                    "uname: %s %s", u[0], u[4]);
    for (int i = 0; i < 1000; i++) {
        int x = shmos_rand_r(&a), y = shmos_rand_r(&b);
        ok &= tap_check(x == y && x >= 0, "rand_r repeats from the same seed");
    }
    tap_ok(ok, "uname names the system; rand_r is a function of its seed");
}

void test_gaps(void)
{
    srand(99);
    strftime_cases(3000);
    getopt_long_cases();
    uname_and_rand_r();
}
