/* rmdir [-p] dir...: removes each empty directory; -p then removes its
 * parents named in the path, as long as they become empty. Exits 1 if a
 * directory could not be removed, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: rmdir [-p] DIRECTORY...\n");
}

static int remove_dir(const char *path)
{
    if (rmdir(path) == 0)
        return 0;
    fprintf(stderr, "rmdir: failed to remove '%s': %s\n", path, strerror(errno));
    return -1;
}

/* path, then each parent in it (path is edited). */
static int remove_parents(char *path)
{
    if (remove_dir(path) < 0)
        return -1;
    for (char *slash; (slash = strrchr(path, '/')) && slash > path;) {
        while (slash > path && slash[-1] == '/')
            slash--;            /* "a//b": the parent is "a" */
        *slash = '\0';
        if (remove_dir(path) < 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int parents = 0, opt, status = 0;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "p")) != -1) {
        if (opt != 'p') {
            usage(stderr);
            return 2;
        }
        parents = 1;
    }
    if (optind == argc) {
        fprintf(stderr, "rmdir: missing operand\n");
        usage(stderr);
        return 2;
    }
    for (int i = optind; i < argc; i++)
        if ((parents ? remove_parents(argv[i]) : remove_dir(argv[i])) < 0)
            status = 1;
    return status;
}
