/* open() and its flags. The mode argument is optional (only used with
 * O_CREAT). creat(path, mode) is open(path, O_WRONLY|O_CREAT|O_TRUNC, mode). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <shmos/fcntl.h>

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
#endif
