/* Directory streams over getdents(). d_type is DT_DIR, DT_REG or DT_CHR. */
#ifndef _DIRENT_H
#define _DIRENT_H
#include <sys/types.h>
#include <shmos/dirent.h>

#define DT_UNKNOWN 0

struct dirent {
    ino_t         d_ino;
    unsigned char d_type;
    char          d_name[SHMOS_NAME_MAX + 1];
};
typedef struct __dirstream DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
int dirfd(DIR *dir);
DIR *fdopendir(int fd);
void rewinddir(DIR *dir);
int alphasort(const struct dirent **a, const struct dirent **b);
int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **));
#endif
