/* run.c - running the tree parse.c built. A list is and-or lists run in
 * order, some in the background ('&'); an and-or list is pipelines
 * (a | b | c) joined by '&&' or '||'; a pipeline's commands are simple
 * commands (words with redirections among them and NAME=value assignments
 * before them) or compound ones: if, while, until, for and { }, with
 * redirections after them.
 *
 * An interactive shell does job control: each job runs in its own process
 * group, which becomes the console's foreground group, so that Ctrl-C
 * kills the job and not the shell, and it waits with WUNTRACED: Ctrl-Z
 * stops the job, which goes on the stopped list for fg and bg
 * (job_continue). A non-interactive shell leaves process
 * groups and the console alone (its jobs share its group), and its
 * background jobs ignore SIGINT and SIGQUIT, as POSIX says.
 *
 * A builtin alone in the foreground runs in the shell itself, its
 * redirections applied around it and undone after, and assignments before
 * it stay set (as for POSIX's special builtins). Assignments alone set
 * shell variables; before a program they go into its environment only.
 * A compound command alone in the foreground runs in the shell too (so
 * "cd" and variables set in a loop stay); in a pipeline or the background,
 * in a forked copy of the shell. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

int loop_depth, loop_break, loop_continue;
/* An interactive shell's foreground job died of SIGINT (Ctrl-C): what is
 * left of the command line, loops included, is abandoned, as in bash and
 * dash. (A non-interactive shell gets the SIGINT itself.) */
static int interrupted;

static int run_node(const struct token *toks, const struct node *n);

void console_signals(void (*handler)(int))
{
    signal(SIGINT, handler);
    signal(SIGQUIT, handler);
}

void job_signals(void (*handler)(int))
{
    signal(SIGTSTP, handler);
    signal(SIGTTIN, handler);
    signal(SIGTTOU, handler);
}

/* The jobs Ctrl-Z stopped, most recent last: their group and the pids
 * not yet waited for. */
#define MAX_STOPPED 8
static struct stopped {
    pid_t pgid;
    pid_t pids[MAX_PIPE];
    int n;
} stopped[MAX_STOPPED];
static int nstopped;

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
 * words just succeeds; a compound one runs in this copy of the shell).
 * Never returns: exits 127 if the program is missing, 126 if it cannot be
 * run, 2 if a redirection failed. */
static _Noreturn void run_child(const struct token *toks, const struct command *c, pid_t pgid,
                                int in, int out, int other_fd, int background)
{
    if (interactive) {
        setpgid(0, pgid);
        console_signals(SIG_DFL);   /* the shell ignores them; its jobs must not */
        job_signals(SIG_DFL);
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
    if (c->compound) {
        interactive = 0;            /* its commands stay in this job's group */
        int status = run_node(toks, c->compound);
        fflush(NULL);
        _exit(status);
    }
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

/* Runs c in the shell itself: a builtin, a compound command, or a command
 * of only assignments and redirections. Returns its status. */
static int run_here(const struct token *toks, const struct command *c)
{
    int saved[MAX_REDIRS], status = 0;
    for (char **a = c->assigns; *a; a++)
        if (var_assign(*a) < 0)
            status = 1;
    if (c->argv[0] && strcmp(c->argv[0], "exec") == 0 && !c->argv[1])
        return redirect(c) < 0 ? 2 : status;    /* for good */
    if (redirect_saving(c, saved) < 0)
        status = 2;
    else if (c->compound)
        status = run_node(toks, c->compound);
    else if (c->argv[0])
        status = run_builtin(c->argv);
    restore_redirects(c, saved);
    return status;
}

/* Waits for the started processes pids[0..n) of a foreground pipeline
 * (group pgid) and returns the status of the last. An interactive shell
 * also returns when one stops (Ctrl-Z): the job goes on the stopped list
 * (for fg and bg) and the status is 128 + the signal. */
static int wait_pipeline(const pid_t *pids, int n, pid_t pgid)
{
    int reported = 0, status = 1;   /* say once if Ctrl-C killed the whole pipeline */
    for (int i = 0; i < n; i++) {
        int st;
        while (waitpid(pids[i], &st, interactive ? WUNTRACED : 0) < 0)
            if (errno != EINTR) {
                st = W_EXITCODE(127, 0);
                break;
            }
        if (WIFSTOPPED(st)) {
            if (nstopped == MAX_STOPPED) {
                kill(-pgid, SIGKILL);           /* no room to keep it */
                continue;
            }
            struct stopped *j = &stopped[nstopped++];
            j->pgid = pgid;
            j->n = n - i;
            memcpy(j->pids, pids + i, (size_t)j->n * sizeof(pid_t));
            printf("\n[%d]+  Stopped  (group %d)\n", nstopped, (int)pgid);
            return 128 + WSTOPSIG(st);
        }
        if (WIFSIGNALED(st) && WTERMSIG(st) != reported) {
            report_signal(st);
            reported = WTERMSIG(st);
        }
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGINT && interactive)
            interrupted = 1;
        status = decode_status(st);
    }
    return status;
}

/* Starts cmds[0] | ... | cmds[n-1] in children (in a new process group if
 * the shell does job control): how many started, their pids in pids and
 * the group in *pgid. */
static int start_pipeline(const struct token *toks, const struct command *cmds, int n,
                          int background, pid_t *pids, pid_t *pgid)
{
    int started = 0, in = -1;

    fflush(NULL);                   /* or children would inherit our buffers */
    *pgid = 0;
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
            run_child(toks, &cmds[i], *pgid, in, fds[1], fds[0], background);
        if (*pgid == 0)
            *pgid = pid;
        if (interactive)
            setpgid(pid, *pgid);    /* also here: the child may not have run yet */
        pids[started++] = pid;
        if (in >= 0)
            close(in);
        if (fds[1] >= 0)
            close(fds[1]);
        in = fds[0];
    }
    if (in >= 0)
        close(in);
    return started;
}

