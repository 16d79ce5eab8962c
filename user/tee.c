/* tee [-a] [file...]: copies stdin to stdout and to each file (-a:
 * appended to, else truncated). Exits 1 if a file could not be opened or
 * written (the others still get everything), 2 on bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_FILES 32

static void usage(FILE *to)
{
    fprintf(to, "usage: tee [-a] [FILE...]\n");
}

/* Writes all n bytes of buf to fd; 0, or -1 (errno). */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int append = 0, opt, status = 0, nfds = 0;
    int fds[MAX_FILES + 1];
    const char *names[MAX_FILES + 1];
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "a")) != -1) {
        if (opt != 'a') {
            usage(stderr);
            return 2;
        }
        append = 1;
    }
    if (argc - optind > MAX_FILES) {
        fprintf(stderr, "tee: at most %d files\n", MAX_FILES);
        return 2;
    }
    fds[nfds] = STDOUT_FILENO;
    names[nfds++] = "standard output";
    for (int i = optind; i < argc; i++) {
        int fd = open(argv[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0) {
            fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        fds[nfds] = fd;
        names[nfds++] = argv[i];
    }
    char buf[4096];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "tee: read error: %s\n", strerror(errno));
            status = 1;
        }
        if (n <= 0)
            break;
        for (int i = 0; i < nfds; i++)
            if (fds[i] >= 0 && write_all(fds[i], buf, (size_t)n) < 0) {
                fprintf(stderr, "tee: %s: %s\n", names[i], strerror(errno));
                status = 1;
                if (i > 0)
                    close(fds[i]);
                fds[i] = -1;
            }
    }
    for (int i = 1; i < nfds; i++)
        if (fds[i] >= 0 && close(fds[i]) < 0)
            status = 1;
    return status;
}
