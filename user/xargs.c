/* xargs [-0rt] [-n MAX] [-I REPLACE] [COMMAND [ARG...]]: runs COMMAND
 * (default echo) with the words read from stdin appended, as many to a
 * run as fit (-n: at most MAX), as GNU xargs does: words are separated by
 * blanks and newlines, with '...', "..." and backslash quoting (-0: by
 * NULs, no quoting); -I runs COMMAND once per input line, REPLACE in the
 * ARGs standing for the line; -r runs nothing for empty input; -t prints
 * each command on stderr first. Exits 0, 123 if a run exited 1-125, 124
 * if one exited 255 (reading stops), 125 if one was killed, 126 or 127
 * if COMMAND could not be run or found; 1 for bad input, 2 bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tool.h"

/* What one run may take: shmos's exec allows 64 strings and 4096 bytes
 * for arguments and environment together (kernel/exec.h); Linux far more. */
#ifdef __shmos__
#define RUN_STRINGS 64
#define RUN_BYTES   4096
#else
#define RUN_STRINGS 4096
#define RUN_BYTES   (128 * 1024)
#endif
#define WORD_MAX    4096

extern char **environ;
static int nul_sep, trace;

/* Reads the next word of stdin into buf (WORD_MAX bytes); -I: the next
 * line, leading blanks dropped. 1, 0 at the end, -1 after a message. */
static int next_word(char *buf, int line)
{
    size_t n = 0;
    int c, quote = 0, any = 0;
    while ((c = getchar()) != EOF) {
        if (nul_sep) {
            if (c == '\0')
                break;
        } else if (quote) {
            if (c == quote) {
                quote = 0;
                continue;
            }
            if (c == '\n') {
                fprintf(stderr, "xargs: unmatched %s quote\n", quote == '"' ? "double" : "single");
                return -1;
            }
        } else if (c == '\n' || (!line && (c == ' ' || c == '\t'))) {
            if (any)
                break;
            continue;
        } else if (line && !any && (c == ' ' || c == '\t')) {
            continue;
        } else if (!line && (c == '\'' || c == '"')) {
            quote = c;
            any = 1;
            continue;
        } else if (!line && c == '\\') {
            if ((c = getchar()) == EOF)
                break;
        }
        any = 1;
        if (n + 1 >= WORD_MAX) {
            fprintf(stderr, "xargs: argument line too long\n");
            return -1;
        }
        buf[n++] = (char)c;
    }
    if (quote) {
        fprintf(stderr, "xargs: unmatched %s quote\n", quote == '"' ? "double" : "single");
        return -1;
    }
    buf[n] = '\0';
    return any || (nul_sep && c != EOF);
}

