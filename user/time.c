/* time [-p] COMMAND [ARG...]: runs COMMAND and reports to stderr, in
 * POSIX's -p format (always), the real time and the user and system CPU
 * time it and its reaped children used:
 *   real 1.23
 *   user 0.45
 *   sys 0.06
 * Exits with COMMAND's status (128 + signal if it was killed), 127 if it
 * is missing, 126 if it cannot be run, 2 on bad usage. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tool.h"

static void report(const char *what, long long us)
{
    fprintf(stderr, "%s %lld.%02lld\n", what, us / 1000000, us % 1000000 / 10000);
}

static long long tv_us(struct timeval tv)
{
    return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

int main(int argc, char **argv)
{
    if (tool_start(argc, argv, "time", "time [-p] COMMAND [ARG...]"))
        return 0;
    int opt;
    while ((opt = getopt(argc, argv, "+p")) != -1)
        if (opt != 'p')
            return tool_usage();
    if (optind == argc)
        return tool_usage();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("time: fork");
        return 126;
    }
    if (pid == 0) {
        execvp(argv[optind], argv + optind);
        int err = errno;
        fprintf(stderr, "time: '%s': %s\n", argv[optind], strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }
    /* The command's signals are its own: time itself ignores them meanwhile. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("time: waitpid");
            return 126;
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    report("real", (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000);
    report("user", tv_us(ru.ru_utime));
    report("sys", tv_us(ru.ru_stime));
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
