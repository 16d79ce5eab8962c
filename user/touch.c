/* touch [-c] file...: creates each file that does not exist (-c: does
 * not). shmos keeps no file times yet, so an existing file is left as it
 * is. Exits 1 if a file could not be created, 2 on bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: touch [-c] FILE...\n");
}

int main(int argc, char **argv)
{
    int no_create = 0, opt, status = 0;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "c")) != -1) {
        if (opt != 'c') {
            usage(stderr);
            return 2;
        }
        no_create = 1;
    }
    if (optind == argc) {
        fprintf(stderr, "touch: missing file operand\n");
        usage(stderr);
        return 2;
    }
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 || (no_create && errno == ENOENT))
            continue;
        int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
        if (fd < 0) {
            fprintf(stderr, "touch: cannot touch '%s': %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        close(fd);
    }
    return status;
}
