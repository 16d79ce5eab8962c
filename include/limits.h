/* Limits of the integer types (i386) and of shmos. */
#ifndef _LIMITS_H
#define _LIMITS_H
#include <shmos/dirent.h>
#include <shmos/layout.h>

#define CHAR_BIT   8
#define SCHAR_MIN  (-128)
#define SCHAR_MAX  127
#define UCHAR_MAX  255
#define CHAR_MIN   SCHAR_MIN     /* char is signed on i386 */
#define CHAR_MAX   SCHAR_MAX
#define MB_LEN_MAX 1
#define SHRT_MIN   (-32767 - 1)
#define SHRT_MAX   32767
#define USHRT_MAX  65535
#define INT_MIN    (-INT_MAX - 1)
#define INT_MAX    __INT_MAX__
#define UINT_MAX   (INT_MAX * 2U + 1U)
#define LONG_MIN   (-LONG_MAX - 1L)
#define LONG_MAX   __LONG_MAX__
#define ULONG_MAX  (LONG_MAX * 2UL + 1UL)
#define LLONG_MIN  (-LLONG_MAX - 1LL)
#define LLONG_MAX  __LONG_LONG_MAX__
#define ULLONG_MAX (LLONG_MAX * 2ULL + 1ULL)
#define SSIZE_MAX  LONG_MAX

#define NAME_MAX   SHMOS_NAME_MAX   /* longest file name in a directory */
#define PATH_MAX   256              /* buffer size libc uses for paths */
#define OPEN_MAX   16               /* file descriptors per process */
#define PAGESIZE   PAGE_SIZE
#endif
