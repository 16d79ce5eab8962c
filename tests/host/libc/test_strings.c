/* string.h, ctype.h, strtol and friends, strerror, qsort, getenv and getopt
 * against glibc or against their definitions. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static int sign(int x) { return (x > 0) - (x < 0); }

/* A random string over a small alphabet (so that searches find things). */
static void random_string(char *s, int max)
{
    int n = rand() % max;

    for (int i = 0; i < n; i++)
        s[i] = "abcAB \t"[rand() % 7];
    s[n] = '\0';
}

static void strings_vs_glibc(int rounds)
{
    char a[40], b[40], c[96];

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        random_string(a, 30);
        random_string(b, 4);
        size_t n = (size_t)(rand() % 35);
        int ch = "abcAB \t\0z"[rand() % 9];
        tap_check(shmos_strlen(a) == strlen(a), "strlen(\"%s\")", a);
        tap_check(shmos_strnlen(a, n) == strnlen(a, n), "strnlen(\"%s\", %zu)", a, n);
        tap_check(sign(shmos_strcmp(a, b)) == sign(strcmp(a, b)), "strcmp(\"%s\", \"%s\")", a, b);
        tap_check(sign(shmos_strncmp(a, b, n)) == sign(strncmp(a, b, n)),
                  "strncmp(\"%s\", \"%s\", %zu)", a, b, n);
        tap_check(sign(shmos_strcasecmp(a, b)) == sign(strcasecmp(a, b)), "strcasecmp(\"%s\", \"%s\")", a, b);
        tap_check(shmos_strchr(a, ch) == strchr(a, ch), "strchr(\"%s\", %d)", a, ch);
        tap_check(shmos_strrchr(a, ch) == strrchr(a, ch), "strrchr(\"%s\", %d)", a, ch);
        tap_check(shmos_strstr(a, b) == strstr(a, b), "strstr(\"%s\", \"%s\")", a, b);
        tap_check(shmos_strspn(a, b) == strspn(a, b), "strspn(\"%s\", \"%s\")", a, b);
        tap_check(shmos_strcspn(a, b) == strcspn(a, b), "strcspn(\"%s\", \"%s\")", a, b);
        tap_check(shmos_strpbrk(a, b) == strpbrk(a, b), "strpbrk(\"%s\", \"%s\")", a, b);
        size_t m = n < sizeof a ? n : sizeof a;
        tap_check(shmos_memchr(a, ch, m < strlen(a) + 1 ? m : strlen(a) + 1)
              == memchr(a, ch, m < strlen(a) + 1 ? m : strlen(a) + 1), "memchr");
        tap_check(sign(shmos_memcmp(a, b, 4)) == sign(memcmp(a, b, 4)), "memcmp(\"%s\", \"%s\")", a, b);

        char x[64], y[64];
        memset(x, '#', sizeof x);
        memset(y, '#', sizeof y);
        shmos_strncpy(x, a, n);
        strncpy(y, a, n);
        tap_check(memcmp(x, y, sizeof x) == 0, "strncpy(\"%s\", %zu)", a, n);
        strcpy(x, b);
        strcpy(y, b);
        shmos_strncat(x, a, n);
        strncat(y, a, n);
        tap_check(strcmp(x, y) == 0, "strncat(\"%s\", \"%s\", %zu)", b, a, n);
        shmos_strcpy(x, a);
        shmos_strcat(x, b);
        snprintf(c, sizeof c, "%s%s", a, b);
        tap_check(strcmp(x, c) == 0, "strcpy+strcat");
    }
    tap_ok(tap_failures() == 0, "string functions agree with glibc on %d random inputs", rounds);
}

static void memory_moves(int rounds)
{
    unsigned char buf[256], ref[256];

    tap_begin();
    for (int i = 0; i < rounds; i++) {
        for (size_t k = 0; k < sizeof buf; k++)
            buf[k] = ref[k] = (unsigned char)rand();
        size_t n = (size_t)(rand() % 100), from = (size_t)(rand() % 150), to = (size_t)(rand() % 150);
        int op = rand() % 3;
        if (op == 0) {
            shmos_memmove(buf + to, buf + from, n);
            memmove(ref + to, ref + from, n);
        } else if (op == 1) {
            to %= 150 - n + 1;     /* [to, to + n) stays clear of [150, 250) */
            shmos_memcpy(buf + to, buf + 150, n);
            memcpy(ref + to, ref + 150, n);
        } else {
            int v = rand();
            shmos_memset(buf + to, v, n);
            memset(ref + to, v, n);
        }
        tap_check(memcmp(buf, ref, sizeof buf) == 0, "op %d n %zu from %zu to %zu", op, n, from, to);
    }
    tap_ok(tap_failures() == 0, "memcpy, memmove (overlapping both ways) and memset on %d random cases",
           rounds);
}

