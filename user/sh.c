/* sh: the shmos shell.
 *
 *   sh              interactive: prompts with "$ ", reads commands from stdin
 *   sh -c 'cmds'    runs cmds and exits with the last command's status
 *   sh FILE         runs the commands in FILE
 *
 * Grammar: words separated by blanks, with '...' and "..." quoting and
 * backslash escapes; $? (last status), $$ (shell pid), $! (last background
 * pid) and $NAME (environment) expand outside single quotes. A line is a list
 * of pipelines (a | b | c) separated by ';', '&' (run in the background),
 * '&&' or '||'; '#' starts a comment. Builtins: exit [n], wait.
 *
 * Each job runs in its own process group, which becomes the console's
 * foreground group, so that Ctrl-C kills the job and not the shell. */
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
static int interactive;
static int script_fd = -1;  /* the file read by "sh FILE", closed in children */

/* Shell status of a wait status: the exit code, or 128 + the signal. */
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
            if (*lx->p)
                put_char(lx, *lx->p++);
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

/* Prints how a process died, given its wait status st (killed by a signal),
 * as other shells do. */
static void report_signal(int st)
{
    fprintf(stderr, "%s (signal %d)\n", strsignal(WTERMSIG(st)), WTERMSIG(st));
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
        printf("[%d] done %d", pid, decode_status(st));
        if (WIFSIGNALED(st))
            printf(" (%s, signal %d)", strsignal(WTERMSIG(st)), WTERMSIG(st));
        printf("\n");
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
    long v = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0') {
        fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
        return -1;
    }
    *code = (int)(v & 0xff);
    return 0;
}

static int is_builtin(char **argv)
{
    return strcmp(argv[0], "exit") == 0 || strcmp(argv[0], "wait") == 0;
}

/* Runs a builtin in the shell itself; returns its status ("exit" with a
 * valid argument does not return). */
static int run_builtin(char **argv)
{
    int code;

    if (strcmp(argv[0], "wait") == 0) {
        reap_background(0);
        return 0;
    }
    if (parse_exit_code(argv, &code) < 0)
        return 2;
    exit(code);
}

/* In a forked child: joins process group pgid (0: a new one led by this
 * child), connects stdin/stdout to in/out (-1: keep), closes other_fd, and
 * runs argv. Never returns: exits 127 if the program is missing, 126 if it
 * cannot be run. */
static _Noreturn void run_child(char **argv, pid_t pgid, int in, int out, int other_fd)
{
    setpgid(0, pgid);
    if (interactive) {          /* the shell ignores them; its jobs must not */
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
    }
    if (in >= 0) {
        dup2(in, STDIN_FILENO);
        close(in);
    }
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        close(out);
    }
    if (other_fd >= 0)
        close(other_fd);
    if (script_fd >= 0)
        close(script_fd);
    if (is_builtin(argv)) {
        int code;
        _exit(strcmp(argv[0], "wait") == 0 ? 0 : parse_exit_code(argv, &code) < 0 ? 2 : code);
    }
    execvp(argv[0], argv);
    int err = errno;
    if (err == ENOENT && !strchr(argv[0], '/'))
        fprintf(stderr, "sh: %s: command not found\n", argv[0]);
    else
        fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
    _exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

/* Runs the pipeline cmds[0] | ... | cmds[n-1] in a new process group. In the
 * foreground, waits for it and returns the last command's status; in the
 * background, returns 0 at once. */
static int run_pipeline(char **cmds[], int n, int background)
{
    pid_t pids[MAX_PIPE], pgid = 0;
    int started = 0, in = -1, status = 1;

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
            run_child(cmds[i], pgid, in, fds[1], fds[0]);
        if (pgid == 0)
            pgid = pid;
        setpgid(pid, pgid);         /* also here: the child may not have run yet */
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
    tcsetpgrp(STDIN_FILENO, pgid);  /* may fail (no console): that is fine */
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
    tcsetpgrp(STDIN_FILENO, getpgrp());
    return status;
}

/* Expands the words of the pipeline that starts at toks[*i] into argv
 * arrays: cmds[k] points into argvs, each NULL-terminated. Advances *i to
 * the token that ends the pipeline. Returns the number of commands, 0 if one
 * of them expanded to nothing, or -1 after printing an error. */
static int expand_pipeline(const struct token *toks, int *i, char **cmds[], char **argvs)
{
    static char store[STORE_SIZE];
    struct lexer lx = { NULL, store, store + STORE_SIZE, 0 };
    int n = 0, a = 0, empty = 0;

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
        empty |= cmds[n - 1] == &argvs[a];
        argvs[a++] = NULL;
        if (toks[*i].kind != PIPE)
            return empty ? 0 : n;
        (*i)++;
    }
}

/* Runs every pipeline of a command line, honouring ; & && ||. */
static void run_line(const char *line)
{
    static struct token toks[MAX_TOKENS];
    char *argvs[MAX_TOKENS + MAX_PIPE];   /* NULL-terminated argv of each command */
    char **cmds[MAX_PIPE];

    if (tokenize(line, toks) < 0 || check_syntax(toks) < 0) {
        last_status = 2;
        return;
    }
    enum kind connector = SEMI;
    for (int i = 0; toks[i].kind != END;) {
        int start = i;
        while (toks[i].kind == WORD || toks[i].kind == PIPE)
            i++;
        enum kind end = toks[i].kind;
        int run = connector == AND ? last_status == 0
                : connector == OR ? last_status != 0 : 1;
        if (run) {
            int n = expand_pipeline(toks, &start, cmds, argvs);
            last_status = n < 0 ? 2 : n == 0 ? 0 : run_pipeline(cmds, n, end == AMP);
        }
        if (!interactive)
            reap_background(WNOHANG);
        connector = end;
        if (end != END)
            i++;
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
    } else {
        interactive = 1;
        signal(SIGINT, SIG_IGN);    /* Ctrl-C at the prompt must not kill the shell */
        signal(SIGQUIT, SIG_IGN);
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
