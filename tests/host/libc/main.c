/* Driver of the libc host units (TAP through tests/lib/tap.c). run.sh
 * reports some results itself: TAP_FIRST is how many it printed before
 * this program (numbering goes on from there) and TAP_NO_PLAN=1 leaves the
 * plan line to run.sh. Exits 0 iff every test passed. */
#include <stdlib.h>
#include "harness.h"

int main(void)
{
    const char *first = getenv("TAP_FIRST"), *no_plan = getenv("TAP_NO_PLAN");

    tap_number_from(first ? atoi(first) : 0);
    test_format();
    test_float();
    test_math();
    test_gaps();
    test_strings();
    test_malloc();
    test_stdio();
    test_scanf();
    test_strtod();
    test_posix();
    if (!no_plan || atoi(no_plan) == 0)
        tap_plan(tap_count());
    return tap_failed() != 0;
}
