/* kill [-SIGNAL] pid...: sends a signal (default TERM) to each process.
 * SIGNAL is a number or a name with or without "SIG" (-9, -KILL, -SIGKILL).
 * kill -l lists the names. Exits 1 if any process could not be signalled. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name; int number; } signals[] = {
    { "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT }, { "ILL", SIGILL },
    { "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS },   { "FPE", SIGFPE },
    { "KILL", SIGKILL }, { "SEGV", SIGSEGV }, { "PIPE", SIGPIPE }, { "TERM", SIGTERM },
};
#define NSIGNALS (int)(sizeof signals / sizeof signals[0])

/* Parses a decimal number into *v; returns 0, or -1 if s is not one. */
static int parse_int(const char *s, long *v)
{
    char *end;

    errno = 0;
    *v = strtol(s, &end, 10);
    return *s == '\0' || *end != '\0' || errno ? -1 : 0;
}

/* Returns the signal named or numbered by s, or -1. */
static int parse_signal(const char *s)
{
    long v;

    if (parse_int(s, &v) == 0)
        return v >= 0 && v < NSIG ? (int)v : -1;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int i = 0; i < NSIGNALS; i++)
        if (strcasecmp(s, signals[i].name) == 0)
            return signals[i].number;
    return -1;
}

int main(int argc, char **argv)
{
    int sig = SIGTERM, status = 0, i = 1;

    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        for (int k = 0; k < NSIGNALS; k++)
            printf("%2d %s\n", signals[k].number, signals[k].name);
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
