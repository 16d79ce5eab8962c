/* File-system calls that shmos's read-only initrd answers without system
 * calls of their own: stat and access through open + fstat, a fixed
 * current directory, and the calls that would change the file system,
 * which fail with EROFS as Linux does on a read-only mount (after ENOENT
 * for a missing path, which tells a caller more). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int stat(const char *restrict path, struct stat *restrict st)
{
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return -1;
    int r = fstat(fd, st);
    int err = errno;
    close(fd);
    errno = err;
    return r;
}

int lstat(const char *restrict path, struct stat *restrict st)
{
    return stat(path, st);
}

/* One user (root), read-only files: see <unistd.h>. */
int access(const char *path, int mode)
{
    struct stat st;

    if (mode & ~(F_OK | R_OK | W_OK | X_OK)) {
        errno = EINVAL;
        return -1;
    }
    if (stat(path, &st) < 0)
        return -1;
    if (mode & W_OK) {
        errno = EROFS;
        return -1;
    }
    /* As for root on Linux: any execute bit will do; directories search. */
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
    if (size == 1) {
        errno = ERANGE;
        return NULL;
    }
    if (!buf && !(buf = malloc(size ? size : 2)))     /* size 0: as big as needed */
        return NULL;
    strcpy(buf, "/");
    return buf;
}

/* Fails with ENOENT (or another lookup error) if path does not exist,
 * else with EROFS; always returns -1. */
static int read_only(const char *path)
{
    struct stat st;

    if (stat(path, &st) == 0)
        errno = EROFS;
    return -1;
}

int unlink(const char *path)
{
    return read_only(path);
}

int rmdir(const char *path)
{
    return read_only(path);
}

int remove(const char *path)
{
    return read_only(path);
}

int rename(const char *from, const char *to)
{
    (void)to;
    return read_only(from);
}

/* EEXIST for an existing path, as Linux reports it before EROFS. */
int mkdir(const char *path, mode_t mode)
{
    struct stat st;

    (void)mode;
    errno = stat(path, &st) == 0 ? EEXIST : EROFS;
    return -1;
}

int ftruncate(int fd, off_t length)
{
    struct stat st;

    (void)length;
    if (fstat(fd, &st) < 0)
        return -1;
    errno = S_ISREG(st.st_mode) ? EROFS : EINVAL;
    return -1;
}
