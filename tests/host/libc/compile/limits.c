/* <limits.h> names only what POSIX puts there: a program may define
 * PAGE_SIZE, KERNBASE or DT_DIR itself, before or after including it
 * (compiled with -Werror, where a redefinition would be an error).
 * CHAR_MIN/CHAR_MAX follow the signedness of char, SSIZE_MAX has
 * ssize_t's type. run.sh compiles this with USER_CFLAGS, once more with
 * -funsigned-char. */
#define PAGE_SIZE 8192
#include <limits.h>
#include <sys/types.h>
#define KERNBASE 0
#define DT_DIR 99
#define USER_TOP 1

#ifdef PAGESIZE
#error "<limits.h> defines PAGESIZE"
#endif
#ifndef NAME_MAX
#error "NAME_MAX"
#endif
#ifndef PATH_MAX
#error "PATH_MAX"
#endif

_Static_assert(PAGE_SIZE == 8192, "the program's own PAGE_SIZE");
_Static_assert(NAME_MAX == 255, "NAME_MAX is the kernel's SHMOS_NAME_MAX");
_Static_assert(CHAR_MIN == ((char)-1 < 0 ? SCHAR_MIN : 0), "CHAR_MIN follows char's sign");
_Static_assert(CHAR_MAX == ((char)-1 < 0 ? SCHAR_MAX : UCHAR_MAX), "CHAR_MAX follows char's sign");
_Static_assert(_Generic(SSIZE_MAX, ssize_t: 1, default: 0), "SSIZE_MAX has ssize_t's type");
_Static_assert(SSIZE_MAX == (ssize_t)((size_t)-1 / 2), "SSIZE_MAX is ssize_t's maximum");

int main(void)
{
    return 0;
}