/* Runs the pipeline node p. In the foreground, waits for it and returns
 * its status ("!" inverted); in the background, returns 0 at once. */
static int run_pipeline(const struct token *toks, const struct node *p, int background)
{
    struct command cmds[MAX_PIPE];
    struct expansion x = { NULL, NULL };
    pid_t pids[MAX_PIPE], pgid;
    int status = 1, n = expand_pipeline(toks, p, cmds, &x);

    if (n < 0) {
        status = 2;
    } else if (n == 1 && !background
               && (cmds[0].compound || !cmds[0].argv[0] || is_builtin(cmds[0].argv[0]))) {
        status = run_here(toks, &cmds[0]);
    } else {
        int started = start_pipeline(toks, cmds, n, background, pids, &pgid);
        if (started > 0 && background) {
            last_background = pids[started - 1];
            if (interactive)
                printf("[%d]\n", last_background);
            status = 0;
        } else if (started > 0) {
            if (interactive)
                tcsetpgrp(STDIN_FILENO, pgid);
            status = wait_pipeline(pids, started, pgid);
            if (started < n)
                status = 1;         /* a fork failed */
            if (interactive)
                tcsetpgrp(STDIN_FILENO, getpgrp());
        }
    }
    expansion_free(&x);
    if (p->negate && !background)
        status = !status;
    return status;
}

/* Runs the and-or list n of several pipelines in the background (POSIX:
 * "a && b &" puts the whole list there): a forked copy of the shell runs
 * it and is the job ($!). */
static void run_async(const struct token *toks, const struct node *n)
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
            job_signals(SIG_DFL);
            interactive = 0;        /* its commands stay in its group */
        } else {
            console_signals(SIG_IGN);
        }
        if (script_fd >= 0)
            close(script_fd);
        int status = run_node(toks, n);
        fflush(NULL);
        _exit(status);
    }
    if (interactive) {
        setpgid(pid, pid);
        printf("[%d]\n", pid);
    }
    last_background = pid;
    last_status = 0;
}

int job_continue(char **argv, int foreground)
{
    if (!interactive) {
        fprintf(stderr, "sh: %s: no job control\n", argv[0]);
        return 1;
    }
    int k = nstopped;
    if (argv[1])
        k = (int)strtol(argv[1] + (argv[1][0] == '%'), NULL, 10);
    if (k < 1 || k > nstopped) {
        fprintf(stderr, "sh: %s: %s: no such job\n", argv[0], argv[1] ? argv[1] : "current");
        return 1;
    }
    struct stopped j = stopped[k - 1];
    memmove(&stopped[k - 1], &stopped[k], (size_t)(nstopped - k) * sizeof(stopped[0]));
    nstopped--;
    if (!foreground) {
        kill(-j.pgid, SIGCONT);
        printf("[%d] %d continued &\n", k, (int)j.pgid);
        last_background = j.pids[j.n - 1];
        return 0;
    }
    tcsetpgrp(STDIN_FILENO, j.pgid);
    printf("[%d] %d continued\n", k, (int)j.pgid);
    fflush(stdout);
    kill(-j.pgid, SIGCONT);
    int status = wait_pipeline(j.pids, j.n, j.pgid);
    tcsetpgrp(STDIN_FILENO, getpgrp());
    return status;
}

