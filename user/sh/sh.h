/* sh.h - the parts of the shell (user/sh/) and what they share.
 *
 *   lex.c      words, their expansion, tokens
 *   arith.c    arithmetic expansion $((...))
 *   parse.c    the syntax: tokens into a tree of lists, pipelines and
 *              compound commands (if, while, until, for, { })
 *   expand.c   a command's words into argv: expansion, then pathname
 *              expansion (globbing)
 *   vars.c     shell variables and the environment
 *   builtin.c  the builtins (cd, pwd, exit, wait, export, unset, read, ...)
 *   test.c     the test / [ builtin
 *   redir.c    redirections: applying them in a child, or around a builtin
 *   run.c      running the tree: commands, pipelines, lists, loops, jobs
 *   main.c     reading lines and scripts; sh, sh -c, sh FILE, . FILE
 *   edit.c     the interactive line editor (raw terminal, history)
 */
#ifndef SH_H
#define SH_H
#include <sys/types.h>

#define LINE_SIZE   1024    /* one line of input */
#define STORE_SIZE  65536   /* expanded word text of one pipeline */
#define MAX_ARGS    4096    /* words of one pipeline, after globbing */
#define MAX_PIPE    16      /* commands in one pipeline */
#define MAX_REDIRS  16      /* redirections of one command */

enum kind { WORD, PIPE, SEMI, AMP, AND, OR, REDIR, NL, END };

/* The reserved words, recognised only where a command starts. */
enum reserved {
    RW_NONE, RW_IF, RW_THEN, RW_ELSE, RW_ELIF, RW_FI, RW_WHILE, RW_UNTIL, RW_FOR, RW_DO,
    RW_DONE, RW_LBRACE, RW_RBRACE, RW_BANG, RW_CASE, RW_ESAC,
};

/* What a redirection does with its fd. */
enum redir_op {
    R_IN,       /* [n]<file:  open file for reading (n: 0) */
    R_OUT,      /* [n]>file:  create or truncate for writing (n: 1) */
    R_APPEND,   /* [n]>>file: create or append (n: 1) */
    R_DUP,      /* [n]>&m, [n]<&m: fd n becomes a copy of m; "-" closes n */
};

struct token {
    enum kind kind;
    const char *word;       /* WORD: where it starts in the text, unexpanded */
    int len;                /* WORD: its length there */
    enum reserved rw;       /* WORD where a command starts: the reserved word it is */
    int fd;                 /* REDIR: the fd it redirects */
    enum redir_op op;       /* REDIR */
};

/* The syntax tree (parse.c). Lists chain their and-or lists, and
 * pipelines their commands, through next. */
enum node_kind {
    N_LIST,     /* a: the first item (each with background) */
    N_AND,      /* a && b */
    N_OR,       /* a || b */
    N_PIPE,     /* a: the first command; negate: "!" before it */
    N_SIMPLE,   /* tokens [w0, w1): words, assignments, redirections */
    N_IF,       /* if a; then b; else c; fi (c: NULL, a list, or an N_IF for elif) */
    N_WHILE,    /* while a; do b; done */
    N_UNTIL,    /* until a; do b; done */
    N_FOR,      /* for (token var) in (tokens [w0, w1)); do a; done; no "in": "$@" */
    N_GROUP,    /* { a; } */
};

struct node {
    enum node_kind kind;
    int w0, w1;             /* see above */
    int r0, r1;             /* a compound command: its redirections' tokens [r0, r1) */
    int var;                /* N_FOR: the token of the variable's name */
    int has_in;             /* N_FOR: "in" was given */
    int background;         /* an item of an N_LIST: it ended with '&' */
    int negate;             /* N_PIPE */
    struct node *a, *b, *c;
    struct node *next;
    struct node *all;       /* every node of one parse, to free them */
};

struct redir {
    int fd;
    enum redir_op op;
    const char *target;     /* expanded: a file name, or for R_DUP an fd or "-" */
};

