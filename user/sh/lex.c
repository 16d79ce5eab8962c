/* lex.c - the shell's words and tokens.
 *
 * Words are separated by blanks, with '...' and "..." quoting and
 * backslash escapes (a trailing backslash stays a backslash, as in dash);
 * $? (last status), $$ (shell pid), $! (last background pid), $NAME and
 * ${NAME} expand outside single quotes. Operators: | ; & && || and the
 * redirections [n]< [n]> [n]>> [n]>&m [n]<&m (n, m: digits; m may be "-").
 * '#' at the start of a word starts a comment.
 *
 * Words are read twice: once when the line is split into tokens, only to
 * find where each ends (out is NULL), and again just before their command
 * runs, to expand them ($? must be the status of the command before, not
 * of the line before).
 *
 * What this shell does not have is refused with a clear error instead of
 * being passed on as words: ( ) { } ` $( <<, and the reserved words of
 * compound commands (if, while, for, case, ...). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

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

static int is_name_start(char c)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Copies the name at p (at most size - 1 characters kept) into name;
 * returns the first character after it. */
static const char *read_name(const char *p, char *name, size_t size)
{
    size_t n = 0;
    while (is_name_char(*p)) {
        if (n < size - 1)
            name[n++] = *p;
        p++;
    }
    name[n] = '\0';
    return p;
}

/* Expands the $ form at lx->p (just after the '$'); returns 1 if it produced
 * text from an expansion, 0 if the '$' was taken literally, -1 after an
 * error (an unsupported or malformed form). */
static int expand_dollar(struct lexer *lx)
{
    char num[16], name[64];
    const char *p = lx->p;

    if (*p == '?' || *p == '$' || *p == '!') {
        int v = *p == '?' ? last_status : *p == '$' ? getpid() : last_background;
        snprintf(num, sizeof num, "%d", v);
        put_string(lx, num);
        lx->p++;
        return 1;
    }
    if (*p == '(') {
        fprintf(stderr, "sh: $(...) command substitution is not supported\n");
        return -1;
    }
    if (*p == '{') {
        const char *end = read_name(p + 1, name, sizeof name);
        if (!is_name_start(p[1]) || *end != '}') {
            fprintf(stderr, "sh: ${...}: only ${NAME} is supported\n");
            return -1;
        }
        lx->p = end + 1;
    } else if (is_name_start(*p)) {
        lx->p = read_name(p, name, sizeof name);
    } else {
        put_char(lx, '$');
        return 0;
    }
    const char *value = var_get(name);
    put_string(lx, value ? value : "");
    return 1;
}

static int is_operator_char(char c)
{
    return c == '|' || c == '&' || c == ';' || c == '\n' || c == '<' || c == '>';
}

/* Characters of syntax this shell does not have: they may not appear
 * unquoted. */
