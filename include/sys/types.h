/* Basic POSIX types for shmos (i386: int and long are 32 bits). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>
#include <shmos/time.h>

typedef __PTRDIFF_TYPE__ ssize_t;
typedef long             off_t;      /* lseek() passes 32-bit offsets */
typedef int              pid_t;
typedef unsigned int     uid_t;
typedef unsigned int     gid_t;
typedef unsigned int     mode_t;
typedef unsigned int     dev_t;
typedef unsigned int     ino_t;
typedef unsigned int     nlink_t;
#ifndef _SHMOS_KEY_T
#define _SHMOS_KEY_T
typedef int              key_t;      /* System V IPC keys (also in <shmos/ipc.h>) */
#endif
typedef int              clockid_t;
typedef long             clock_t;    /* clock() ticks: microseconds */
typedef unsigned int     useconds_t;
typedef long             suseconds_t;
typedef long             blksize_t;
typedef long             blkcnt_t;
#endif
