/* mv SOURCE DEST | mv SOURCE... DIRECTORY: renames, as GNU mv does: a
 * target that is a directory receives each SOURCE under its own name.
 * There is one file system, so a rename never needs a copy. Exits 1 if
 * something could not be moved, 2 on bad usage. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tool.h"

/* Renames src to the path dst. 0, or -1 after a message. */
static int move(const char *src, const char *dst)
{
    struct stat st, dt;
    if (stat(src, &st) < 0) {
        fprintf(stderr, "mv: cannot stat '%s': %s\n", src, strerror(errno));
        return -1;
    }
    if (stat(dst, &dt) == 0) {
        if (dt.st_dev == st.st_dev && dt.st_ino == st.st_ino) {
            fprintf(stderr, "mv: '%s' and '%s' are the same file\n", src, dst);
            return -1;
        }
        if (S_ISDIR(st.st_mode) && !S_ISDIR(dt.st_mode)) {
            fprintf(stderr, "mv: cannot overwrite non-directory '%s' with directory '%s'\n",
                    dst, src);
            return -1;
        }
        if (!S_ISDIR(st.st_mode) && S_ISDIR(dt.st_mode)) {
            fprintf(stderr, "mv: cannot overwrite directory '%s' with non-directory\n", dst);
            return -1;
        }
    }
    if (rename(src, dst) < 0) {
        if (errno == EINVAL)
            fprintf(stderr, "mv: cannot move '%s' to a subdirectory of itself, '%s'\n", src, dst);
        else
            fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", src, dst, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int opt;
    if (tool_start(argc, argv, "mv", "mv [-f] SOURCE DEST | mv [-f] SOURCE... DIRECTORY"))
        return 0;
    while ((opt = getopt(argc, argv, "f")) != -1) {
        if (opt != 'f')         /* -f: mv never asks anyway */
            return tool_usage();
    }
    return tool_to_target(argc - optind, argv + optind, move);
}