static int is_unsupported_char(char c)
{
    return c == '(' || c == ')' || c == '`';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

int lex_word(struct lexer *lx)
{
    char *start = lx->out;
    int literal = 0;    /* saw quoted or plain text, so keep even if empty */

    while (*lx->p && !is_blank(*lx->p) && !is_operator_char(*lx->p)) {
        char c = *lx->p++;
        if (is_unsupported_char(c)) {
            fprintf(stderr, "sh: syntax error: '%c' is not supported (quote it)\n", c);
            return -1;
        } else if (c == '\'') {
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
                if (c == '\\' && (*lx->p == '"' || *lx->p == '\\' || *lx->p == '$'
                                  || *lx->p == '`'))
                    put_char(lx, *lx->p++);
                else if (c == '$' && expand_dollar(lx) < 0)
                    return -1;
                else if (c == '`') {
                    fprintf(stderr, "sh: `...` command substitution is not supported\n");
                    return -1;
                } else if (c != '$')
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
            int r = expand_dollar(lx);
            if (r < 0)
                return -1;
            literal |= !r;
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

int is_assignment(const char *w)
{
    if (!is_name_start(*w))
        return 0;
    while (is_name_char(*w))
        w++;
    return *w == '=';
}

/* Reads a redirection operator at *pp, after its fd digits (fd: -1 if
 * none); fills t and advances *pp. Returns 0, or -1 for "<<" (a here-
 * document, not supported; error printed). */
static int lex_redirection(const char **pp, int fd, struct token *t)
{
    const char *p = *pp;
    t->kind = REDIR;
    if (p[0] == '<' && p[1] == '<') {
        fprintf(stderr, "sh: << here-documents are not supported\n");
        return -1;
    }
    if (p[0] == '>' && p[1] == '>') {
        t->op = R_APPEND;
        p += 2;
    } else if (p[1] == '&') {
        t->op = R_DUP;
        p += 2;
    } else {
        t->op = *p == '<' ? R_IN : R_OUT;
        p++;
    }
    t->fd = fd >= 0 ? fd : **pp == '<' ? 0 : 1;
    *pp = p;
    return 0;
}

/* The compound-command words: refused where a command starts. */
static const char *const reserved[] = {
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
    "for", "{", "}", "!",
};

/* If the word t, at the start of a command, is a reserved word, says so
 * and returns -1; else 0. */
static int check_reserved(const struct token *t, size_t len)
{
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strlen(reserved[i]) == len && memcmp(t->word, reserved[i], len) == 0) {
            fprintf(stderr, "sh: syntax error: '%s' is not supported yet\n", reserved[i]);
            return -1;
        }
    return 0;
}

/* Checks that every operator follows a command (a redirection may also
 * start one), that '|', '&&' and '||' are followed by one, and that each
 * redirection has its word; returns 0, or -1 after printing an error. */
static int check_syntax(const struct token *toks)
{
    static const char *const names[] = { "", "|", ";", "&", "&&", "||", "redirection",
                                         "newline" };

    for (int i = 0; toks[i].kind != END; i++) {
        enum kind k = toks[i].kind, next = toks[i + 1].kind;
        if (k == WORD)
            continue;
        if (k == REDIR) {
            if (next != WORD) {
                fprintf(stderr, "sh: syntax error: a redirection wants a word, not '%s'\n",
                        names[next]);
                return -1;
            }
            continue;
        }
        /* A command (its last word a command word or a redirection's
         * target) must come before the operator. */
        int bad_before = i == 0 || toks[i - 1].kind != WORD;
        int bad_after = (k == PIPE || k == AND || k == OR) && next != WORD && next != REDIR;
        if (bad_before || bad_after) {
            fprintf(stderr, "sh: syntax error near '%s'\n", names[bad_before ? k : next]);
            return -1;
        }
    }
    return 0;
}

int tokenize(const char *line, struct token *toks)
{
    struct lexer lx = { line, NULL, NULL, 0 };
    int n = 0, command_start = 1;

    for (;;) {
        while (is_blank(*lx.p))
            lx.p++;
        if (n == MAX_TOKENS - 1) {
            fprintf(stderr, "sh: too many words\n");
            return -1;
        }
        const char *p = lx.p, *digits = p;
        while (is_digit(*digits))
            digits++;
        struct token *t = &toks[n];
        t->word = NULL;
        if (*p == '\0' || *p == '#') {
            t->kind = END;
            return check_syntax(toks) < 0 ? -1 : n + 1;
        } else if (p[0] == '|' && p[1] == '|') {
            t->kind = OR, lx.p += 2;
        } else if (p[0] == '&' && p[1] == '&') {
            t->kind = AND, lx.p += 2;
        } else if (*p == '|') {
            t->kind = PIPE, lx.p++;
        } else if (*p == '&') {
            t->kind = AMP, lx.p++;
        } else if (*p == '<' || *p == '>' || (digits > p && (*digits == '<' || *digits == '>'))) {
            int fd = -1;
            if (digits > p) {
                if (digits - p > 4) {
                    fprintf(stderr, "sh: %.*s: bad file descriptor\n", (int)(digits - p), p);
                    return -1;
                }
                sscanf(p, "%d", &fd);
                lx.p = digits;
            }
            if (lex_redirection(&lx.p, fd, t) < 0)
                return -1;
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
            int target = n > 0 && toks[n - 1].kind == REDIR;
            if (command_start && !target && !is_assignment(p)
                && check_reserved(t, (size_t)(lx.p - p)) < 0)
                return -1;
            if (!target && !is_assignment(p))
                command_start = 0;
        }
        if (t->kind != WORD && t->kind != REDIR)
            command_start = 1;
        n++;
    }
}
