/* env [-i] [NAME=VALUE...] [COMMAND [ARG...]]: runs COMMAND with the
 * environment changed (-i: emptied first), or prints the environment, a
 * variable per line. Exits 127 if COMMAND is missing, 126 if it cannot be
 * run, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    int i = 1;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: env [-i] [NAME=VALUE...] [COMMAND [ARG...]]\n");
        return 0;
    }
    if (i < argc && (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0)) {
        static char *empty[] = { NULL };
        environ = empty;
        i++;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
        fprintf(stderr, "env: invalid option '%s'\nusage: env [-i] [NAME=VALUE...] [COMMAND [ARG...]]\n",
                argv[i]);
        return 2;
    }
    for (; i < argc && strchr(argv[i], '='); i++)
        if (putenv(argv[i]) != 0) {
            fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
            return 2;
        }
    if (i == argc) {
        for (char **e = environ; e && *e; e++)
            printf("%s\n", *e);
        return fflush(stdout) ? 1 : 0;
    }
    execvp(argv[i], argv + i);
    int err = errno;
    fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(err));
    return err == ENOENT ? 127 : 126;
}
