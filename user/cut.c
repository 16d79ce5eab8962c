/* cut -c LIST [FILE...] | -f LIST [-d DELIM] [-s] [FILE...]: prints the
 * selected characters (bytes: no multibyte locale) or fields (split at
 * DELIM, a tab if not given) of each line. LIST is N, N-M, N- and -M,
 * joined by commas. A line without the delimiter is printed whole unless
 * -s. Exits 1 if a file cannot be read, 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

#define MAX_RANGES 64

static struct { long lo, hi; } ranges[MAX_RANGES];
static int nranges;

/* Parses LIST; 0, or -1 if it is malformed. */
static int parse_list(const char *s)
{
    while (*s) {
        char *end;
        long lo = 1, hi = 0;
        if (nranges == MAX_RANGES)
            return -1;
        if (*s != '-') {
            lo = strtol(s, &end, 10);
            if (end == s || lo < 1)
                return -1;
            s = end;
            hi = lo;
        }
        if (*s == '-') {
            s++;
            hi = 0x7fffffffL;
            if (*s >= '0' && *s <= '9') {
                hi = strtol(s, &end, 10);
                s = end;
            }
        }
        if (hi < lo)
            return -1;
        ranges[nranges].lo = lo;
        ranges[nranges++].hi = hi;
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return nranges ? 0 : -1;
}

static int selected(long i)
{
    for (int k = 0; k < nranges; k++)
        if (i >= ranges[k].lo && i <= ranges[k].hi)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int mode = 0, only_delimited = 0, opt;
    char delim = '\t';
    const char *list = NULL;

    if (tool_start(argc, argv, "cut", "cut -c LIST [FILE...] | -f LIST [-d DELIM] [-s] [FILE...]"))
        return 0;
    while ((opt = getopt(argc, argv, "b:c:f:d:sn")) != -1) {
        if ((opt == 'b' || opt == 'c' || opt == 'f') && !mode) {
            mode = opt == 'f' ? 'f' : 'c';
            list = optarg;
        } else if (opt == 'd' && strlen(optarg) == 1) {
            delim = optarg[0];
        } else if (opt == 's') {
            only_delimited = 1;
        } else if (opt != 'n') {
            return tool_usage();
        }
    }
    if (!mode || parse_list(list) < 0) {
        if (mode)
            fprintf(stderr, "cut: invalid list '%s'\n", list);
        return tool_usage();
    }
    int status = 0;
    char *stdin_only[] = { "-" };
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (int i = 0; i < nfiles; i++) {
        FILE *f = tool_open(files[i]);
        if (!f) {
            status = 1;
            continue;
        }
        while ((len = getline(&line, &cap, f)) >= 0) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (mode == 'c') {
                for (long k = 0; k < len; k++)
                    if (selected(k + 1))
                        putchar(line[k]);
                putchar('\n');
                continue;
            }
            if (!strchr(line, delim)) {
                if (!only_delimited)
                    printf("%s\n", line);
                continue;
            }
            long field = 1;
            int first = 1;
            for (char *p = line;; field++) {
                char *end = strchr(p, delim);
                size_t n = end ? (size_t)(end - p) : strlen(p);
                if (selected(field)) {
                    if (!first)
                        putchar(delim);
                    fwrite(p, 1, n, stdout);
                    first = 0;
                }
                if (!end)
                    break;
                p = end + 1;
            }
            putchar('\n');
        }
        tool_close(f);
    }
    free(line);
    return status;
}
