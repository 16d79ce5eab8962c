/* test.c - the test builtin (also spelt "[ ... ]"), as POSIX defines it
 * by the number of arguments:
 *   0: false;  1: true if the string is not empty;
 *   2: "! expr" or a unary test (-e -f -d -r -w -x -s -z -n);
 *   3: a binary test (= != -eq -ne -lt -le -gt -ge), "! a b", or "( a )";
 *   4: "! a op b" or "( a b )";
 * and beyond, expressions joined by -a (before -o), as XSI adds.
 * Status 0 true, 1 false, 2 an error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

struct test {
    int error;              /* one was printed */
};

static int bad(struct test *t, const char *what, const char *arg)
{
    if (!t->error)
        fprintf(stderr, "sh: test: %s%s%s\n", arg ? arg : "", arg ? ": " : "", what);
    t->error = 1;
    return 0;
}

/* The integer in s, as test wants it. */
static long long integer(struct test *t, const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (!*s || *end || errno)
        bad(t, "integer expression expected", s);
    return v;
}

static int is_unary(const char *op)
{
    return op[0] == '-' && op[1] && !op[2] && strchr("efdrwxszn", op[1]);
}

static int unary(struct test *t, const char *op, const char *arg)
{
    struct stat st;
    switch (op[1]) {
    case 'z': return !*arg;
    case 'n': return *arg != 0;
    case 'r': return access(arg, R_OK) == 0;
    case 'w': return access(arg, W_OK) == 0;
    case 'x': return access(arg, X_OK) == 0;
    }
    if (stat(arg, &st) < 0)
        return 0;
    switch (op[1]) {
    case 'e': return 1;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 's': return st.st_size > 0;
    }
    return bad(t, "unknown operator", op);
}

static const char *const binaries[] = { "=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge" };

static int is_binary(const char *op)
{
    for (size_t i = 0; i < sizeof binaries / sizeof binaries[0]; i++)
        if (strcmp(op, binaries[i]) == 0)
            return 1;
    return 0;
}

static int binary(struct test *t, const char *l, const char *op, const char *r)
{
    if (op[0] != '-')
        return (strcmp(l, r) == 0) == (op[0] == '=');
    long long a = integer(t, l), b = integer(t, r);
    if (strcmp(op, "-eq") == 0) return a == b;
    if (strcmp(op, "-ne") == 0) return a != b;
    if (strcmp(op, "-lt") == 0) return a < b;
    if (strcmp(op, "-le") == 0) return a <= b;
    if (strcmp(op, "-gt") == 0) return a > b;
    return a >= b;
}

static int expression(struct test *t, char **a, int n);

/* The expression argv[0..n) by POSIX's argument-count rules. */
static int by_count(struct test *t, char **a, int n)
{
    switch (n) {
    case 0:
        return 0;
    case 1:
        return *a[0] != 0;
    case 2:
        if (strcmp(a[0], "!") == 0)
            return !by_count(t, a + 1, 1);
        if (is_unary(a[0]))
            return unary(t, a[0], a[1]);
        return bad(t, "unary operator expected", a[0]);
    case 3:
        if (is_binary(a[1]))
            return binary(t, a[0], a[1], a[2]);
        if (strcmp(a[1], "-a") == 0 || strcmp(a[1], "-o") == 0)
            return expression(t, a, 3);
        if (strcmp(a[0], "!") == 0)
            return !by_count(t, a + 1, 2);
        if (strcmp(a[0], "(") == 0 && strcmp(a[2], ")") == 0)
            return by_count(t, a + 1, 1);
        return bad(t, "binary operator expected", a[1]);
    case 4:
        if (strcmp(a[0], "!") == 0)
            return !by_count(t, a + 1, 3);
        if (strcmp(a[0], "(") == 0 && strcmp(a[3], ")") == 0)
            return by_count(t, a + 1, 2);
        break;
    }
    return bad(t, "too many arguments", NULL);
}

/* a[0..n) joined by -o (lowest) and -a; each part by by_count. */
static int expression(struct test *t, char **a, int n)
{
    for (int i = 1; i < n - 1; i++)
        if (strcmp(a[i], "-o") == 0)
            return expression(t, a, i) | expression(t, a + i + 1, n - i - 1);
    for (int i = 1; i < n - 1; i++)
        if (strcmp(a[i], "-a") == 0)
            return expression(t, a, i) & expression(t, a + i + 1, n - i - 1);
    return by_count(t, a, n);
}

int builtin_test(char **argv)
{
    int n = 0;
    while (argv[n])
        n++;
    if (strcmp(argv[0], "[") == 0) {
        if (n < 2 || strcmp(argv[n - 1], "]") != 0) {
            fprintf(stderr, "sh: [: missing ']'\n");
            return 2;
        }
        n--;
    }
    struct test t = { 0 };
    int r = n - 1 <= 4 ? by_count(&t, argv + 1, n - 1) : expression(&t, argv + 1, n - 1);
    return t.error ? 2 : !r;
}
