/* rm [-f] [-r | -R] file...: removes each file; -r removes directories and
 * what they hold; -f is quiet about missing files (and makes no operand
 * an error no more). Exits 1 if something could not be removed, 2 on bad
 * usage. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int force, recursive;

static void usage(FILE *to)
{
    fprintf(to, "usage: rm [-f] [-r | -R] FILE...\n");
}

/* Says path could not be removed, and why (what, or errno's text). -1. */
static int fail(const char *what, const char *path)
{
    fprintf(stderr, "rm: cannot remove '%s': %s\n", path, what ? what : strerror(errno));
    return -1;
}

static int remove_path(const char *path);

/* Removes what directory path holds, then path. */
static int remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return fail(NULL, path);
    int status = 0;
    struct dirent *e;
    char child[PATH_MAX];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= sizeof child) {
            fprintf(stderr, "rm: %s/%s: name too long\n", path, e->d_name);
            status = -1;
            continue;
        }
        if (remove_path(child) < 0)
            status = -1;
    }
    closedir(d);
    if (status == 0 && rmdir(path) < 0)
        return fail(NULL, path);
    return status;
}

static int remove_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        if (force && errno == ENOENT)
            return 0;
        return fail(NULL, path);
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive)
            return fail("Is a directory", path);
        return remove_tree(path);
    }
    return unlink(path) < 0 ? fail(NULL, path) : 0;
}

int main(int argc, char **argv)
{
    int opt, status = 0;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "frR")) != -1) {
        switch (opt) {
        case 'f': force = 1; break;
        case 'r': case 'R': recursive = 1; break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind == argc) {
        if (force)
            return 0;
        fprintf(stderr, "rm: missing operand\n");
        usage(stderr);
        return 2;
    }
    for (int i = optind; i < argc; i++)
        if (remove_path(argv[i]) < 0)
            status = 1;
    return status;
}
