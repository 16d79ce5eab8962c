/* uniq [-c] [-d | -u] [INPUT [OUTPUT]]: copies INPUT (stdin) to OUTPUT
 * (stdout) with each run of equal adjacent lines reduced to one; -c
 * prefixes each with its count, -d prints only repeated lines, -u only
 * lines that are not. Exits 1 if a file cannot be opened, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

static int counts, repeated, unique;

static void emit(FILE *out, const char *line, long n)
{
    if ((repeated && n < 2) || (unique && n > 1))
        return;
    if (counts)
        fprintf(out, "%7ld %s", n, line);
    else
        fputs(line, out);
}

int main(int argc, char **argv)
{
    int opt;

    if (tool_start(argc, argv, "uniq", "uniq [-c] [-d | -u] [INPUT [OUTPUT]]"))
        return 0;
    while ((opt = getopt(argc, argv, "cdu")) != -1) {
        if (opt == 'c')
            counts = 1;
        else if (opt == 'd')
            repeated = 1;
        else if (opt == 'u')
            unique = 1;
        else
            return tool_usage();
    }
    if (argc - optind > 2)
        return tool_usage();
    FILE *in = tool_open(optind < argc ? argv[optind] : "-"), *out = stdout;
    if (!in)
        return 1;
    if (argc - optind == 2 && !(out = fopen(argv[optind + 1], "w"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[optind + 1], strerror(errno));
        return 1;
    }
    char *line = NULL, *prev = NULL;
    size_t cap = 0;
    long n = 0;
    while (getline(&line, &cap, in) >= 0) {
        if (prev && strcmp(prev, line) == 0) {
            n++;
            continue;
        }
        if (prev)
            emit(out, prev, n);
        free(prev);
        prev = strdup(line);
        n = 1;
    }
    if (prev)
        emit(out, prev, n);
    tool_close(in);
    return fclose(out) == 0 ? 0 : 1;
}
