/* struct stat as fstat() fills it, and the file type and permission bits. */
#ifndef SHMOS_STAT_H
#define SHMOS_STAT_H
#include <stdint.h>
#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_ISUID  0004000     /* set-user-id: exec makes the owner the effective user */
#define S_ISGID  0002000     /* set-group-id: with group x, exec makes the group the effective one */
#define S_ISVTX  0001000     /* sticky: in a directory, only the owner of a name (or of
                              * the directory, or root) may remove or rename it */
#define S_IRWXU 0700
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 0070
#define S_IRGRP 0040
#define S_IWGRP 0020
#define S_IXGRP 0010
#define S_IRWXO 0007
#define S_IROTH 0004
#define S_IWOTH 0002
#define S_IXOTH 0001
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
struct stat {
    uint32_t st_dev;
    uint32_t st_ino;
    uint32_t st_mode;      /* S_IF* type | permission bits */
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t st_rdev;
    long     st_size;      /* bytes (files), 0 otherwise: an off_t, as in glibc */
    long     st_blksize;   /* the best I/O size: a page */
    long     st_blocks;    /* 512-byte blocks the file's pages take */
    long     st_atime;     /* seconds since boot (shmos keeps no access time: the change time) */
    long     st_mtime;     /* last change of the contents */
    long     st_ctime;     /* last change of the contents or the name */
    uint32_t st_nmap;      /* shmos: regions mapping the file's pages, in all processes */
};
#endif
