/* Limits of the integer types (i386) and of shmos. Only the names that
 * POSIX puts in <limits.h>: the kernel's layout constants (PAGE_SIZE,
 * KERNBASE, ...) are in <shmos.h>, and the page size at run time is
 * sysconf(_SC_PAGESIZE). */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT   8
#define SCHAR_MIN  (-128)
#define SCHAR_MAX  127
#define UCHAR_MAX  255
#ifdef __CHAR_UNSIGNED__         /* -funsigned-char */
#define CHAR_MIN   0
#define CHAR_MAX   UCHAR_MAX
#else
#define CHAR_MIN   SCHAR_MIN
#define CHAR_MAX   SCHAR_MAX
#endif
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
#define SSIZE_MAX  __PTRDIFF_MAX__  /* ssize_t is __PTRDIFF_TYPE__ (int): same type */

#define NAME_MAX   255              /* longest file name (SHMOS_NAME_MAX, checked in libc) */
#define PATH_MAX   4096             /* longest path, NUL included (the kernel's UPATH_MAX) */
#define OPEN_MAX   16               /* file descriptors per process */
#endif
