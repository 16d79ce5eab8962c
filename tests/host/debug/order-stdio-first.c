/* The C library's <stdio.h> (with its int dprintf(int fd, ...)) included
 * before debug.h.  Expected stdout: "macro 1\nlibc dprintf 2\n". */
#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <error.h>
#endif
#include "debug.h"

int main(void)
{
    dprintf("macro %d\n", 1);
    (dprintf)(1, "libc dprintf %d\n", 2);
    return 0;
}
