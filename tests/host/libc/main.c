/* TAP driver for the libc host tests. run.sh reports some results itself:
 * TAP_FIRST is how many it printed before this program (numbering goes
 * on from there) and TAP_NO_PLAN=1 leaves the plan line to run.sh. */
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include "harness.h"

static int test_number, failed_tests, current_failures;

int tap(int cond, const char *fmt, ...)
{
    va_list ap;

    printf("%s %d - ", cond ? "ok" : "not ok", ++test_number);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond)
        failed_tests++;
    current_failures = 0;
    return cond;
}

void diag(const char *fmt, ...)
{
    va_list ap;

    if (current_failures > 8)
        return;
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

void begin(void)
{
    current_failures = 0;
}

int check(int cond, const char *fmt, ...)
{
    va_list ap;

    if (cond)
        return 1;
    if (++current_failures <= 8) {
        printf("# ");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
    return 0;
}

int failures(void)
{
    return current_failures;
}

int main(void)
{
    const char *first = getenv("TAP_FIRST"), *no_plan = getenv("TAP_NO_PLAN");

    setvbuf(stdout, NULL, _IOLBF, 0);
    test_number = first ? atoi(first) : 0;
    test_format();
    test_strings();
    test_malloc();
    test_stdio();
    test_scanf();
    test_strtod();
    test_posix();
    if (!no_plan || atoi(no_plan) == 0)
        printf("1..%d\n", test_number);
    return failed_tests != 0;
}