/* One command of a pipeline, expanded. */
struct command {
    char **argv;            /* NULL-terminated; argv[0] NULL: no command word */
    char **assigns;         /* NULL-terminated NAME=value words before it */
    struct redir redirs[MAX_REDIRS];
    int nredirs;
    const struct node *compound;    /* a compound command (argv empty), or NULL */
};

/* Shell state (main.c). */
extern int last_status;     /* $? */
extern pid_t last_background;  /* $! */
extern int interactive;     /* prompts, job control, reports finished jobs */
extern int script_fd;       /* the file read by "sh FILE" or ".", closed in children */
/* Loop control (run.c): break N and continue N set these for the loops
 * to see; loop_depth is how many loops are running. */
extern int loop_depth, loop_break, loop_continue;

/* lex.c */
/* The expansion state of one pipeline's words (see lex_word). */
struct lexer {
    const char *p;          /* next input character */
    char *out, *end;        /* where expanded word text goes; NULL: nowhere */
    int overflow;
    int pattern;            /* write a pattern: quoted * ? [ ] \ get a '\' before them */
    int wild;               /* pattern: an unquoted * ? or [ was written */
};
/* Reads one word at lx->p, expanding it into lx->out. 1 for a word, 0 for
 * an unquoted expansion that came out empty (dropped), -1 after an error. */
int lex_word(struct lexer *lx);
/* Splits text into tokens (the last one END) in *toks (malloc'd; the
 * caller frees it): their number, or -1 after printing an error. */
int tokenize(const char *text, struct token **toks);
/* Is the unexpanded word w an assignment NAME=...? */
int is_assignment(const char *w);
/* The text of reserved word rw ("if"). */
const char *reserved_name(enum reserved rw);

/* arith.c */
/* Evaluates the arithmetic expression expr[0..len) ($((...))'s inside):
 * 0 with *value, or -1 after printing an error. */
int arith_eval(const char *expr, int len, long long *value);

/* parse.c */
/* Parses toks into *tree: 0; 1 if the text ends inside a command (more
 * lines are needed); -1 after printing a syntax error. */
int parse(const struct token *toks, struct node **tree);
void free_tree(struct node *tree);

/* expand.c */
/* The expansion of one pipeline: its commands' text and argv arrays. */
struct expansion {
    char *store;            /* STORE_SIZE bytes of word text */
    char **words;           /* MAX_ARGS + 2 * MAX_PIPE slots */
};
/* Expands the commands of pipeline node pipe (an N_PIPE) into cmds, using
 * x (allocated by the call, freed with expansion_free). The number of
 * commands, or -1 after printing an error. */
int expand_pipeline(const struct token *toks, const struct node *pipe, struct command *cmds,
                    struct expansion *x);
void expansion_free(struct expansion *x);
/* Expands tokens [w0, w1) as command arguments (with globbing) into a
 * NULL-terminated malloc'd array of malloc'd strings (NULL after an error,
 * printed); free it with free_words. */
char **expand_words(const struct token *toks, int w0, int w1);
void free_words(char **words);

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

/* test.c */
/* test EXPR / [ EXPR ]: 0 true, 1 false, 2 after an error (printed). */
int builtin_test(char **argv);

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
/* Sets those of SIGTSTP, SIGTTIN and SIGTTOU (the interactive shell
 * ignores them, its jobs have the defaults). */
void job_signals(void (*handler)(int));
/* fg [%N] (foreground) / bg [%N]: continues stopped job N (default the
 * last); its status (fg), or 0; 1 if there is none. */
int job_continue(char **argv, int foreground);
/* jobs: lists the stopped jobs. 0. */
int job_list(void);
/* Runs text (complete commands, possibly several lines): 0, or 1 if it
 * ends inside a command and more lines are needed (nothing is run then).
 * Sets last_status. */
int run_text(const char *text);

/* main.c */
/* Runs the commands read from fd to its end (prompting if prompt).
 * Returns the status of the last. */
int run_file(int fd, int prompt);
#endif
