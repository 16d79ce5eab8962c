/* debug.h included before the C library's <stdio.h> and <stdlib.h> (and
 * glibc's <error.h>): their later inclusion must not clash with the macros.
 * Expected stdout: "macro 1\nlibc dprintf 2\n". */
#include "debug.h"
#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <error.h>
#endif

int main(void)
{
    dprintf("macro %d\n", 1);
    (dprintf)(1, "libc dprintf %d\n", 2);
    return 0;
}
