/* open() and its flags. The filesystem is read-only: opening for writing
 * fails with EROFS. The mode argument is optional (only used with O_CREAT). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <shmos/fcntl.h>

int open(const char *path, int flags, ...);
#endif
