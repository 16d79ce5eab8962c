/* The seed's "camel" case, verbatim: error() under an unbraced if must be
 * skipped entirely, and the dprintf() after it must print.  Expected:
 * stdout "I am a process\n", nothing on stderr, exit status 0.
 *
 * gcc's -Wmisleading-indentation (in -Wall) objects to the one-line layout
 * itself, macros or not (`if (0 == 1) exit(1); puts("x");` gets the same
 * warning), so it is silenced here; -Wmultistatement-macros, the warning
 * that catches an ungrouped macro, stays on. */
#include "debug.h"

#pragma GCC diagnostic ignored "-Wmisleading-indentation"

int main(void)
{
    if (0 == 1) error("I am a camel\n"); dprintf("I am a process\n");
    return 0;
}
