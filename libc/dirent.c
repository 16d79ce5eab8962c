/* Directory streams: getdents() records unpacked one at a time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <shmos.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(NAME_MAX == SHMOS_NAME_MAX, "<limits.h> NAME_MAX must match the kernel's");

struct __dirstream {
    int fd;
    size_t pos, len;             /* unread records are buf[pos..len) */
    struct dirent entry;         /* what readdir returns */
    union {
        struct shmos_dirent align;
        char bytes[1024];
    } buf;
};

/* Opens directory path for readdir; NULL with errno set (ENOTDIR if path is
 * not a directory). The caller releases it with closedir. */
DIR *opendir(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return NULL;
    DIR *d = NULL;
    if (fstat(fd, &st) < 0)
        goto fail;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    d = malloc(sizeof *d);
    if (!d)
        goto fail;
    d->fd = fd;
    d->pos = d->len = 0;
    return d;

fail:
    close(fd);            /* close() leaves errno alone when it succeeds */
    return NULL;
}

/* Returns the next entry (valid until the next call), or NULL at the end
 * (errno unchanged) or on error (errno set). */
struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        int n = getdents(d->fd, d->buf.bytes, sizeof d->buf.bytes);
        if (n <= 0)
            return NULL;
        d->pos = 0;
        d->len = n;
    }
    const struct shmos_dirent *rec = (const void *)(d->buf.bytes + d->pos);
    size_t name_room = rec->d_reclen - offsetof(struct shmos_dirent, d_name);
    if (rec->d_reclen <= offsetof(struct shmos_dirent, d_name) || d->pos + rec->d_reclen > d->len) {
        errno = EIO;            /* a malformed record: stop rather than loop */
        d->pos = d->len = 0;
        return NULL;
    }
    d->pos += rec->d_reclen;
    d->entry.d_ino = rec->d_ino;
    d->entry.d_type = rec->d_type;
    size_t len = strnlen(rec->d_name, name_room < SHMOS_NAME_MAX ? name_room : SHMOS_NAME_MAX);
    memcpy(d->entry.d_name, rec->d_name, len);
    d->entry.d_name[len] = '\0';
    return &d->entry;
}

int closedir(DIR *d)
{
    int r = close(d->fd);

    free(d);
    return r;
}

int dirfd(DIR *d)
{
    return d->fd;
}

/* Opens a directory stream over fd, which the stream then owns; NULL with
 * errno set (ENOTDIR if fd is not a directory). */
DIR *fdopendir(int fd)
{
    struct stat st;

    if (fstat(fd, &st) < 0)
        return NULL;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    DIR *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

/* Starts d over from its first entry. */
void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The entries of path that filter accepts (all if it is NULL), as a
 * malloc'ed array of malloc'ed copies sorted by compar (unsorted if NULL)
 * in *list; returns how many, or -1 with errno set and nothing allocated. */
int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **))
{
    DIR *d = opendir(path);
    struct dirent **v = NULL, *e;
    size_t n = 0, cap = 0;

    if (!d)
        return -1;
    int saved = errno;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (filter && !filter(e))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            struct dirent **bigger = realloc(v, cap * sizeof *v);
            if (!bigger)
                goto fail;
            v = bigger;
        }
        if (!(v[n] = malloc(sizeof *e)))
            goto fail;
        memcpy(v[n++], e, sizeof *e);
    }
    if (errno)
        goto fail;
    closedir(d);
    errno = saved;
    if (compar && n > 1)
        qsort(v, n, sizeof *v, (int (*)(const void *, const void *))compar);
    *list = v;
    return (int)n;

fail:
    saved = errno;
    while (n > 0)
        free(v[--n]);
    free(v);
    closedir(d);
    errno = saved;
    return -1;
}
