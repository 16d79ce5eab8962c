/* wc [-clmw] [file...]: counts lines, words (runs of non-space bytes) and
 * bytes of each file ("-" or none: stdin), and a total for several files.
 * -c and -m both count bytes (shmos has no multibyte locale). Numbers are
 * right-aligned to one width as GNU wc does: wide enough for the total
 * size of the regular files, at least 7 if an input is not a regular
 * file, and 1 when only one number of one input is printed. Exits 1 if a
 * file could not be read, 2 on bad usage. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
    unsigned long long lines, words, bytes;
};

static int want_lines, want_words, want_bytes;

static void usage(FILE *to)
{
    fprintf(to, "usage: wc [-c | -m] [-l] [-w] [FILE...]\n");
}

/* Counts fd into *c. 0, or -1 after an error naming name. */
static int count(int fd, const char *name, struct counts *c)
{
    unsigned char buf[4096];
    int in_word = 0;
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
            return -1;
        }
        if (got == 0)
            return 0;
        c->bytes += (unsigned long long)got;
        for (ssize_t i = 0; i < got; i++) {
            if (buf[i] == '\n')
                c->lines++;
            if (isspace(buf[i])) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                c->words++;
            }
        }
    }
}

static void print(const struct counts *c, int width, const char *name)
{
    const char *sep = "";
    if (want_lines) {
        printf("%*llu", width, c->lines);
        sep = " ";
    }
    if (want_words) {
        printf("%s%*llu", sep, width, c->words);
        sep = " ";
    }
    if (want_bytes)
        printf("%s%*llu", sep, width, c->bytes);
    if (name)
        printf(" %s", name);
    printf("\n");
}

/* The width of every number (see the top). */
static int number_width(char **names, int n)
{
    unsigned long long regular = 0;
    int width = 1, minimum = 1;
    for (int i = 0; i < n; i++) {
        struct stat st;
        int ok = !names || strcmp(names[i], "-") == 0 ? fstat(STDIN_FILENO, &st) == 0
                                                      : stat(names[i], &st) == 0;
        if (!ok) {
            if (i == 0)
                return 1;
            continue;
        }
        if (S_ISREG(st.st_mode))
            regular += (unsigned long long)st.st_size;
        else
            minimum = 7;
    }
    for (; regular >= 10; regular /= 10)
        width++;
    return width < minimum ? minimum : width;
}

int main(int argc, char **argv)
{
    int opt, status = 0;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "clmw")) != -1) {
        switch (opt) {
        case 'c': case 'm': want_bytes = 1; break;
        case 'l': want_lines = 1; break;
        case 'w': want_words = 1; break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (!want_lines && !want_words && !want_bytes)
        want_lines = want_words = want_bytes = 1;
    int nfiles = argc - optind;
    int width = want_lines + want_words + want_bytes == 1 && nfiles <= 1
                    ? 1 : number_width(nfiles ? argv + optind : NULL, nfiles ? nfiles : 1);
    if (nfiles == 0) {
        struct counts c = { 0, 0, 0 };
        if (count(STDIN_FILENO, "standard input", &c) < 0)
            return 1;
        print(&c, width, NULL);
        return fflush(stdout) ? 1 : 0;
    }
    struct counts total = { 0, 0, 0 };
    for (int i = optind; i < argc; i++) {
        struct counts c = { 0, 0, 0 };
        int is_stdin = strcmp(argv[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (count(fd, argv[i], &c) < 0)
            status = 1;
        else
            print(&c, width, argv[i]);
        if (!is_stdin)
            close(fd);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (nfiles > 1)
        print(&total, width, "total");
    return fflush(stdout) ? 1 : status;
}
