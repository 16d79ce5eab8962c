/* redir.c - redirections, applied in order: in a command's child process
 * (redirect), or around a builtin that runs in the shell itself
 * (redirect_saving / restore_redirects: each fd a redirection replaces is
 * first copied aside, and put back afterwards). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define FD_MAX 9999

/* The fd an R_DUP target names: a number, -2 for "-" (close), or -1
 * after printing an error. */
static int dup_source(const char *target)
{
    if (strcmp(target, "-") == 0)
        return -2;
    char *end;
    long fd = strtol(target, &end, 10);
    if (*target == '\0' || *end != '\0' || fd < 0 || fd > FD_MAX) {
        fprintf(stderr, "sh: %s: bad file descriptor\n", target);
        return -1;
    }
    return (int)fd;
}

/* Applies redirection r in this process. 0, or -1 after an error. */
static int apply(const struct redir *r)
{
    int fd;
    if (r->op == R_DUP) {
        int from = dup_source(r->target);
        if (from == -1)
            return -1;
        if (from == -2) {
            close(r->fd);
            return 0;
        }
        if (from != r->fd && dup2(from, r->fd) < 0) {
            fprintf(stderr, "sh: %d: %s\n", from, strerror(errno));
            return -1;
        }
        return 0;
    }
    int flags = r->op == R_IN ? O_RDONLY
              : r->op == R_OUT ? O_WRONLY | O_CREAT | O_TRUNC
              : O_WRONLY | O_CREAT | O_APPEND;
    if ((fd = open(r->target, flags, 0666)) < 0) {
        fprintf(stderr, "sh: %s: %s\n", r->target, strerror(errno));
        return -1;
    }
    if (fd != r->fd) {
        int moved = dup2(fd, r->fd);
        close(fd);
        if (moved < 0) {
            fprintf(stderr, "sh: %d: %s\n", r->fd, strerror(errno));
            return -1;
        }
    }
    return 0;
}

int redirect(const struct command *c)
{
    for (int i = 0; i < c->nredirs; i++)
        if (apply(&c->redirs[i]) < 0)
            return -1;
    return 0;
}

int fd_move_high(int fd)
{
    int low[FD_HIGH], nlow = 0, copy;
    while ((copy = dup(fd)) >= 0 && copy < FD_HIGH)
        low[nlow++] = copy;
    while (nlow > 0)
        close(low[--nlow]);
    return copy;
}

int redirect_saving(const struct command *c, int saved[])
{
    fflush(NULL);                   /* what was written goes where it was meant to */
    for (int i = 0; i < c->nredirs; i++)
        saved[i] = -2;              /* nothing to restore yet */
    for (int i = 0; i < c->nredirs; i++) {
        /* A copy out of the way of the redirections (-1: the fd was not
         * open, so restoring closes it). */
        saved[i] = fd_move_high(c->redirs[i].fd);
        if (apply(&c->redirs[i]) < 0)
            return -1;
    }
    return 0;
}

void restore_redirects(const struct command *c, const int saved[])
{
    fflush(NULL);
    for (int i = c->nredirs - 1; i >= 0; i--) {
        if (saved[i] == -2)
            continue;
        if (saved[i] >= 0) {
            dup2(saved[i], c->redirs[i].fd);
            close(saved[i]);
        } else {
            close(c->redirs[i].fd);     /* it was closed before */
        }
    }
}
