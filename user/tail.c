/* tail [-n [+]N | -c [+]N | -N] [-q | -v] [file...]: the last N lines
 * (default 10) or bytes of each file ("-" or none: stdin); with +N, from
 * line or byte N on. With several files, each is headed "==> NAME <=="
 * (-q: never, -v: always), as GNU tail does. No -f (shmos has no way to
 * wait for a file to grow): refused. Exits 1 if a file could not be
 * read, 2 on bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: tail [-n [+]LINES | -c [+]BYTES | -LINES] [-q | -v] [FILE...]\n");
}

/* Parses "[+]digits" into *n and *from_start; -1 if it is not that. */
static int count_arg(const char *s, long *n, int *from_start)
{
    char *end;
    *from_start = *s == '+';
    if (*s == '+' || *s == '-')
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    *n = strtol(s, &end, 10);
    return *end || errno ? -1 : 0;
}

/* All of fd in a malloc'd buffer (its length in *len), or NULL after an
 * error naming name. */
static char *slurp(int fd, const char *name, size_t *len)
{
    size_t size = 4096, used = 0;
    char *buf = malloc(size);
    for (;;) {
        if (!buf) {
            fprintf(stderr, "tail: %s: out of memory\n", name);
            return NULL;
        }
        if (used == size) {
            char *grown = realloc(buf, size *= 2);
            if (!grown)
                free(buf);
            buf = grown;
            continue;
        }
        ssize_t got = read(fd, buf + used, size - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "tail: error reading '%s': %s\n", name, strerror(errno));
            free(buf);
            return NULL;
        }
        if (got == 0)
            break;
        used += (size_t)got;
    }
    *len = used;
    return buf;
}

/* Where the output of buf[0..len) starts for the count n. */
static size_t start_of(const char *buf, size_t len, long n, int by_bytes, int from_start)
{
    if (by_bytes) {
        if (from_start)
            return n > 1 ? ((size_t)n - 1 < len ? (size_t)n - 1 : len) : 0;
        return (size_t)n < len ? len - (size_t)n : 0;
    }
    if (from_start) {
        size_t i = 0;
        for (long line = 1; line < n && i < len; i++)
            if (buf[i] == '\n')
                line++;
        return i;
    }
    /* Back from the end over n line ends; a last line without one counts. */
    size_t i = len;
    if (i > 0 && buf[i - 1] == '\n')
        i--;
    for (long seen = 0; i > 0; i--)
        if (buf[i - 1] == '\n' && ++seen == n)
            break;
    return n == 0 ? len : i;
}

static int tail(int fd, const char *name, long n, int by_bytes, int from_start)
{
    size_t len;
    char *buf = slurp(fd, name, &len);
    if (!buf)
        return -1;
    size_t at = start_of(buf, len, n, by_bytes, from_start);
    size_t out = fwrite(buf + at, 1, len - at, stdout);
    free(buf);
    return out == len - at ? 0 : -1;
}

int main(int argc, char **argv)
{
    long n = 10;
    int by_bytes = 0, from_start = 0, headers = 0, opt, status = 0;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') && argv[1][1] >= '0'
        && argv[1][1] <= '9') {
        if (count_arg(argv[1], &n, &from_start) < 0) {
            fprintf(stderr, "tail: invalid number of lines: '%s'\n", argv[1]);
            return 2;
        }
        argv[1] = argv[0];      /* the obsolescent -N / +N form: skip it */
        argv++;
        argc--;
    }
    while ((opt = getopt(argc, argv, "n:c:qvf")) != -1) {
        switch (opt) {
        case 'n':
        case 'c':
            if (count_arg(optarg, &n, &from_start) < 0) {
                fprintf(stderr, "tail: invalid number of %s: '%s'\n",
                        opt == 'n' ? "lines" : "bytes", optarg);
                return 2;
            }
            by_bytes = opt == 'c';
            break;
        case 'q': headers = -1; break;
        case 'v': headers = 1; break;
        case 'f':
            fprintf(stderr, "tail: -f is not supported\n");
            return 2;
        default:
            usage(stderr);
            return 2;
        }
    }
    int nfiles = argc - optind;
    if (nfiles == 0)
        return tail(STDIN_FILENO, "standard input", n, by_bytes, from_start) < 0
                   || fflush(stdout) ? 1 : 0;
    /* As GNU tail: nothing to print (the last 0), no headers either. */
    int show = (headers > 0 || (headers == 0 && nfiles > 1)) && (n > 0 || from_start), shown = 0;
    for (int i = optind; i < argc; i++) {
        int is_stdin = strcmp(argv[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "tail: cannot open '%s' for reading: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (show)
            printf("%s==> %s <==\n", shown++ ? "\n" : "", is_stdin ? "standard input" : argv[i]);
        if (tail(fd, argv[i], n, by_bytes, from_start) < 0)
            status = 1;
        if (!is_stdin)
            close(fd);
    }
    return fflush(stdout) ? 1 : status;
}