/* Runs argv; the status xargs reports for it (0, 123, 124, 125, 126, 127). */
static int run(char **argv)
{
    if (trace) {
        for (int i = 0; argv[i]; i++)
            fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fputc('\n', stderr);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "xargs: cannot fork: %s\n", strerror(errno));
        return 125;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        int err = errno;
        fprintf(stderr, "xargs: %s: %s\n", argv[0], strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return 125;
    if (WIFSIGNALED(st)) {
        fprintf(stderr, "xargs: %s: terminated by signal %d\n", argv[0], WTERMSIG(st));
        return 125;
    }
    int code = WEXITSTATUS(st);
    return code == 0 ? 0 : code == 255 ? 124 : code >= 126 ? code : 123;
}

/* Copies s into *pool with each occurrence of rep replaced by with. The
 * copy, or NULL if it does not fit in end - *pool bytes. */
static char *replace(const char *s, const char *rep, const char *with, char **pool, char *end)
{
    char *out = *pool, *p = out;
    size_t rlen = strlen(rep), wlen = strlen(with);
    while (*s) {
        if (rlen && strncmp(s, rep, rlen) == 0) {
            if ((size_t)(end - p) <= wlen)
                return NULL;
            memcpy(p, with, wlen);
            p += wlen;
            s += rlen;
        } else {
            if (end - p <= 1)
                return NULL;
            *p++ = *s++;
        }
    }
    *p++ = '\0';
    *pool = p;
    return out;
}

int main(int argc, char **argv)
{
    int opt, status = 0, empty_ok = 1;
    long max_args = 0;
    const char *rep = NULL;
    if (tool_start(argc, argv, "xargs", "xargs [-0rt] [-n MAX] [-I REPLACE] [COMMAND [ARG...]]"))
        return 0;
    while ((opt = getopt(argc, argv, "+0rtn:I:")) != -1) {
        switch (opt) {
        case '0': nul_sep = 1; break;
        case 'r': empty_ok = 0; break;
        case 't': trace = 1; break;
        case 'n': {
            char *end;
            max_args = strtol(optarg, &end, 10);
            if (*end || max_args < 1) {
                fprintf(stderr, "xargs: invalid number '%s' for -n option\n", optarg);
                return tool_usage();
            }
            break;
        }
        case 'I': rep = optarg; break;
        default: return tool_usage();
        }
    }
    static char *default_cmd[] = { "echo", NULL };
    char **cmd = optind < argc ? argv + optind : default_cmd;
    int ncmd = optind < argc ? argc - optind : 1;
    int env_strings = 0;
    size_t room = RUN_BYTES;
    for (char **e = environ; e && *e; e++, env_strings++)
        room -= room > strlen(*e) + 1 ? strlen(*e) + 1 : room;
    for (int i = 0; i < ncmd; i++)
        room -= room > strlen(cmd[i]) + 1 ? strlen(cmd[i]) + 1 : room;
    int slots = RUN_STRINGS - env_strings - ncmd;
    if (slots < 1 || room < 2) {
        fprintf(stderr, "xargs: environment is too large for exec\n");
        return 1;
    }
    char **args = malloc(sizeof(char *) * (size_t)(ncmd + slots + 1));
    char *pool = malloc(RUN_BYTES + WORD_MAX), word[WORD_MAX];
    if (!args || !pool) {
        fprintf(stderr, "xargs: out of memory\n");
        return 1;
    }
    memcpy(args, cmd, sizeof(char *) * (size_t)ncmd);
    int r, runs = 0, pending = 0;       /* pending: a word read but not yet used */
    char *at = pool;
    size_t used = 0;
    int n = 0;
    while ((r = pending ? 1 : next_word(word, rep != NULL)) >= 0) {
        pending = 0;
        if (r && rep) {                 /* -I: one run per line */
            char *p = pool;
            for (int i = 0; i < ncmd; i++)
                if (!(args[i] = i ? replace(cmd[i], rep, word, &p, pool + RUN_BYTES) : cmd[0])) {
                    fprintf(stderr, "xargs: argument line too long\n");
                    return 1;
                }
            args[ncmd] = NULL;
            int s = run(args);
            status = s > status ? s : status;
            if (s == 124 || s >= 126)
                break;
            continue;
        }
        size_t len = r ? strlen(word) + 1 : 0;
        if (r && n < slots && used + len <= room && (!max_args || n < max_args)) {
            memcpy(at, word, len);
            args[ncmd + n++] = at;
            at += len;
            used += len;
            continue;
        }
        if (r && n == 0) {
            fprintf(stderr, "xargs: argument line too long\n");
            return 1;
        }
        if (n > 0 || (!r && runs == 0 && empty_ok && !rep)) {
            args[ncmd + n] = NULL;
            int s = run(args);
            runs++;
            status = s > status ? s : status;
            if (s == 124 || s >= 126)
                break;
        }
        if (!r)
            break;
        n = 0;
        at = pool;
        used = 0;
        pending = 1;                    /* the word that did not fit starts the next run */
    }
    if (r < 0)
        status = status ? status : 1;
    return status;
}
