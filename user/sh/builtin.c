/* builtin.c - the commands the shell runs itself: those that change the
 * shell (cd, exit, export, unset, wait, read, break, continue, . FILE)
 * and pwd, help, test / [ (test.c), :, true and false. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

int decode_status(int st)
{
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

const char *signal_text(int st)
{
    static char text[64];

    snprintf(text, sizeof text, "%s (signal %d)", strsignal(WTERMSIG(st)), WTERMSIG(st));
    return text;
}

/* $! when it was reaped, and its wait status (for "wait $!"). */
static pid_t reaped_background;
static int reaped_background_status;

void reap_background(int options)
{
    int st;
    pid_t pid;

    while ((pid = waitpid(-1, &st, options)) > 0 || (pid < 0 && errno == EINTR)) {
        if (pid > 0 && pid == last_background) {
            reaped_background = pid;
            reaped_background_status = st;
        }
        if (pid < 0 || !interactive)
            continue;
        printf("[%d] done %d%s%s\n", pid, decode_status(st), WIFSIGNALED(st) ? " " : "",
               WIFSIGNALED(st) ? signal_text(st) : "");
    }
}

/* exit [n]: ends the shell with n (default $?). With a bad argument the
 * status is 2, which also ends a non-interactive shell (as in bash and
 * dash) but not an interactive one. */
static int b_exit(char **argv)
{
    int code = last_status;
    if (argv[1]) {
        char *end;
        errno = 0;
        long v = strtol(argv[1], &end, 10);
        if (*argv[1] == '\0' || *end != '\0' || errno) {
            fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
            if (interactive)
                return 2;
            code = 2;
        } else {
            code = (int)(v & 0xff);
        }
    }
    fflush(NULL);
    exit(code);
}

/* wait: waits for every background job, 0. wait PID: for that one, its
 * status ($! is remembered even once reaped), 127 if it is no child. */
static int b_wait(char **argv)
{
    if (!argv[1]) {
        reap_background(0);
        return 0;
    }
    int status = 0;
    for (int i = 1; argv[i]; i++) {
        pid_t pid = (pid_t)strtol(argv[i], NULL, 10), r;
        int st;
        if (pid > 0 && pid == reaped_background) {
            status = decode_status(reaped_background_status);
            continue;
        }
        while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
            ;
        status = r == pid && pid > 0 ? decode_status(st) : 127;
    }
    return status;
}

/* cd [dir | -]: dir, or $HOME, or (-) $OLDPWD, printed; sets PWD and
 * OLDPWD. */
