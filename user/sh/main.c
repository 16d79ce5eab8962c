/* sh: the shmos shell (user/sh/: sh.h lists its parts).
 *
 *   sh              reads commands from stdin; interactive (prompts with
 *                   "# " when the effective user is root, else "$ ", as
 *                   Linux's shells; line editing and history: edit.c, job
 *                   control) when stdin and stderr are terminals
 *   sh -c 'cmds'    runs cmds and exits with the last command's status
 *   sh FILE         runs the commands in FILE
 *
 * Lines are read until they make complete commands ("if true" wants its
 * "then ... fi"; an interactive shell prompts "> " for them), then run.
 *
 * The syntax is in lex.c, how commands run in run.c, the builtins in
 * builtin.c; `help` lists both. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

int last_status;
pid_t last_background;
int interactive;
int script_fd = -1;

/* Reads one line from fd, a byte at a time so that nothing past the newline
 * is consumed (the rest of the input belongs to the commands). Returns the
 * length without the newline, or -1 at the end of input. */
static int read_line(int fd, char *buf, int size)
{
    int n = 0, too_long = 0;
    char c;

    for (;;) {
        ssize_t k = read(fd, &c, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (n == 0 && !too_long)
                return -1;
            break;
        }
        if (c == '\n')
            break;
        if (n < size - 1)
            buf[n++] = c;
        else
            too_long = 1;
    }
    buf[n] = '\0';
    if (too_long) {
        fprintf(stderr, "sh: line too long\n");
        buf[0] = '\0';
        return 0;
    }
    return n;
}

/* Appends line and a newline to the text being read (*text, *len; *cap
 * its allocated size): 0, or -1 out of memory. */
static int append_line(char **text, size_t *len, size_t *cap, const char *line)
{
    size_t n = strlen(line);
    if (*len + n + 2 > *cap) {
        size_t want = 2 * (*len + n + 2);
        char *bigger = realloc(*text, want);
        if (!bigger)
            return -1;
        *text = bigger;
        *cap = want;
    }
    memcpy(*text + *len, line, n);
    (*text)[*len + n] = '\n';
    *len += n + 1;
    (*text)[*len] = '\0';
    return 0;
}

int run_file(int fd, int prompt)
{
    static char line[LINE_SIZE];
    char *text = NULL;
    size_t len = 0, cap = 0;

    for (;;) {
        int n = -2;     /* -2: not read yet */
        if (prompt) {
            const char *ps = len > 0 ? "> " : geteuid() == 0 ? "# " : "$ ";
            if (len == 0)
                reap_background(WNOHANG);
            fflush(stdout);
            n = edit_line(ps, line, sizeof line);
            if (n == -2) {              /* no terminal to edit on */
                printf("%s", ps);
                fflush(stdout);
            }
        }
        if (n == -2)
            n = read_line(fd, line, sizeof line);
        if (n < 0)
            break;
        if (append_line(&text, &len, &cap, line) < 0) {
            fprintf(stderr, "sh: out of memory\n");
            len = 0;
            last_status = 2;
            continue;
        }
        if (!run_text(text))
            len = 0;        /* run (or refused): the next line starts afresh */
    }
    if (len > 0) {
        fprintf(stderr, "sh: syntax error: unexpected end of file\n");
        last_status = 2;
    }
    free(text);
    return last_status;
}

int main(int argc, char **argv)
{
    int fd = STDIN_FILENO;

    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            fprintf(stderr, "usage: sh [-c commands | file]\n");
            return 2;
        }
        if (run_text(argv[2])) {
            fprintf(stderr, "sh: syntax error: unexpected end of file\n");
            return 2;
        }
        return last_status;
    }
    if (argc >= 2) {
        fd = open(argv[1], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
        /* Out of the way of the script's own redirections (exec 3< f). */
        int high = fd_move_high(fd);
        if (high >= 0) {
            close(fd);
            fd = high;
        }
        script_fd = fd;
    } else if (isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
        interactive = 1;
        console_signals(SIG_IGN);   /* Ctrl-C at the prompt must not kill the shell */
        job_signals(SIG_IGN);       /* nor Ctrl-Z stop it */
        setpgid(0, 0);
        tcsetpgrp(STDIN_FILENO, getpgrp());
    }
    run_file(fd, interactive);
    if (interactive)
        printf("\n");
    return last_status;
}
