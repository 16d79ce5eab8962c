/* sh: the shmos shell.
 *
 *   sh              reads commands from stdin; interactive (prompts with
 *                   "$ ", job control) when stdin and stderr are terminals
 *   sh -c 'cmds'    runs cmds and exits with the last command's status
 *   sh FILE         runs the commands in FILE
 *
 * Grammar: words separated by blanks, with '...' and "..." quoting and
 * backslash escapes (a trailing backslash stays a backslash, as in dash);
 * $? (last status), $$ (shell pid), $! (last background pid) and $NAME
 * (environment) expand outside single quotes. A line is a list of and-or
 * lists separated by ';' or '&' (run in the background); an and-or list is
 * pipelines (a | b | c) joined by '&&' or '||'; '#' starts a comment.
 * Builtins: exit [n], wait.
 *
 * An interactive shell does job control: each job runs in its own process
 * group, which becomes the console's foreground group, so that Ctrl-C
 * kills the job and not the shell. A non-interactive shell leaves process
 * groups and the console alone (its jobs share its group), and its
 * background jobs ignore SIGINT and SIGQUIT, as POSIX says. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_SIZE   1024
#define MAX_TOKENS  256
#define STORE_SIZE  4096    /* expanded word text of one pipeline */
#define MAX_PIPE    16      /* commands in one pipeline */

enum kind { WORD, PIPE, SEMI, AMP, AND, OR, END };

struct token {
    enum kind kind;
    const char *word;       /* WORD only: where it starts in the line, unexpanded */
};

static int last_status;     /* $? */
static pid_t last_background;  /* $! */
static int interactive;     /* prompts, job control, reports finished jobs */
static int script_fd = -1;  /* the file read by "sh FILE", closed in children */

/* $? of a wait status: the exit code, or 128 + the signal (init's
 * status_code computes the same for its poweroff status). */
