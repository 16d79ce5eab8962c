/* init: process 1. Starts the shell and reaps every process that ends
 * (orphans are handed to init).
 *
 *   init            run an interactive /bin/sh; when it exits (`exit`, or
 *                   Ctrl-D at the prompt), power off with its status; if a
 *                   signal killed it, start a fresh one
 *   init 'cmds'     run /bin/sh -c 'cmds', then power off with its status
 *                   (128 + the signal if it was killed) */
#include <errno.h>
#include <shmos.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "monotime.h"

/* Starts /bin/sh with argv in its own process group and makes that group
 * the console's foreground, so Ctrl-C reaches the shell's jobs and never
 * init. Returns the shell's pid, or -1 if fork failed. */
static pid_t start_shell(char *const argv[])
{
    fflush(NULL);
    pid_t pid = fork();

    if (pid == 0) {
        setpgid(0, 0);
        tcsetpgrp(STDIN_FILENO, getpid());
        execve("/bin/sh", argv, environ);
        fprintf(stderr, "init: cannot run /bin/sh: %s\n", strerror(errno));
        _exit(127);
    }
    if (pid > 0) {
        setpgid(pid, pid);
        tcsetpgrp(STDIN_FILENO, pid);
    } else {
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
    }
    return pid;
}

/* Waits for any child; returns its pid and status, or -1 if there is none. */
static pid_t reap(int *status)
{
    pid_t pid;

    while ((pid = wait(status)) < 0 && errno == EINTR)
        ;
    return pid;
}

/* The shell's $? for a wait status: the exit code, or 128 + the signal
 * (sh's decode_status computes the same). */
static int status_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Runs sh -c command, reaping orphans until the shell ends; powers off
 * with the shell's status. */
static _Noreturn void run_command(char *command)
{
    char *argv[] = { "sh", "-c", command, NULL };
    pid_t sh = start_shell(argv);
    int status = W_EXITCODE(125, 0), st;

    for (pid_t pid; sh > 0 && (pid = reap(&st)) >= 0;)
        if (pid == sh) {
            status = st;
            break;
        }
    fflush(NULL);
    poweroff(status_code(status));
    fprintf(stderr, "init: poweroff: %s\n", strerror(errno));
    for (;;)
        sleep(1000);
}

/* Copies /etc/motd (the welcome text) to the console, if it exists. */
static void print_motd(void)
{
    FILE *f = fopen("/etc/motd", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f))
        fputs(line, stdout);
    fclose(f);
    fflush(stdout);
}

/* Runs an interactive shell, reaping every child, until it exits: then
 * powers off with its status. A shell a signal killed is started again. */
static _Noreturn void run_interactive(void)
{
    char *argv[] = { "sh", NULL };

    print_motd();
    for (;;) {
        int64_t started = mono_ms();
        pid_t sh = start_shell(argv), pid = -1;
        int st = 0;
        while (sh > 0 && (pid = reap(&st)) >= 0 && pid != sh)
            ;
        if (sh > 0 && pid == sh) {
            if (WIFEXITED(st)) {
                printf("init: the shell exited (status %d): powering off\n", WEXITSTATUS(st));
                fflush(NULL);
                poweroff(WEXITSTATUS(st));
            }
            printf("init: sh killed by signal %d, restarting\n", WTERMSIG(st));
        }
        /* Do not spin if the shell cannot even start. */
        if (mono_ms() - started < 1000)
            sleep(1);
    }
}

int main(int argc, char **argv)
{
    /* What a login would set: the shell's cd goes $HOME, commands are
     * found on $PATH. */
    setenv("HOME", "/", 0);
    setenv("PATH", "/bin", 0);
    if (argc > 1)
        run_command(argv[1]);
    run_interactive();
}
