/* errno: set by failing library calls (the kernel returns -errno). */
#ifndef _ERRNO_H
#define _ERRNO_H
#include <shmos/errno.h>

extern int errno;
#endif
