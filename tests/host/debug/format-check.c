/* Must compile with -DGOOD_FORMAT and must NOT compile (-Werror=format)
 * without it: the macros keep printf's format checking. */
#include "debug.h"

int main(int argc, char **argv)
{
    (void)argv;
#ifdef GOOD_FORMAT
    dprintf("%d\n", argc);
    if (argc > 3)
        error("%s\n", "too many");
#else
    dprintf("%d\n", "not a number");
    if (argc > 3)
        error("%s\n", argc);
#endif
    return 0;
}
