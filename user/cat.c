/* cat [file...]: copies each file ("-" or no argument: stdin) to stdout.
 * Exits 1 if any file could not be read or the output failed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Copies fd to stdout; returns 0, or -1 after printing an error about name. */
static int copy(int fd, const char *name)
{
    static char buf[4096];

    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
            return -1;
        }
        if (n == 0)
            return 0;
        for (ssize_t done = 0; done < n;) {
            ssize_t k = write(STDOUT_FILENO, buf + done, n - done);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                fprintf(stderr, "cat: write error: %s\n", strerror(errno));
                return -1;
            }
            done += k;
        }
    }
}

int main(int argc, char **argv)
{
    int status = 0;

    if (argc < 2)
        return copy(STDIN_FILENO, "stdin") < 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            if (copy(STDIN_FILENO, "stdin") < 0)
                status = 1;
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (copy(fd, argv[i]) < 0)
            status = 1;
        close(fd);
    }
    return status;
}
