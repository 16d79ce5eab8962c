/* errno: set by failing library calls (the kernel returns -errno). */
#ifndef _ERRNO_H
#define _ERRNO_H
#include <shmos/errno.h>

/* Each thread's own (thread-local storage: libc/tls.c). */
extern __thread int errno;
#endif
