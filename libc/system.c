/* system(): a command line run by /bin/sh -c, waited for. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* As POSIX asks, Ctrl-C and Ctrl-\ reach only the command while the caller
 * waits: the caller ignores SIGINT and SIGQUIT, the child gets back the
 * dispositions the caller had. */
int system(const char *command)
{
    if (!command)
        return 1;
    sighandler_t old_int = signal(SIGINT, SIG_IGN);
    sighandler_t old_quit = signal(SIGQUIT, SIG_IGN);
    int status = -1;

    fflush(NULL);                   /* or the child would inherit our buffers */
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, old_int);
        signal(SIGQUIT, old_quit);
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        _exit(127);
    }
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0)
            if (errno != EINTR) {
                status = -1;
                break;
            }
    }
    int err = errno;
    signal(SIGINT, old_int);
    signal(SIGQUIT, old_quit);
    errno = err;
    return status;
}