static int decode_status(int st)
{
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---------------------------------------------------------------- words */

/* The state of reading words. Words are read twice: once when the line is
 * split into tokens, only to find where each ends (out is NULL), and again
 * just before their command runs, to expand them ($? must be the status of
 * the command before, not of the line before). */
struct lexer {
    const char *p;          /* next input character */
    char *out, *end;        /* where expanded word text goes; NULL: nowhere */
    int overflow;
};

static void put_char(struct lexer *lx, char c)
{
    if (!lx->out)
        return;
    if (lx->out < lx->end)
        *lx->out++ = c;
    else
        lx->overflow = 1;
}

static void put_string(struct lexer *lx, const char *s)
{
    while (*s)
        put_char(lx, *s++);
}

/* Expands the $ form at lx->p (just after the '$'); returns 1 if it produced
 * text from an expansion, 0 if the '$' was taken literally. */
static int expand_dollar(struct lexer *lx)
{
    char num[16];
    const char *p = lx->p;

    if (*p == '?' || *p == '$' || *p == '!') {
        int v = *p == '?' ? last_status : *p == '$' ? getpid() : last_background;
        snprintf(num, sizeof num, "%d", v);
        put_string(lx, num);
        lx->p++;
        return 1;
    }
    if (*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        char name[64];
        size_t n = 0;
        while (*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
               || (*p >= '0' && *p <= '9')) {
            if (n < sizeof name - 1)
                name[n++] = *p;
            p++;
        }
        name[n] = '\0';
        lx->p = p;
        const char *value = getenv(name);
        put_string(lx, value ? value : "");
        return 1;
    }
    put_char(lx, '$');
    return 0;
}

static int is_operator_char(char c)
{
    return c == '|' || c == '&' || c == ';' || c == '\n';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Reads one word at lx->p, expanding it into lx->out. Returns 1 for a word,
 * 0 if it was an unquoted expansion that came out empty (dropped, as in sh),
 * -1 after printing an error. */
static int lex_word(struct lexer *lx)
{
    char *start = lx->out;
    int literal = 0;    /* saw quoted or plain text, so keep even if empty */

    while (*lx->p && !is_blank(*lx->p) && !is_operator_char(*lx->p)) {
        char c = *lx->p++;
        if (c == '\'') {
            literal = 1;
            while (*lx->p && *lx->p != '\'')
                put_char(lx, *lx->p++);
            if (!*lx->p) {
                fprintf(stderr, "sh: unterminated '\n");
                return -1;
            }
            lx->p++;
        } else if (c == '"') {
            literal = 1;
            while (*lx->p && *lx->p != '"') {
                c = *lx->p++;
                if (c == '\\' && (*lx->p == '"' || *lx->p == '\\' || *lx->p == '$'))
                    put_char(lx, *lx->p++);
                else if (c == '$')
                    expand_dollar(lx);
                else
                    put_char(lx, c);
            }
            if (!*lx->p) {
                fprintf(stderr, "sh: unterminated \"\n");
                return -1;
            }
            lx->p++;
        } else if (c == '\\') {
            literal = 1;
            put_char(lx, *lx->p ? *lx->p++ : '\\');   /* a trailing one is itself */
        } else if (c == '$') {
            literal |= !expand_dollar(lx);
        } else {
            literal = 1;
            put_char(lx, c);
        }
    }
    put_char(lx, '\0');
    if (lx->overflow) {
        fprintf(stderr, "sh: line too long\n");
        return -1;
    }
    return literal || !lx->out || lx->out - start > 1;
}

/* Splits line into tokens (the last one END); returns the number of tokens,
 * or -1 after printing an error. */
static int tokenize(const char *line, struct token *toks)
{
    struct lexer lx = { line, NULL, NULL, 0 };
    int n = 0;

    for (;;) {
        while (is_blank(*lx.p))
            lx.p++;
        if (n == MAX_TOKENS - 1) {
            fprintf(stderr, "sh: too many words\n");
            return -1;
        }
        const char *p = lx.p;
        struct token *t = &toks[n];
        t->word = NULL;
        if (*p == '\0' || *p == '#') {
            t->kind = END;
            return n + 1;
        } else if (p[0] == '|' && p[1] == '|') {
            t->kind = OR, lx.p += 2;
        } else if (p[0] == '&' && p[1] == '&') {
            t->kind = AND, lx.p += 2;
        } else if (*p == '|') {
            t->kind = PIPE, lx.p++;
        } else if (*p == '&') {
            t->kind = AMP, lx.p++;
        } else if (*p == '\n') {
            /* A newline ends a command like ';', and is ignored after an
             * operator or at the start, so commands can span lines. */
            lx.p++;
            if (n == 0 || toks[n - 1].kind != WORD)
                continue;
            t->kind = SEMI;
        } else if (*p == ';') {
            t->kind = SEMI, lx.p++;
        } else {
            t->kind = WORD;
            t->word = p;
            if (lex_word(&lx) < 0)
                return -1;
        }
        n++;
    }
}

/* Checks that every operator follows a command and that '|', '&&' and '||'
 * are followed by one; returns 0, or -1 after printing an error. */
static int check_syntax(const struct token *toks)
{
    static const char *const names[] = { "", "|", ";", "&", "&&", "||", "newline" };

    for (int i = 0; toks[i].kind != END; i++) {
        enum kind k = toks[i].kind, next = toks[i + 1].kind;
        if (k == WORD)
            continue;
        int bad_before = i == 0 || toks[i - 1].kind != WORD;
        int bad_after = (k == PIPE || k == AND || k == OR) && next != WORD;
        if (bad_before || bad_after) {
            fprintf(stderr, "sh: syntax error near '%s'\n", names[bad_before ? k : next]);
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- running */

/* "Terminated (signal 15)": how a process that a signal killed (wait
 * status st) is described; in a static buffer. */
static const char *signal_text(int st)
{
    static char text[64];

    snprintf(text, sizeof text, "%s (signal %d)", strsignal(WTERMSIG(st)), WTERMSIG(st));
    return text;
}

/* Says on stderr how a foreground process died, as other shells do; not
 * for SIGPIPE, the normal end of a writer whose reader stopped early
 * (bash is quiet about it too). */
static void report_signal(int st)
{
    if (WTERMSIG(st) != SIGPIPE)
        fprintf(stderr, "%s\n", signal_text(st));
}

/* Reaps background jobs: those already finished with options WNOHANG, all
 * of them with 0 (the "wait" builtin). An interactive shell says which ones
 * ended and how. */
static void reap_background(int options)
{
    int st;
    pid_t pid;

    while ((pid = waitpid(-1, &st, options)) > 0 || (pid < 0 && errno == EINTR)) {
        if (pid < 0 || !interactive)
            continue;
        printf("[%d] done %d%s%s\n", pid, decode_status(st), WIFSIGNALED(st) ? " " : "",
               WIFSIGNALED(st) ? signal_text(st) : "");
    }
}

/* Parses the argument of "exit"; returns 0, or -1 if it is not a number. */
static int parse_exit_code(char **argv, int *code)
{
    char *end;

    if (!argv[1]) {
        *code = last_status;
        return 0;
    }
    errno = 0;
    long v = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || errno) {
        fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
        return -1;
    }
    *code = (int)(v & 0xff);
    return 0;
}

static int is_builtin(char **argv)
{
    return argv[0] && (strcmp(argv[0], "exit") == 0 || strcmp(argv[0], "wait") == 0);
}

/* Runs a builtin in this process (the shell, or a pipeline's child) and
 * returns its status. "exit" ends the process; with a bad argument its
 * status is 2, which also ends a non-interactive shell (as in bash and
 * dash) but not an interactive one. */
static int run_builtin(char **argv)
{
    int code;

    if (strcmp(argv[0], "wait") == 0) {
        reap_background(0);
        return 0;
    }
    if (parse_exit_code(argv, &code) < 0) {
        if (interactive)
            return 2;
        code = 2;
    }
    exit(code);
}

/* Sets the dispositions of SIGINT and SIGQUIT (Ctrl-C, Ctrl-\). */
static void console_signals(sighandler_t handler)
{
    signal(SIGINT, handler);
    signal(SIGQUIT, handler);
}

/* In a forked child: joins process group pgid (0: a new one led by this
 * child) if the shell does job control, connects stdin/stdout to in/out
 * (-1: keep), closes other_fd (the pipe end this child does not use), and
 * runs argv (an empty argv, a command whose words all expanded to nothing,
 * just succeeds). Never returns: exits 127 if the program is missing, 126
 * if it cannot be run. */
static _Noreturn void run_child(char **argv, pid_t pgid, int in, int out, int other_fd,
                                int background)
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
    if (!argv[0])
        _exit(0);
    if (is_builtin(argv))
        _exit(run_builtin(argv));
    execvp(argv[0], argv);
    int err = errno;
    if (err == ENOENT && !strchr(argv[0], '/'))
        fprintf(stderr, "sh: %s: command not found\n", argv[0]);
    else
        fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
    _exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

/* Runs the pipeline cmds[0] | ... | cmds[n-1] (in a new process group if
 * the shell does job control). In the foreground, waits for it and returns
 * the last command's status; in the background, returns 0 at once. A lone
 * empty command does nothing and succeeds; in a longer pipeline it is a
 * process that exits at once. */
static int run_pipeline(char **cmds[], int n, int background)
{
    pid_t pids[MAX_PIPE], pgid = 0;
    int started = 0, in = -1, status = 1;

    if (n == 1 && !cmds[0][0])
        return 0;
    if (n == 1 && !background && is_builtin(cmds[0]))
        return run_builtin(cmds[0]);
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
            run_child(cmds[i], pgid, in, fds[1], fds[0], background);
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

/* Expands the words of the pipeline that starts at toks[*i] into argv
 * arrays: cmds[k] points into argvs, each NULL-terminated (an empty one for
 * a command whose words all expanded to nothing). Advances *i to the token
 * that ends the pipeline. Returns the number of commands, or -1 after
 * printing an error. */
static int expand_pipeline(const struct token *toks, int *i, char **cmds[], char **argvs)
{
    static char store[STORE_SIZE];
    struct lexer lx = { NULL, store, store + STORE_SIZE, 0 };
    int n = 0, a = 0;

    for (;;) {
        if (n == MAX_PIPE) {
            fprintf(stderr, "sh: pipeline too long\n");
            return -1;
        }
        cmds[n++] = &argvs[a];
        for (; toks[*i].kind == WORD; (*i)++) {
            char *word = lx.out;
            lx.p = toks[*i].word;
            int r = lex_word(&lx);
            if (r < 0)
                return -1;
            if (r > 0)
                argvs[a++] = word;
        }
        argvs[a++] = NULL;
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
    char *argvs[MAX_TOKENS + MAX_PIPE];   /* NULL-terminated argv of each command */
    char **cmds[MAX_PIPE];
    enum kind connector = SEMI;

    while (i < end) {
        int start = i;
        while (toks[i].kind == WORD || toks[i].kind == PIPE)
            i++;
        int run = connector == AND ? last_status == 0
                : connector == OR ? last_status != 0 : 1;
        if (run) {
            int n = expand_pipeline(toks, &start, cmds, argvs);
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

/* Runs a command line: its and-or lists in order, those that end with '&'
 * in the background. */
static void run_line(const char *line)
{
    static struct token toks[MAX_TOKENS];

    if (tokenize(line, toks) < 0 || check_syntax(toks) < 0) {
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

int main(int argc, char **argv)
{
    static char line[LINE_SIZE];
    int fd = STDIN_FILENO;

    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            fprintf(stderr, "usage: sh [-c commands | file]\n");
            return 2;
        }
        run_line(argv[2]);
        return last_status;
    }
    if (argc >= 2) {
        fd = script_fd = open(argv[1], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
    } else if (isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
        interactive = 1;
        console_signals(SIG_IGN);   /* Ctrl-C at the prompt must not kill the shell */
        setpgid(0, 0);
        tcsetpgrp(STDIN_FILENO, getpgrp());
    }
    for (;;) {
        if (interactive) {
            reap_background(WNOHANG);
            printf("$ ");
            fflush(stdout);
        }
        if (read_line(fd, line, sizeof line) < 0)
            break;
        run_line(line);
    }
    if (interactive)
        printf("\n");
    return last_status;
}