static void misc_strings(void)
{
    char text[] = "  one,two;;three  ";

    tap_begin();
    const char *want[] = { "one", "two", "three" };
    char *t = shmos_strtok(text, " ,;");
    for (int i = 0; i < 3; i++) {
        tap_check(t && strcmp(t, want[i]) == 0, "strtok token %d: %s", i, t ? t : "(null)");
        t = shmos_strtok(NULL, " ,;");
    }
    tap_check(t == NULL, "strtok did not end");
    tap_check(shmos_strtok(NULL, " ") == NULL, "strtok after the end");
    char *d = shmos_strdup("duplicate");
    tap_check(d && strcmp(d, "duplicate") == 0, "strdup");
    shmos_free(d);
    d = shmos_strndup("duplicate", 3);
    tap_check(d && strcmp(d, "dup") == 0, "strndup");
    shmos_free(d);
    tap_check(shmos_strstr("abc", "") != NULL && *shmos_strstr("abc", "") == 'a', "strstr empty needle");
    tap_ok(tap_failures() == 0, "strtok, strdup, strndup, strstr edge cases");
}

static void ctype_vs_glibc(void)
{
    int (*const mine[])(int) = { shmos_isalnum, shmos_isalpha, shmos_isblank, shmos_iscntrl,
        shmos_isdigit, shmos_isgraph, shmos_islower, shmos_isprint, shmos_ispunct,
        shmos_isspace, shmos_isupper, shmos_isxdigit };
    int (*const ref[])(int) = { isalnum, isalpha, isblank, iscntrl, isdigit, isgraph, islower,
        isprint, ispunct, isspace, isupper, isxdigit };

    tap_begin();
    for (int c = -1; c < 256; c++) {
        for (size_t f = 0; f < sizeof mine / sizeof mine[0]; f++)
            tap_check(!mine[f](c) == !ref[f](c), "class %zu of %d", f, c);
        tap_check(shmos_tolower(c) == tolower(c) && shmos_toupper(c) == toupper(c), "case of %d", c);
    }
    tap_ok(tap_failures() == 0, "ctype agrees with glibc's C locale for EOF and 0..255");
}

static void strtol_vs_glibc(void)
{
    static const char *const inputs[] = {
        "0", "-0", "42", "  -42xyz", "+7", "0x1A", "0X1a", "0x", "0xg", "077", "08", "1e5",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
        "-4294967295", "-4294967296", "-1", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
        "18446744073709551616", "-18446744073709551615", "99999999999999999999999",
        "zz", "ZZ", "", "   ", "-", "+-1", "\t\n 12", "0b101", "1010", "7fffffff", "-80000000",
        "ffffffffffffffff", "10000000000000000",
    };
    static const int bases[] = { 0, 2, 8, 10, 16, 36 };

    tap_begin();
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        for (size_t j = 0; j < sizeof bases / sizeof bases[0]; j++) {
            const char *s = inputs[i];
            int base = bases[j];
            char *e1, *e2;
#define COMPARE(fn, fmt) do { \
                shmos_errno = 0; errno = 0; \
                __typeof__(fn(s, &e1, base)) v1 = shmos_##fn(s, &e1, base), v2 = fn(s, &e2, base); \
                tap_check(v1 == v2 && e1 == e2 && shmos_errno == errno, \
                      #fn "(\"%s\", %d): " fmt " end+%d errno %d, glibc " fmt " end+%d errno %d", \
                      s, base, v1, (int)(e1 - s), shmos_errno, v2, (int)(e2 - s), errno); \
            } while (0)
            COMPARE(strtol, "%ld");
            COMPARE(strtoul, "%lu");
            COMPARE(strtoll, "%lld");
            COMPARE(strtoull, "%llu");
        }
    shmos_errno = 0;
    tap_check(shmos_strtol("12", NULL, 1) == 0 && shmos_errno == EINVAL, "base 1 is EINVAL");
    tap_check(shmos_atoi(" -123abc") == -123, "atoi");
    tap_ok(tap_failures() == 0, "strtol, strtoul, strtoll, strtoull agree with glibc (value, end, errno)");
}

static void messages(void)
{
    static const int errs[] = { 0, EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC,
        EBADF, ECHILD, EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENOTDIR, EISDIR,
        EINVAL, ENFILE, EMFILE, ENOTTY, EFBIG, ENOSPC, ESPIPE, EROFS, EPIPE, EDOM, ERANGE,
        ENAMETOOLONG, ENOSYS, EIDRM, EOVERFLOW, ETIMEDOUT, 200, -3 };
    static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
        SIGFPE, SIGKILL, SIGSEGV, SIGPIPE, SIGTERM };

    tap_begin();
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        char ref[64];
        snprintf(ref, sizeof ref, "%s", strerror(errs[i]));
        tap_check(strcmp(shmos_strerror(errs[i]), ref) == 0, "strerror(%d) = \"%s\", glibc \"%s\"",
              errs[i], shmos_strerror(errs[i]), ref);
    }
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        tap_check(strcmp(shmos_strsignal(sigs[i]), strsignal(sigs[i])) == 0,
              "strsignal(%d) = \"%s\", glibc \"%s\"", sigs[i], shmos_strsignal(sigs[i]),
              strsignal(sigs[i]));
    tap_ok(tap_failures() == 0, "strerror and strsignal give glibc's messages");

    /* strerror_r, POSIX's (glibc's XSI one): the message, cut to fit. */
    char buf[64];
    tap_begin();
    tap_check(shmos_strerror_r(EDEADLK, buf, sizeof buf) == 0 &&
              strcmp(buf, "Resource deadlock avoided") == 0, "strerror_r(EDEADLK) = \"%s\"", buf);
    tap_check(shmos_strerror_r(ENOENT, buf, 6) == ERANGE && strcmp(buf, "No su") == 0,
              "strerror_r cut to 6 bytes: ERANGE, \"%s\"", buf);
    tap_check(shmos_strerror_r(4000, buf, sizeof buf) == EINVAL &&
              strcmp(buf, "Unknown error 4000") == 0, "strerror_r(4000): EINVAL, \"%s\"", buf);
    tap_check(shmos_strerror_r(ENOENT, buf, 0) == ERANGE, "strerror_r into 0 bytes: ERANGE");
    tap_ok(tap_failures() == 0, "strerror_r: the message, ERANGE when cut, EINVAL when unknown");
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

