/* head [-n N | -c N | -N] [-q | -v] [file...]: the first N lines (default
 * 10) or bytes of each file ("-" or none: stdin). With several files, each
 * is headed "==> NAME <==" (-q: never, -v: always), as GNU head does.
 * Exits 1 if a file could not be read, 2 on bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: head [-n LINES | -c BYTES | -LINES] [-q | -v] [FILE...]\n");
}

/* A count from an option's argument (digits only); -1 if it is not one. */
static long count_arg(const char *s)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    long n = strtol(s, &end, 10);
    return *end || errno ? -1 : n;
}

/* Copies the first n lines (bytes if by_bytes) of fd to stdout. 0, or -1
 * after an error naming name. */
static int head(int fd, const char *name, long n, int by_bytes)
{
    char buf[4096];
    while (n > 0) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "head: error reading '%s': %s\n", name, strerror(errno));
            return -1;
        }
        if (got == 0)
            break;
        ssize_t take = 0;
        if (by_bytes) {
            take = got < n ? got : n;
            n -= take;
        } else {
            while (take < got && n > 0)
                if (buf[take++] == '\n')
                    n--;
        }
        if (fwrite(buf, 1, (size_t)take, stdout) != (size_t)take)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long n = 10;
    int by_bytes = 0, headers = 0, opt, status = 0;     /* headers: 0 auto, 1 -v, -1 -q */
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
        if ((n = count_arg(argv[1] + 1)) < 0) {
            fprintf(stderr, "head: invalid number of lines: '%s'\n", argv[1] + 1);
            return 2;
        }
        argv[1] = argv[0];      /* the obsolescent -N form: skip it */
        argv++;
        argc--;
    }
    while ((opt = getopt(argc, argv, "n:c:qv")) != -1) {
        switch (opt) {
        case 'n':
        case 'c':
            if ((n = count_arg(optarg)) < 0) {
                fprintf(stderr, "head: invalid number of %s: '%s'\n",
                        opt == 'n' ? "lines" : "bytes", optarg);
                return 2;
            }
            by_bytes = opt == 'c';
            break;
        case 'q': headers = -1; break;
        case 'v': headers = 1; break;
        default:
            usage(stderr);
            return 2;
        }
    }
    int nfiles = argc - optind;
    if (nfiles == 0)
        return head(STDIN_FILENO, "standard input", n, by_bytes) < 0 || fflush(stdout) ? 1 : 0;
    int show = headers > 0 || (headers == 0 && nfiles > 1);
    for (int i = optind; i < argc; i++) {
        int is_stdin = strcmp(argv[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "head: cannot open '%s' for reading: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (show)
            printf("%s==> %s <==\n", i > optind ? "\n" : "",
                   is_stdin ? "standard input" : argv[i]);
        fflush(stdout);
        if (head(fd, argv[i], n, by_bytes) < 0)
            status = 1;
        if (!is_stdin)
            close(fd);
    }
    return fflush(stdout) ? 1 : status;
}
