/* error() prints on stderr only and exits with EXIT_FAILURE; text already
 * given to stdout (even unflushed printf text) comes out before the exit.
 * No argument: error("fatal %s %d\n", "error", 42).
 * Any argument: error("fatal without arguments\n").
 * Expected: stdout "before\nbuffered ", stderr the error text, status 1. */
#include "debug.h"

int main(int argc, char **argv)
{
    (void)argv;
    dprintf("before\n");
    printf("buffered ");
    if (argc > 1)
        error("fatal without arguments\n");
    else
        error("fatal %s %d\n", "error", 42);
    dprintf("after\n");
    return 0;
}
