/* run.c - running what lex.c read. A line is a list of and-or lists
 * separated by ';' or '&' (run in the background); an and-or list is
 * pipelines (a | b | c) joined by '&&' or '||'; a pipeline's commands are
 * words with redirections among them and NAME=value assignments before
 * them.
 *
 * An interactive shell does job control: each job runs in its own process
 * group, which becomes the console's foreground group, so that Ctrl-C
 * kills the job and not the shell. A non-interactive shell leaves process
 * groups and the console alone (its jobs share its group), and its
 * background jobs ignore SIGINT and SIGQUIT, as POSIX says.
 *
 * A builtin alone in the foreground runs in the shell itself, its
 * redirections applied around it and undone after, and assignments before
 * it stay set (as for POSIX's special builtins). Assignments alone set
 * shell variables; before a program they go into its environment only. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

void console_signals(void (*handler)(int))
{
    signal(SIGINT, handler);
    signal(SIGQUIT, handler);
}

/* Says on stderr how a foreground process died, as other shells do; not
 * for SIGPIPE, the normal end of a writer whose reader stopped early
 * (bash is quiet about it too). */
static void report_signal(int st)
{
    if (WTERMSIG(st) != SIGPIPE)
        fprintf(stderr, "%s\n", signal_text(st));
}

/* In a forked child: joins process group pgid (0: a new one led by this
 * child) if the shell does job control, connects stdin/stdout to in/out
 * (-1: keep), closes other_fd (the pipe end this child does not use),
 * applies c's redirections and assignments, and runs c (a command with no
 * words just succeeds). Never returns: exits 127 if the program is
 * missing, 126 if it cannot be run, 2 if a redirection failed. */
