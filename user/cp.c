/* cp [-r | -R] [-f] SOURCE DEST | cp [-r] SOURCE... DIRECTORY: copies
 * files (a directory only with -r, with what it holds), as GNU cp does: a
 * target that is a directory receives SOURCE under its own name; a new
 * file gets the source's permission bits; a directory copied into itself
 * is copied once, and is an error. Exits 1 if something could not
 * be copied, 2 on bad usage. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tool.h"

static int recursive;

/* errno's message about path, after "cp: WHAT 'PATH': ". -1. */
static int fail(const char *what, const char *path)
{
    fprintf(stderr, "cp: %s'%s': %s\n", what, path, strerror(errno));
    return -1;
}

/* Copies the bytes of open fd in to out (dst names it). 0 or -1. */
static int copy_bytes(int in, int out, const char *src, const char *dst)
{
    char buf[8192];
    for (;;) {
        ssize_t got = read(in, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return fail("error reading ", src);
        if (got == 0)
            return 0;
        for (ssize_t done = 0; done < got;) {
            ssize_t w = write(out, buf + done, (size_t)(got - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return fail("error writing ", dst);
            done += w;
        }
    }
}

/* Copies file src (st: its status) to dst, creating or emptying it. */
static int copy_file(const char *src, const struct stat *st, const char *dst)
{
    int in = open(src, O_RDONLY);
    if (in < 0)
        return fail("cannot open ", src);
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
    if (out < 0) {
        close(in);
        return fail("cannot create regular file ", dst);
    }
    int r = copy_bytes(in, out, src, dst);
    close(in);
    if (close(out) < 0 && r == 0)
        r = fail("error writing ", dst);
    return r;
}

static int copy(const char *src, const char *dst);

/* The directory made by a copy into its own source: not copied again. */
static struct stat made;
static int made_set;

/* Is the directory holding path src (st) or below it? */
static int inside(const char *path, const struct stat *src)
{
    char up[PATH_MAX];
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    while (len > 0 && path[len - 1] != '/')
        len--;
    if (snprintf(up, sizeof up, "%.*s.", (int)len, path) >= (int)sizeof up)
        return 0;
    struct stat st, parent;
    for (int depth = 0; depth < 64 && stat(up, &st) == 0; depth++) {
        if (st.st_dev == src->st_dev && st.st_ino == src->st_ino)
            return 1;
        if (strlen(up) + 4 > sizeof up)
            return 0;
        strcat(up, "/..");
        if (stat(up, &parent) < 0 || (parent.st_dev == st.st_dev && parent.st_ino == st.st_ino))
            return 0;       /* the root */
    }
    return 0;
}

/* Copies directory src (st) to dst, made if missing, then what src holds. */
static int copy_dir(const char *src, const struct stat *st, const char *dst)
{
    struct stat dt;
    if (stat(dst, &dt) == 0) {
        if (!S_ISDIR(dt.st_mode)) {
            fprintf(stderr, "cp: cannot overwrite non-directory '%s' with directory '%s'\n",
                    dst, src);
            return -1;
        }
    } else if (mkdir(dst, (st->st_mode & 07777) | 0700) < 0) {
        return fail("cannot create directory ", dst);
    }
    int into_itself = !made_set && inside(dst, st);
    if (into_itself && stat(dst, &made) == 0)
        made_set = 1;
    DIR *d = opendir(src);
    if (!d)
        return fail("cannot access ", src);
    int status = 0;
    struct dirent *e;
    char from[PATH_MAX], to[PATH_MAX];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (tool_into(from, sizeof from, src, e->d_name) < 0 ||
            tool_into(to, sizeof to, dst, e->d_name) < 0) {
            fprintf(stderr, "cp: %s/%s: File name too long\n", src, e->d_name);
            status = -1;
            continue;
        }
        struct stat cs;
        if (made_set && stat(from, &cs) == 0 && cs.st_dev == made.st_dev && cs.st_ino == made.st_ino)
            continue;
        if (copy(from, to) < 0)
            status = -1;
    }
    closedir(d);
    if (into_itself) {
        fprintf(stderr, "cp: cannot copy a directory, '%s', into itself, '%s'\n", src, dst);
        status = -1;
    }
    return status;
}

/* Copies src to the path dst (not into it). 0 or -1 after a message. */
static int copy(const char *src, const char *dst)
{
    struct stat st, dt;
    if (stat(src, &st) < 0)
        return fail("cannot stat ", src);
    if (stat(dst, &dt) == 0 && dt.st_dev == st.st_dev && dt.st_ino == st.st_ino) {
        fprintf(stderr, "cp: '%s' and '%s' are the same file\n", src, dst);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", src);
            return -1;
        }
        return copy_dir(src, &st, dst);
    }
    return copy_file(src, &st, dst);
}

int main(int argc, char **argv)
{
    int opt;
    if (tool_start(argc, argv, "cp", "cp [-r | -R] [-f] SOURCE DEST | cp [-r] SOURCE... DIRECTORY"))
        return 0;
    while ((opt = getopt(argc, argv, "rRf")) != -1) {
        switch (opt) {
        case 'r': case 'R': recursive = 1; break;
        case 'f': break;        /* a file that cannot be opened is not removed first */
        default: return tool_usage();
        }
    }
    return tool_to_target(argc - optind, argv + optind, copy);
}
