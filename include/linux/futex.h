/* Linux's name for the futex operations, so that a program written for
 * Linux builds unchanged (it calls futex through <shmos.h>'s futex()
 * on shmos and syscall(SYS_futex, ...) on Linux). */
#ifndef _LINUX_FUTEX_H
#define _LINUX_FUTEX_H
#include <shmos/futex.h>
#endif
