/* File status and directories. */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H
#include <sys/types.h>
#include <shmos/stat.h>

int fstat(int fd, struct stat *st);
/* lstat is stat: shmos has no symbolic links. */
int stat(const char *restrict path, struct stat *restrict st);
int lstat(const char *restrict path, struct stat *restrict st);
int mkdir(const char *path, mode_t mode);
/* Set the permission bits (07777 of mode): the owner or root only (EPERM). */
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
/* Set the bits open(O_CREAT) and mkdir leave out of new files (mask &
 * 0777; 022 from init on); the old mask. Inherited by fork, kept by exec. */
mode_t umask(mode_t mask);
#endif
