/* kill [-SIGNAL] pid...: sends a signal (default TERM) to each process.
 * SIGNAL is a number or a name with or without "SIG", in any case (-9,
 * -KILL, -sigkill), also as "-s SIGNAL". kill -l lists the names. Exits 1
 * if any process could not be signalled. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Parses a decimal number into *v; returns 0, or -1 if s is not one. */
static int parse_int(const char *s, long *v)
{
    char *end;

    errno = 0;
    *v = strtol(s, &end, 10);
    return *s == '\0' || *end != '\0' || errno ? -1 : 0;
}

/* Returns the signal named or numbered by s (0, "kill -0", only checks
 * that the process exists), or -1. */
static int parse_signal(const char *s)
{
    char name[SIG2STR_MAX];
    long v;
    int sig;

    if (parse_int(s, &v) == 0)
        return v >= 0 && v < NSIG ? (int)v : -1;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    size_t n = 0;
    for (; s[n] && n < sizeof name - 1; n++)
        name[n] = (char)toupper((unsigned char)s[n]);
    name[n] = '\0';
    return s[n] == '\0' && str2sig(name, &sig) == 0 ? sig : -1;
}

int main(int argc, char **argv)
{
    int sig = SIGTERM, status = 0, i = 1;

    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        char name[SIG2STR_MAX];
        for (int k = 1; k < NSIG; k++)
            if (sig2str(k, name) == 0)
                printf("%2d %s\n", k, name);
        return 0;
    }
    if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const char *name = argv[i][1] == 's' && argv[i][2] == '\0' && i + 1 < argc ? argv[++i]
                                                                                  : argv[i] + 1;
        sig = parse_signal(name);
        if (sig < 0) {
            fprintf(stderr, "kill: unknown signal '%s'\n", name);
            return 2;
        }
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] pid...\n");
        return 2;
    }
    for (; i < argc; i++) {
        long pid;
        if (parse_int(argv[i], &pid) < 0) {
            fprintf(stderr, "kill: '%s': not a process id\n", argv[i]);
            status = 1;
        } else if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
