/* File-system calls that need more than their system call: lstat and
 * lchown (shmos has no symbolic links), getcwd (a buffer of its own),
 * creat and remove. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int __getcwd(char *buf, size_t size);

int lstat(const char *restrict path, struct stat *restrict st)
{
    return stat(path, st);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
    return chown(path, uid, gid);
}

char *getcwd(char *buf, size_t size)
{
    if (buf && size == 0) {
        errno = EINVAL;
        return NULL;
    }
    char *mine = NULL;
    if (!buf) {
        size = size ? size : PATH_MAX;      /* size 0: as big as needed */
        if (!(buf = mine = malloc(size)))
            return NULL;
    }
    if (__getcwd(buf, size) < 0) {
        free(mine);
        return NULL;
    }
    return buf;
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* unlink for a file, rmdir for a directory (what unlink refused). */
int remove(const char *path)
{
    if (unlink(path) == 0)
        return 0;
    if (errno != EISDIR)
        return -1;
    return rmdir(path);
}
