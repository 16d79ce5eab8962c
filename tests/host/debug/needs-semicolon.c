/* Must compile with -DWITH_SEMICOLON and must NOT compile without it: both
 * macros demand the semicolon that ends a statement. */
#include "debug.h"

#ifdef WITH_SEMICOLON
#define END ;
#else
#define END
#endif

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 3)
        error("too many\n") END
    else
        dprintf("fine\n") END
    dprintf("done\n") END
    return 0;
}