static int b_cd(char **argv)
{
    const char *dir = argv[1];
    int print = 0;
    if (dir && argv[2]) {
        fprintf(stderr, "sh: cd: too many arguments\n");
        return 2;
    }
    if (!dir && !(dir = var_get("HOME"))) {
        fprintf(stderr, "sh: cd: HOME not set\n");
        return 1;
    }
    if (strcmp(dir, "-") == 0) {
        if (!(dir = var_get("OLDPWD"))) {
            fprintf(stderr, "sh: cd: OLDPWD not set\n");
            return 1;
        }
        print = 1;
    }
    char old[PATH_MAX], now[PATH_MAX];
    int have_old = getcwd(old, sizeof old) != NULL;
    if (chdir(dir) < 0) {
        fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (have_old)
        var_set("OLDPWD", old);
    if (getcwd(now, sizeof now)) {
        var_set("PWD", now);
        if (print)
            printf("%s\n", now);
    }
    return 0;
}

static int b_pwd(char **argv)
{
    char dir[PATH_MAX];
    for (int i = 1; argv[i]; i++)
        if (strcmp(argv[i], "-L") != 0 && strcmp(argv[i], "-P") != 0) {
            fprintf(stderr, "sh: pwd: %s: invalid option\nusage: pwd [-L | -P]\n", argv[i]);
            return 2;
        }
    if (!getcwd(dir, sizeof dir)) {
        fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", dir);
    return 0;
}

/* export [NAME[=value]...]: no argument lists the environment. */
static int b_export(char **argv)
{
    extern char **environ;
    int status = 0;
    if (!argv[1] || (strcmp(argv[1], "-p") == 0 && !argv[2])) {
        for (char **e = environ; e && *e; e++) {
            size_t n = strcspn(*e, "=");
            printf("export %.*s='%s'\n", (int)n, *e, (*e)[n] ? *e + n + 1 : "");
        }
        return 0;
    }
    for (int i = 1; argv[i]; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq)
            *eq = '\0';
        if (var_export(argv[i], eq ? eq + 1 : NULL) < 0)
            status = 1;
        if (eq)
            *eq = '=';
    }
    return status;
}

static int b_unset(char **argv)
{
    int status = 0;
    for (int i = 1; argv[i]; i++) {
        if (strcmp(argv[i], "-v") == 0)
            continue;
        if (!var_name_ok(argv[i])) {
            fprintf(stderr, "sh: unset: %s: not a valid variable name\n", argv[i]);
            status = 1;
            continue;
        }
        var_unset(argv[i]);
    }
    return status;
}

/* exec CMD [ARG...]: the shell becomes CMD (a failure ends it: 127 if
 * CMD is missing, 126 otherwise). exec alone with redirections makes them
 * the shell's own (run.c). */
static int b_exec(char **argv)
{
    if (!argv[1])
        return 0;
    fflush(NULL);
    execvp(argv[1], argv + 1);
    int err = errno;
    fprintf(stderr, "sh: exec: %s: %s\n", argv[1],
            err == ENOENT ? "not found" : strerror(err));
    exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

static int b_colon(char **argv)
{
    (void)argv;
    return 0;
}

static int b_false(char **argv)
{
    (void)argv;
    return 1;
}

/* break [N] / continue [N]: leave (or go on with) the Nth enclosing loop;
 * outside a loop they do nothing, as in dash. */
static int b_loop(char **argv)
{
    int n = 1;
    if (argv[1]) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (*argv[1] == '\0' || *end || v < 1 || argv[2]) {
            fprintf(stderr, "sh: %s: bad count\n", argv[0]);
            return 2;
        }
        n = v > loop_depth ? loop_depth : (int)v;
    }
    if (loop_depth == 0)
        return 0;
    if (argv[0][0] == 'b')
        loop_break = n;
    else
        loop_continue = n;
    return 0;
}

/* Is c a field separator of $IFS (default: space, tab, newline)? */
static int is_ifs(char c)
{
    const char *ifs = var_get("IFS");
    return c && strchr(ifs ? ifs : " \t\n", c) != NULL;
}

/* read [-r] NAME...: one line of stdin, split into fields by $IFS; each
 * NAME gets one, the last the rest. Without -r a backslash quotes the next
 * character (and a backslash-newline joins lines). 1 at the end of input. */
static int b_read(char **argv)
{
    int raw = 0, i = 1, eof = 0;
    if (argv[i] && strcmp(argv[i], "-r") == 0)
        raw = 1, i++;
    if (!argv[i]) {
        fprintf(stderr, "usage: read [-r] NAME...\n");
        return 2;
    }
    for (int k = i; argv[k]; k++)
        if (!var_name_ok(argv[k])) {
            fprintf(stderr, "sh: read: %s: not a valid variable name\n", argv[k]);
            return 2;
        }
    static char line[LINE_SIZE];
    static char quoted[LINE_SIZE];  /* 1 where line[] holds a quoted character */
    int n = 0;
    for (;;) {
        char c;
        ssize_t k = read(STDIN_FILENO, &c, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            eof = 1;
            break;
        }
        int q = 0;
        if (c == '\\' && !raw) {
            if (read(STDIN_FILENO, &c, 1) != 1)
                break;
            if (c == '\n')
                continue;
            q = 1;
        } else if (c == '\n') {
            break;
        }
        if (n < LINE_SIZE - 1) {
            quoted[n] = (char)q;
            line[n++] = c;
        }
    }
    line[n] = '\0';
    char *p = line;
    int status = eof && n == 0;
    for (; argv[i]; i++) {
        while (*p && is_ifs(*p) && !quoted[p - line])
            p++;
        char *field = p;
        if (argv[i + 1]) {
            while (*p && !(is_ifs(*p) && !quoted[p - line]))
                p++;
            if (*p)
                *p++ = '\0';
        } else {        /* the last name: the rest, less trailing separators */
            char *end = line + n;
            while (end > p && is_ifs(end[-1]) && !quoted[end - 1 - line])
                *--end = '\0';
        }
        if (var_set(argv[i], field) < 0)
            status = 2;
    }
    return status;
}

/* The file name of ". NAME": NAME itself if it has a '/', else the first
 * readable NAME in $PATH (into buf). NULL if there is none. */
static const char *dot_path(const char *name, char *buf, size_t size)
{
    if (strchr(name, '/'))
        return name;
    const char *path = var_get("PATH");
    for (const char *p = path ? path : "/bin"; ; p++) {
        size_t n = strcspn(p, ":");
        snprintf(buf, size, "%.*s%s%s", (int)n, p, n ? "/" : "", name);
        if (access(buf, R_OK) == 0)
            return buf;
        p += n;
        if (!*p)
            return NULL;
    }
}

/* . FILE (also "source FILE"): runs FILE's commands in this shell. */
static int b_dot(char **argv)
{
    char buf[PATH_MAX];
    if (!argv[1]) {
        fprintf(stderr, "usage: . FILE\n");
        return 2;
    }
    const char *path = dot_path(argv[1], buf, sizeof buf);
    int fd = path ? open(path, O_RDONLY) : -1;
    if (fd < 0) {
        fprintf(stderr, "sh: .: %s: %s\n", argv[1], path ? strerror(errno) : "not found");
        return 1;
    }
    int high = fd_move_high(fd);
    close(fd);
    if (high < 0) {
        fprintf(stderr, "sh: .: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int outer = script_fd;
    script_fd = high;
    int status = run_file(high, 0);
    close(high);
    script_fd = outer;
    return status;
}

static int b_help(char **argv);

static int b_fg(char **argv)
{
    return job_continue(argv, 1);
}

static int b_bg(char **argv)
{
    return job_continue(argv, 0);
}

static int b_jobs(char **argv)
{
    (void)argv;
    return job_list();
}

static const struct builtin {
    const char *name, *usage, *what;
    int (*run)(char **argv);
} builtins[] = {
    { ".", ". FILE", "run the commands in FILE in this shell (also: source)", b_dot },
    { ":", ": [ARG...]", "do nothing, successfully", b_colon },
    { "[", "[ EXPR ]", "the same as test EXPR", builtin_test },
    { "bg", "bg [%N]", "continue stopped job N (default the last) in the background", b_bg },
    { "break", "break [N]", "leave the Nth enclosing loop", b_loop },
    { "cd", "cd [DIR | -]", "change the current directory (default $HOME)", b_cd },
    { "continue", "continue [N]", "go on with the Nth enclosing loop", b_loop },
    { "exec", "exec [CMD [ARG...]]", "replace the shell with CMD, or redirect the shell", b_exec },
    { "exit", "exit [N]", "end the shell with status N (default $?)", b_exit },
    { "export", "export [NAME[=VALUE]...]", "put variables in the environment", b_export },
    { "false", "false", "fail", b_false },
    { "fg", "fg [%N]", "continue stopped job N (default the last) in the foreground", b_fg },
    { "help", "help", "list the builtins and the syntax", b_help },
    { "jobs", "jobs", "list the jobs Ctrl-Z stopped", b_jobs },
    { "pwd", "pwd", "print the current directory", b_pwd },
    { "read", "read [-r] NAME...", "read a line of stdin into variables", b_read },
    { "source", "source FILE", "the same as . FILE", b_dot },
    { "test", "test EXPR", "-e -f -d -r -w -x -s -z -n FILE/STR, = != -eq -lt ..., ! -a -o",
      builtin_test },
    { "true", "true", "succeed", b_colon },
    { "unset", "unset NAME...", "remove variables", b_unset },
    { "wait", "wait [PID...]", "wait for every background job, or for PID ($!)", b_wait },
};
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static int b_help(char **argv)
{
    (void)argv;
    printf("shmos sh builtins:\n");
    for (size_t i = 0; i < NBUILTINS; i++)
        printf("  %-26s %s\n", builtins[i].usage, builtins[i].what);
    printf("syntax: cmd args; a | b; a && b; a || b; ! a; cmd &; NAME=value [cmd];\n"
           "  < file, > file, >> file, 2> file, 2>&1, N>&M, N<&M, N>&-;\n"
           "  '...', \"...\", \\c, $NAME, ${NAME}, $?, $$, $!, $((1 + 2)); # comment\n"
           "  * ? [abc] [!a-z] (file names); { cmds; }\n"
           "  if cmds; then cmds; elif cmds; then cmds; else cmds; fi\n"
           "  while cmds; do cmds; done; until cmds; do cmds; done\n"
           "  for NAME in words; do cmds; done\n"
           "programs: ls /bin\n");
    return 0;
}

static const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; name && i < NBUILTINS; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

int is_builtin(const char *name)
{
    return find_builtin(name) != NULL;
}

int run_builtin(char **argv)
{
    int status = find_builtin(argv[0])->run(argv);
    fflush(stdout);
    return status;
}
