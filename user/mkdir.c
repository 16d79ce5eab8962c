/* mkdir [-p] [-m MODE] dir...: makes each directory; -p also makes the
 * missing parents and is quiet about a directory that exists; -m gives
 * the mode in octal (shmos keeps modes but checks no permissions yet).
 * Exits 1 if a directory could not be made, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: mkdir [-p] [-m MODE] DIRECTORY...\n");
}

/* mkdir(path), quiet about an existing directory when parents_ok. */
static int make(const char *path, mode_t mode, int parents_ok)
{
    struct stat st;
    if (mkdir(path, mode) == 0)
        return 0;
    int err = errno;
    if (parents_ok && err == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    fprintf(stderr, "mkdir: cannot create directory '%s': %s\n", path, strerror(err));
    return -1;
}

/* -p: each prefix of path that ends before a '/', then path itself. */
static int make_parents(char *path, mode_t mode)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/' || p[-1] == '/')
            continue;
        *p = '\0';
        int r = make(path, 0777, 1);
        *p = '/';
        if (r < 0)
            return -1;
    }
    return make(path, mode, 1);
}

int main(int argc, char **argv)
{
    int parents = 0, opt, status = 0;
    mode_t mode = 0777;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "pm:")) != -1) {
        char *end;
        switch (opt) {
        case 'p': parents = 1; break;
        case 'm':
            mode = (mode_t)strtol(optarg, &end, 8);
            if (!*optarg || *end || mode > 07777) {
                fprintf(stderr, "mkdir: invalid mode '%s'\n", optarg);
                return 2;
            }
            break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "mkdir: missing operand\n");
        usage(stderr);
        return 2;
    }
    for (int i = optind; i < argc; i++)
        if ((parents ? make_parents(argv[i], mode) : make(argv[i], mode, 0)) < 0)
            status = 1;
    return status;
}
