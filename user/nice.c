/* nice [-n N] [COMMAND [ARG...]]: runs COMMAND with its nice value raised
 * by N (default 10; negative lowers it, clamped to -20..19), or prints the
 * current nice value. Exits 127 if COMMAND is missing, 126 if it cannot be
 * run, 125 if the nice value cannot be set, 2 on bad usage (as GNU nice,
 * which exits 125 for both). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

int main(int argc, char **argv)
{
    if (tool_start(argc, argv, "nice", "nice [-n N] [COMMAND [ARG...]]"))
        return 0;
    long inc = 10;
    int opt;
    while ((opt = getopt(argc, argv, "+n:")) != -1) {
        char *end;
        if (opt != 'n')
            return tool_usage();
        errno = 0;
        inc = strtol(optarg, &end, 10);
        if (!*optarg || *end || errno) {
            fprintf(stderr, "nice: invalid adjustment '%s'\n", optarg);
            return tool_usage();
        }
    }
    if (optind == argc) {
        errno = 0;
        int cur = nice(0);
        if (cur == -1 && errno) {
            perror("nice");
            return 125;
        }
        printf("%d\n", cur);
        return fflush(stdout) ? 1 : 0;
    }
    if (inc < -40)
        inc = -40;
    if (inc > 40)
        inc = 40;
    errno = 0;
    if (nice((int)inc) == -1 && errno) {
        fprintf(stderr, "nice: cannot set niceness: %s\n", strerror(errno));
        return 125;
    }
    execvp(argv[optind], argv + optind);
    int err = errno;
    fprintf(stderr, "nice: '%s': %s\n", argv[optind], strerror(err));
    return err == ENOENT ? 127 : 126;
}
