/* dprintf() and error() as the bodies of unbraced if / else if / else and
 * loops, with and without variadic arguments.  Expected stdout:
 * "zero\none 1\nmany 2 items\nargc 1\nloop 0\nloop 1\n". */
#include "debug.h"

static void describe(int n)
{
    if (n == 0)
        dprintf("zero\n");
    else if (n == 1)
        dprintf("one %d\n", n);
    else
        dprintf("many %d %s\n", n, "items");
}

int main(int argc, char **argv)
{
    (void)argv;
    describe(0);
    describe(1);
    describe(2);
    if (argc > 5)
        error("too many arguments: %d\n", argc);
    else
        dprintf("argc %d\n", argc);
    for (int i = 0; i < 2; i++)
        if (i == 5)
            error("never\n");
        else
            dprintf("loop %d\n", i);
    return 0;
}