int job_list(void)
{
    for (int k = 0; k < nstopped; k++)
        printf("[%d]%c  Stopped  (group %d)\n", k + 1, k == nstopped - 1 ? '+' : ' ',
               (int)stopped[k].pgid);
    return 0;
}

/* After a loop's condition or body: whether the loop goes on, taking its
 * share of a pending break or continue. */
static int loop_goes_on(void)
{
    if (interrupted)
        return 0;
    if (loop_break) {
        loop_break--;
        return 0;
    }
    if (loop_continue)
        return --loop_continue == 0;
    return 1;
}

/* Must the running loops and lists stop (break, continue, Ctrl-C)? */
static int loop_control_pending(void)
{
    return loop_break || loop_continue || interrupted;
}

/* while / until: the body's last status, or 0 if it never ran. */
static int run_while(const struct token *toks, const struct node *n)
{
    int status = 0;
    loop_depth++;
    for (;;) {
        int cond = run_node(toks, n->a);
        if (loop_control_pending()) {
            if (loop_goes_on())
                continue;
            break;
        }
        if ((cond == 0) != (n->kind == N_WHILE))
            break;
        status = run_node(toks, n->b);
        if (loop_control_pending() && !loop_goes_on())
            break;
    }
    loop_depth--;
    return status;
}

static int run_for(const struct token *toks, const struct node *n)
{
    static char *const none[] = { NULL };
    char name[64];
    const struct token *v = &toks[n->var];
    char **words = n->has_in ? expand_words(toks, n->w0, n->w1) : (char **)none;
    int status = 0;

    if (!words)
        return 2;
    memcpy(name, v->word, v->len);      /* parse.c checked it fits */
    name[v->len] = '\0';
    loop_depth++;
    for (char **w = words; *w; w++) {
        if (var_set(name, *w) < 0) {
            status = 1;
            break;
        }
        status = run_node(toks, n->a);
        if (loop_control_pending() && !loop_goes_on())
            break;
    }
    loop_depth--;
    if (words != none)
        free_words(words);
    return status;
}

/* Runs the list l: each item in order, background ones without waiting. */
static int run_list(const struct token *toks, const struct node *l)
{
    for (const struct node *item = l->a; item; item = item->next) {
        if (!item->background)
            last_status = run_node(toks, item);
        else if (item->kind == N_PIPE)
            last_status = run_pipeline(toks, item, 1);
        else
            run_async(toks, item);
        if (!interactive)
            reap_background(WNOHANG);
        if (loop_control_pending())
            break;
    }
    return last_status;
}

/* Runs node n in the foreground; its status, also left in last_status. */
static int run_node(const struct token *toks, const struct node *n)
{
    int status = 0;
    switch (n->kind) {
    case N_LIST:
    case N_GROUP:
        status = run_list(toks, n->kind == N_LIST ? n : n->a);
        break;
    case N_AND:
    case N_OR:
        status = run_node(toks, n->a);
        if (!loop_control_pending() && (status == 0) == (n->kind == N_AND))
            status = run_node(toks, n->b);
        break;
    case N_PIPE:
        status = run_pipeline(toks, n, 0);
        break;
    case N_IF:
        status = run_node(toks, n->a);
        if (loop_control_pending())
            break;
        if (status == 0)
            status = run_node(toks, n->b);
        else
            status = n->c ? run_node(toks, n->c) : 0;
        break;
    case N_WHILE:
    case N_UNTIL:
        status = run_while(toks, n);
        break;
    case N_FOR:
        status = run_for(toks, n);
        break;
    case N_SIMPLE:      /* always inside an N_PIPE */
        break;
    }
    last_status = status;
    return status;
}

int run_text(const char *text)
{
    struct token *toks;
    struct node *tree;

    interrupted = 0;
    if (tokenize(text, &toks) < 0) {
        last_status = 2;
        return 0;
    }
    int r = parse(toks, &tree);
    if (r == 0) {
        run_node(toks, tree);
        free_tree(tree);
    } else if (r < 0) {
        last_status = 2;
    }
    free(toks);
    return r > 0;
}