struct triple { int key, a, b; };

static int by_key(const void *a, const void *b)
{
    return by_int(&((const struct triple *)a)->key, &((const struct triple *)b)->key);
}

static void sorting(void)
{
    static int v[600], w[600];
    static struct triple t[300];

    tap_begin();
    for (int round = 0; round < 300; round++) {
        int n = round * 2, range = 1 + rand() % 1000;
        for (int i = 0; i < n; i++)
            v[i] = w[i] = rand() % range - range / 2;
        shmos_qsort(v, n, sizeof v[0], by_int);
        qsort(w, n, sizeof w[0], by_int);
        tap_check(memcmp(v, w, n * sizeof v[0]) == 0, "qsort of %d ints", n);
        for (int i = 0; i < n; i++) {
            int *hit = shmos_bsearch(&w[i], v, n, sizeof v[0], by_int);
            tap_check(hit && *hit == w[i], "bsearch %d", w[i]);
        }
        int missing = range;
        tap_check(shmos_bsearch(&missing, v, n, sizeof v[0], by_int) == NULL, "bsearch missing");
    }
    for (int i = 0; i < 300; i++)
        t[i] = (struct triple){ rand() % 50, i, -i };
    shmos_qsort(t, 300, sizeof t[0], by_key);
    for (int i = 1; i < 300; i++)
        tap_check(t[i - 1].key <= t[i].key && t[i].a == -t[i].b, "12-byte elements at %d", i);
    tap_ok(tap_failures() == 0, "qsort sorts like glibc (ints, 12-byte records); bsearch finds");
}

static void environment_and_rand(void)
{
    char *env[] = { "PATH=/bin", "HOME=/", "EMPTY=", "PATHX=no", NULL };

    tap_begin();
    shmos_environ = env;
    tap_check(shmos_getenv("PATH") && strcmp(shmos_getenv("PATH"), "/bin") == 0, "getenv PATH");
    tap_check(shmos_getenv("EMPTY") && *shmos_getenv("EMPTY") == '\0', "getenv EMPTY");
    tap_check(shmos_getenv("PAT") == NULL && shmos_getenv("NOPE") == NULL, "getenv missing");
    shmos_environ = NULL;
    tap_check(shmos_getenv("PATH") == NULL, "getenv without environ");

    shmos_srand(7);
    int first = shmos_rand(), in_range = 1;
    for (int i = 0; i < 10000; i++) {
        int r = shmos_rand();
        in_range &= r >= 0 && r <= RAND_MAX;
    }
    shmos_srand(7);
    tap_check(in_range && shmos_rand() == first, "rand range and srand repeatability");
    tap_ok(tap_failures() == 0, "getenv and rand/srand");
}

static void options(void)
{
    char *argv[] = { "prog", "-l", "-n", "5", "-ab", "-m7", "--", "-x", "file", NULL };
    int argc = 9, c;
    char seen[32] = "";

    tap_begin();
    while ((c = shmos_getopt(argc, argv, "ln:abm:")) != -1) {
        size_t len = strlen(seen);
        seen[len] = (char)c;
        seen[len + 1] = '\0';
        if (c == 'n')
            tap_check(strcmp(shmos_optarg, "5") == 0, "-n argument %s", shmos_optarg);
        if (c == 'm')
            tap_check(strcmp(shmos_optarg, "7") == 0, "-m argument %s", shmos_optarg);
    }
    tap_check(strcmp(seen, "lnabm") == 0, "options seen: %s", seen);
    tap_check(shmos_optind == 7, "optind %d", shmos_optind);
    tap_ok(tap_failures() == 0, "getopt: grouped options, attached and separate arguments, --");
}

void test_strings(void)
{
    srand(4242);
    strings_vs_glibc(50000);
    memory_moves(50000);
    misc_strings();
    ctype_vs_glibc();
    strtol_vs_glibc();
    messages();
    sorting();
    environment_and_rand();
    options();
}