static _Noreturn void run_child(const struct command *c, pid_t pgid, int in, int out,
                                int other_fd, int background)
{
    if (interactive) {
        setpgid(0, pgid);
        console_signals(SIG_DFL);   /* the shell ignores them; its jobs must not */
    } else if (background) {
        console_signals(SIG_IGN);   /* no job control: Ctrl-C is for the foreground */
    }
    /* Close what this child does not need before moving in and out: in a
     * shell started with fd 0 or 1 closed, a pipe end can be fd 0 or 1. */
    if (other_fd >= 0)
        close(other_fd);
    if (script_fd >= 0)
        close(script_fd);
    if (out == STDIN_FILENO) {      /* keep it out of the way of in */
        int moved = dup(out);
        close(out);
        out = moved;
    }
    if (in >= 0 && in != STDIN_FILENO) {
        dup2(in, STDIN_FILENO);
        close(in);
    }
    if (out >= 0 && out != STDOUT_FILENO) {
        dup2(out, STDOUT_FILENO);
        close(out);
    }
    if (redirect(c) < 0)
        _exit(2);                   /* as dash (bash: 1) */
    char **argv = c->argv;
    if (!argv[0])
        _exit(0);
    if (is_builtin(argv[0]))
        _exit(run_builtin(argv));
    for (char **a = c->assigns; *a; a++)
        putenv(*a);
    execvp(argv[0], argv);
    int err = errno;
    if (err == ENOENT && !strchr(argv[0], '/'))
        fprintf(stderr, "sh: %s: command not found\n", argv[0]);
    else
        fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
    _exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

/* Runs c in the shell itself: a builtin, or a command of only assignments
 * and redirections. Returns its status. */
static int run_here(const struct command *c)
{
    int saved[MAX_REDIRS], status = 0;
    for (char **a = c->assigns; *a; a++)
        if (var_assign(*a) < 0)
            status = 1;
    if (c->argv[0] && strcmp(c->argv[0], "exec") == 0 && !c->argv[1])
        return redirect(c) < 0 ? 2 : status;    /* for good */
    if (redirect_saving(c, saved) < 0)
        status = 2;
    else if (c->argv[0])
        status = run_builtin(c->argv);
    restore_redirects(c, saved);
    return status;
}

/* Runs the pipeline cmds[0] | ... | cmds[n-1] (in a new process group if
 * the shell does job control). In the foreground, waits for it and returns
 * the last command's status; in the background, returns 0 at once. */
static int run_pipeline(const struct command *cmds, int n, int background)
{
    pid_t pids[MAX_PIPE], pgid = 0;
    int started = 0, in = -1, status = 1;

    if (n == 1 && !background && (!cmds[0].argv[0] || is_builtin(cmds[0].argv[0])))
        return run_here(&cmds[0]);
    fflush(NULL);                   /* or children would inherit our buffers */
    for (int i = 0; i < n; i++) {
        int fds[2] = { -1, -1 };
        if (i < n - 1 && pipe(fds) < 0) {
            perror("sh: pipe");
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("sh: fork");
            if (fds[0] >= 0) {
                close(fds[0]);
                close(fds[1]);
            }
            break;
        }
        if (pid == 0)
            run_child(&cmds[i], pgid, in, fds[1], fds[0], background);
        if (pgid == 0)
            pgid = pid;
        if (interactive)
            setpgid(pid, pgid);     /* also here: the child may not have run yet */
        pids[started++] = pid;
        if (in >= 0)
            close(in);
        if (fds[1] >= 0)
            close(fds[1]);
        in = fds[0];
    }
    if (in >= 0)
        close(in);
    if (started == 0)
        return status;
    if (background) {
        last_background = pids[started - 1];
        if (interactive)
            printf("[%d]\n", last_background);
        return 0;
    }
    if (interactive)
        tcsetpgrp(STDIN_FILENO, pgid);
    int reported = 0;               /* say once if Ctrl-C killed the whole pipeline */
    for (int i = 0; i < started; i++) {
        int st;
        while (waitpid(pids[i], &st, 0) < 0)
            if (errno != EINTR) {
                st = W_EXITCODE(127, 0);
                break;
            }
        if (WIFSIGNALED(st) && WTERMSIG(st) != reported) {
            report_signal(st);
            reported = WTERMSIG(st);
        }
        if (i == n - 1)
            status = decode_status(st);
    }
    if (interactive)
        tcsetpgrp(STDIN_FILENO, getpgrp());
    return status;
}

/* Expands the pipeline that starts at toks[*i] into cmds: each command's
 * argv, assignments (both NULL-terminated, pointing into words) and
 * redirections. Advances *i to the token that ends the pipeline. Returns
 * the number of commands, or -1 after printing an error. */
static int expand_pipeline(const struct token *toks, int *i, struct command *cmds, char **words)
{
    static char store[STORE_SIZE];
    struct lexer lx = { NULL, store, store + STORE_SIZE, 0 };
    int n = 0, w = 0;

    for (;;) {
        if (n == MAX_PIPE) {
            fprintf(stderr, "sh: pipeline too long\n");
            return -1;
        }
        struct command *c = &cmds[n++];
        char *argv[MAX_TOKENS], *assigns[MAX_TOKENS];
        int na = 0, ns = 0;
        c->nredirs = 0;
        for (; toks[*i].kind == WORD || toks[*i].kind == REDIR; (*i)++) {
            const struct token *t = &toks[*i];
            if (t->kind == REDIR) {
                if (c->nredirs == MAX_REDIRS) {
                    fprintf(stderr, "sh: too many redirections\n");
                    return -1;
                }
                char *word = lx.out;
                lx.p = toks[++*i].word;
                if (lex_word(&lx) < 0)
                    return -1;
                c->redirs[c->nredirs++] = (struct redir){ t->fd, t->op, word };
                continue;
            }
            char *word = lx.out;
            lx.p = t->word;
            int r = lex_word(&lx);
            if (r < 0)
                return -1;
            if (na == 0 && is_assignment(t->word))
                assigns[ns++] = word;
            else if (r > 0)
                argv[na++] = word;
        }
        argv[na] = assigns[ns] = NULL;
        c->argv = &words[w];
        memcpy(&words[w], argv, (na + 1) * sizeof *argv);
        w += na + 1;
        c->assigns = &words[w];
        memcpy(&words[w], assigns, (ns + 1) * sizeof *assigns);
        w += ns + 1;
        if (toks[*i].kind != PIPE)
            return n;
        (*i)++;
    }
}

/* Runs the and-or list toks[i..end): pipelines joined by && and ||, each
 * run only if the status so far asks for it; the sole pipeline of a list
 * in the background when background. Sets last_status. */
static void run_and_or(const struct token *toks, int i, int end, int background)
{
    static char *words[MAX_TOKENS + 2 * MAX_PIPE];
    struct command cmds[MAX_PIPE];
    enum kind connector = SEMI;

    while (i < end) {
        int start = i;
        while (toks[i].kind == WORD || toks[i].kind == PIPE || toks[i].kind == REDIR)
            i++;
        int run = connector == AND ? last_status == 0
                : connector == OR ? last_status != 0 : 1;
        if (run) {
            int n = expand_pipeline(toks, &start, cmds, words);
            last_status = n < 0 ? 2 : run_pipeline(cmds, n, background);
        }
        connector = toks[i++].kind;
    }
}

/* Runs the and-or list toks[start..end) of several pipelines in the
 * background (POSIX: "a && b &" puts the whole list there): a forked copy
 * of the shell runs it and is the job ($!). */
static void run_async_list(const struct token *toks, int start, int end)
{
    fflush(NULL);
    pid_t pid = fork();

    if (pid < 0) {
        perror("sh: fork");
        last_status = 1;
        return;
    }
    if (pid == 0) {
        if (interactive) {
            setpgid(0, 0);          /* a job of its own, never the foreground */
            console_signals(SIG_DFL);
            interactive = 0;        /* its commands stay in its group */
        } else {
            console_signals(SIG_IGN);
        }
        if (script_fd >= 0)
            close(script_fd);
        run_and_or(toks, start, end, 0);
        exit(last_status);
    }
    if (interactive) {
        setpgid(pid, pid);
        printf("[%d]\n", pid);
    }
    last_background = pid;
    last_status = 0;
}

void run_line(const char *line)
{
    static struct token toks[MAX_TOKENS];

    if (tokenize(line, toks) < 0) {
        last_status = 2;
        return;
    }
    for (int i = 0; toks[i].kind != END;) {
        int end = i, pipelines = 1;
        for (; toks[end].kind != SEMI && toks[end].kind != AMP && toks[end].kind != END; end++)
            pipelines += toks[end].kind == AND || toks[end].kind == OR;
        int background = toks[end].kind == AMP;
        if (background && pipelines > 1)
            run_async_list(toks, i, end);
        else
            run_and_or(toks, i, end, background);
        if (!interactive)
            reap_background(WNOHANG);
        i = toks[end].kind == END ? end : end + 1;
    }
}
