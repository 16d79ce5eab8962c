/* glob: path names matching a shell pattern (POSIX). */
#ifndef _GLOB_H
#define _GLOB_H
#include <stddef.h>

typedef struct {
    size_t gl_pathc;        /* matches found */
    char **gl_pathv;        /* them, then NULL (after gl_offs NULLs) */
    size_t gl_offs;         /* NULL slots reserved at the start (GLOB_DOOFFS) */
} glob_t;

#define GLOB_ERR      0x01  /* stop at a directory that cannot be read */
#define GLOB_MARK     0x02  /* append '/' to directories */
#define GLOB_NOSORT   0x04  /* leave the matches in directory order */
#define GLOB_DOOFFS   0x08  /* reserve gl_offs slots */
#define GLOB_NOCHECK  0x10  /* no match: the pattern itself is the match */
#define GLOB_APPEND   0x20  /* add to the matches of an earlier call */
#define GLOB_NOESCAPE 0x40  /* '\' is an ordinary character */

#define GLOB_NOSPACE  1
#define GLOB_ABORTED  2
#define GLOB_NOMATCH  3

/* Fills g with the paths matching pattern (0), or returns GLOB_NOMATCH,
 * GLOB_NOSPACE or GLOB_ABORTED; errfunc(path, errno) is told of each
 * directory that cannot be read (non-zero: stop). globfree releases g. */
int glob(const char *restrict pattern, int flags, int (*errfunc)(const char *path, int err),
         glob_t *restrict g);
void globfree(glob_t *g);
#endif
