/* File-system calls that need more than their system call: lstat (shmos
 * has no symbolic links), access (one user, root: existence and the
 * execute bits decide), getcwd (a buffer of its own), creat and remove. */
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

/* As for root on Linux: every existing path may be read and written; X_OK
 * needs an execute bit (any directory may be searched). */
int access(const char *path, int mode)
{
    struct stat st;

    if (mode & ~(F_OK | R_OK | W_OK | X_OK)) {
        errno = EINVAL;
        return -1;
    }
    if (stat(path, &st) < 0)
        return -1;
    if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
        errno = EACCES;
        return -1;
    }
    return 0;
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
