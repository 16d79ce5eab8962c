/* sh.h - the parts of the shell (user/sh/) and what they share.
 *
 *   lex.c      words, expansion, tokens, the syntax check
 *   vars.c     shell variables and the environment
 *   builtin.c  the builtins (cd, pwd, exit, wait, export, unset, help)
 *   redir.c    redirections: applying them in a child, or around a builtin
 *   run.c      commands, pipelines, and-or lists, background jobs, lines
 *   main.c     reading lines; sh, sh -c, sh FILE
 *   edit.c     the interactive line editor (raw terminal, history)
 */
#ifndef SH_H
#define SH_H
#include <sys/types.h>

#define LINE_SIZE   1024
#define MAX_TOKENS  256
#define STORE_SIZE  4096    /* expanded word text of one pipeline */
#define MAX_PIPE    16      /* commands in one pipeline */
#define MAX_REDIRS  16      /* redirections of one command */

enum kind { WORD, PIPE, SEMI, AMP, AND, OR, REDIR, END };

/* What a redirection does with its fd. */
enum redir_op {
    R_IN,       /* [n]<file:  open file for reading (n: 0) */
    R_OUT,      /* [n]>file:  create or truncate for writing (n: 1) */
    R_APPEND,   /* [n]>>file: create or append (n: 1) */
    R_DUP,      /* [n]>&m, [n]<&m: fd n becomes a copy of m; "-" closes n */
};

struct token {
    enum kind kind;
    const char *word;       /* WORD: where it starts in the line, unexpanded */
    int fd;                 /* REDIR: the fd it redirects */
    enum redir_op op;       /* REDIR */
};

struct redir {
    int fd;
    enum redir_op op;
    const char *target;     /* expanded: a file name, or for R_DUP an fd or "-" */
};

/* One simple command, expanded. */
struct command {
    char **argv;            /* NULL-terminated; argv[0] NULL: no command word */
    char **assigns;         /* NULL-terminated NAME=value words before it */
    struct redir redirs[MAX_REDIRS];
    int nredirs;
};

/* Shell state (main.c). */
extern int last_status;     /* $? */
extern pid_t last_background;  /* $! */
extern int interactive;     /* prompts, job control, reports finished jobs */
extern int script_fd;       /* the file read by "sh FILE", closed in children */

/* lex.c */
/* The expansion state of one pipeline's words (see lex_word). */
struct lexer {
    const char *p;          /* next input character */
    char *out, *end;        /* where expanded word text goes; NULL: nowhere */
    int overflow;
};
/* Reads one word at lx->p, expanding it into lx->out. 1 for a word, 0 for
 * an unquoted expansion that came out empty (dropped), -1 after an error. */
int lex_word(struct lexer *lx);
/* Splits line into tokens (the last one END): their number, or -1 after
 * printing an error (a syntax error included). */
int tokenize(const char *line, struct token *toks);
/* Is the unexpanded word w an assignment NAME=...? */
int is_assignment(const char *w);

/* vars.c */
/* The value of variable name (a shell variable, else the environment's),
 * or NULL if unset. */
const char *var_get(const char *name);
/* Sets name to value: in the environment if it is exported there, else as
 * a shell variable. 0, or -1 after printing an error. */
int var_set(const char *name, const char *value);
/* "NAME=value": var_set. */
int var_assign(const char *assignment);
/* Exports name (with its shell value, if any) / exports name=value. */
int var_export(const char *name, const char *value);
/* Unsets name everywhere. */
void var_unset(const char *name);
/* Is name a valid variable name? */
int var_name_ok(const char *name);

/* builtin.c */
int is_builtin(const char *name);
/* Runs builtin argv in this process; its status ("exit" ends the process). */
int run_builtin(char **argv);
/* "Terminated (signal 15)": how wait status st's signal is described
 * (a static buffer). */
const char *signal_text(int st);
/* $? of a wait status: the exit code, or 128 + the signal. */
int decode_status(int st);
/* Reaps background jobs: finished ones with WNOHANG, all with 0. */
void reap_background(int options);

/* redir.c */
/* Redirections name fds up to 9 in practice; what the shell keeps for
 * itself (a script's fd, fds saved around a builtin) lives at FD_HIGH or
 * above. */
#define FD_HIGH 10
/* A copy of fd at FD_HIGH or above (fd stays open), or -1 if fd is not
 * open. */
int fd_move_high(int fd);
/* Applies c's redirections in this process: 0, or -1 after printing an
 * error (then some may be applied). */
int redirect(const struct command *c);
/* The same around a builtin run in the shell itself: saves what it
 * replaces in saved[] (restore_redirects puts it back). */
int redirect_saving(const struct command *c, int saved[]);
void restore_redirects(const struct command *c, const int saved[]);

/* edit.c */
/* Prints prompt and reads a line from the terminal with editing keys and
 * history: its length (buf NUL-terminated, no newline), -1 at end of
 * input, -2 if stdin is no terminal (nothing read). */
int edit_line(const char *prompt, char *buf, int size);

/* run.c */
/* Sets the dispositions of SIGINT and SIGQUIT (Ctrl-C, Ctrl-\). */
void console_signals(void (*handler)(int));
/* Runs a command line: its and-or lists in order, some in the background. */
void run_line(const char *line);
#endif
