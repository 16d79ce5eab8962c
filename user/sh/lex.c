/* lex.c - the shell's words and tokens.
 *
 * Words are separated by blanks, with '...' and "..." quoting and
 * backslash escapes (a trailing backslash stays a backslash, as in dash);
 * $? (last status), $$ (shell pid), $! (last background pid), $NAME,
 * ${NAME} and $((arithmetic)) expand outside single quotes. Operators:
 * | ; & && || newline and the redirections [n]< [n]> [n]>> [n]>&m [n]<&m
 * (n, m: digits; m may be "-"). '#' at the start of a word starts a
 * comment. A word where a command starts may be a reserved word (if, then,
 * while, for, {, !, ...): the token says which, and parse.c decides.
 *
 * Words are read twice: once when the text is split into tokens, only to
 * find where each ends (out is NULL), and again just before their command
 * runs, to expand them ($? must be the status of the command before, not
 * of the line before). A word for globbing is expanded as a pattern
 * (expand.c): quoted wildcard characters are escaped with '\'.
 *
 * What this shell does not have is refused with a clear error instead of
 * being passed on as words: ( ) ` $( <<. */
#include <stdio.h>
#include <stdlib.h>
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

/* A character that came from quoted text: in a pattern, escaped if it
 * would be special to glob. */
static void put_quoted(struct lexer *lx, char c)
{
    if (lx->pattern && strchr("*?[]\\", c))
        put_char(lx, '\\');
    put_char(lx, c);
}

/* An unquoted character: a wildcard in a pattern (a backslash, which can
 * only come from an expansion here, is itself). */
static void put_unquoted(struct lexer *lx, char c)
{
    if (c == '\\') {
        put_quoted(lx, c);
        return;
    }
    if (c == '*' || c == '?' || c == '[')
        lx->wild = 1;
    put_char(lx, c);
}

static void put_string(struct lexer *lx, const char *s, int quoted)
{
    while (*s)
        quoted ? put_quoted(lx, *s++) : put_unquoted(lx, *s++);
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

/* The end of the arithmetic expression at p (just after "$(("): the first
 * "))" outside parentheses of its own, or NULL if there is none. */
static const char *arith_end(const char *p)
{
    for (int depth = 0; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        else if (*p == ')')
            return p[1] == ')' ? p : NULL;
    }
    return NULL;
}

/* $((expr)) at lx->p (just after the '$'): 1, or -1 after an error. Only
 * evaluated when the word is expanded for real. */
static int expand_arith(struct lexer *lx, int quoted)
{
    const char *expr = lx->p + 2, *end = arith_end(expr);
    if (!end) {
        fprintf(stderr, "sh: $((: missing '))'\n");
        return -1;
    }
    lx->p = end + 2;
    if (!lx->out)
        return 1;
    long long v;
    char num[24];
    if (arith_eval(expr, (int)(end - expr), &v) < 0)
        return -1;
    snprintf(num, sizeof num, "%lld", v);
    put_string(lx, num, quoted);
    return 1;
}

/* Expands the $ form at lx->p (just after the '$'), inside double quotes
 * if quoted; returns 1 if it produced text from an expansion, 0 if the '$'
 * was taken literally, -1 after an error (an unsupported or malformed
 * form). */
static int expand_dollar(struct lexer *lx, int quoted)
{
    char num[16], name[64];
    const char *p = lx->p;

    if (*p == '?' || *p == '$' || *p == '!') {
        int v = *p == '?' ? last_status : *p == '$' ? getpid() : last_background;
        snprintf(num, sizeof num, "%d", v);
        put_string(lx, num, quoted);
        lx->p++;
        return 1;
    }
    if (p[0] == '(' && p[1] == '(')
        return expand_arith(lx, quoted);
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
        put_quoted(lx, '$');
        return 0;
    }
    const char *value = var_get(name);
    put_string(lx, value ? value : "", quoted);
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

/* The rest of a "..." word part at lx->p (after the opening quote): 0, or
 * -1 after an error. */
static int lex_double_quoted(struct lexer *lx)
{
    while (*lx->p && *lx->p != '"') {
        char c = *lx->p++;
        if (c == '\\' && (*lx->p == '"' || *lx->p == '\\' || *lx->p == '$' || *lx->p == '`'))
            put_quoted(lx, *lx->p++);
        else if (c == '$' && expand_dollar(lx, 1) < 0)
            return -1;
        else if (c == '`') {
            fprintf(stderr, "sh: `...` command substitution is not supported\n");
            return -1;
        } else if (c != '$')
            put_quoted(lx, c);
    }
    if (!*lx->p) {
        fprintf(stderr, "sh: unterminated \"\n");
        return -1;
    }
    lx->p++;
    return 0;
}

int lex_word(struct lexer *lx)
{
    char *start = lx->out;
    int literal = 0;    /* saw quoted or plain text, so keep even if empty */

    while (*lx->p && !is_blank(*lx->p) && !is_operator_char(*lx->p)) {
        char c = *lx->p++;
        if (c == '$' && lx->p[0] == '(' && lx->p[1] == '(') {
            if (expand_dollar(lx, 0) < 0)
                return -1;
        } else if (is_unsupported_char(c)) {
            fprintf(stderr, "sh: syntax error: '%c' is not supported (quote it)\n", c);
            return -1;
        } else if (c == '\'') {
            literal = 1;
            while (*lx->p && *lx->p != '\'')
                put_quoted(lx, *lx->p++);
            if (!*lx->p) {
                fprintf(stderr, "sh: unterminated '\n");
                return -1;
            }
            lx->p++;
        } else if (c == '"') {
            literal = 1;
            if (lex_double_quoted(lx) < 0)
                return -1;
        } else if (c == '\\') {
            literal = 1;
            put_quoted(lx, *lx->p ? *lx->p++ : '\\');   /* a trailing one is itself */
        } else if (c == '$') {
            int r = expand_dollar(lx, 0);
            if (r < 0)
                return -1;
            literal |= !r;
        } else {
            literal = 1;
            put_unquoted(lx, c);
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

static const char *const reserved_words[] = {
    [RW_IF] = "if", [RW_THEN] = "then", [RW_ELSE] = "else", [RW_ELIF] = "elif",
    [RW_FI] = "fi", [RW_WHILE] = "while", [RW_UNTIL] = "until", [RW_FOR] = "for",
    [RW_DO] = "do", [RW_DONE] = "done", [RW_LBRACE] = "{", [RW_RBRACE] = "}",
    [RW_BANG] = "!", [RW_CASE] = "case", [RW_ESAC] = "esac",
};

/* The reserved word the word w[0..len) is, or RW_NONE. */
static enum reserved reserved_word(const char *w, int len)
{
    for (int i = RW_NONE + 1; i <= RW_ESAC; i++)
        if ((int)strlen(reserved_words[i]) == len && memcmp(w, reserved_words[i], len) == 0)
            return (enum reserved)i;
    return RW_NONE;
}

const char *reserved_name(enum reserved rw)
{
    return reserved_words[rw];
}

/* Does a command start after the reserved word rw (if, then, do, ...: yes;
 * for: its variable's name comes next; fi, done, }: an operator)? */
static int opens_command(enum reserved rw)
{
    return rw != RW_FOR && rw != RW_FI && rw != RW_DONE && rw != RW_RBRACE && rw != RW_ESAC;
}

int tokenize(const char *text, struct token **toksp)
{
    struct lexer lx = { text, NULL, NULL, 0, 0, 0 };
    struct token *toks = NULL;
    int n = 0, cap = 0, command_start = 1;

    for (;;) {
        while (is_blank(*lx.p))
            lx.p++;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            struct token *bigger = realloc(toks, cap * sizeof *toks);
            if (!bigger) {
                fprintf(stderr, "sh: out of memory\n");
                free(toks);
                return -1;
            }
            toks = bigger;
        }
        const char *p = lx.p, *digits = p;
        while (is_digit(*digits))
            digits++;
        struct token *t = &toks[n];
        *t = (struct token){ .kind = END };
        if (*p == '#')
            while (*lx.p && *lx.p != '\n')
                lx.p++;
        p = lx.p;
        if (*p == '\0') {
            *toksp = toks;
            return n + 1;
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
                    free(toks);
                    return -1;
                }
                sscanf(p, "%d", &fd);
                lx.p = digits;
            }
            if (lex_redirection(&lx.p, fd, t) < 0) {
                free(toks);
                return -1;
            }
        } else if (*p == '\n') {
            t->kind = NL, lx.p++;
        } else if (*p == ';') {
            t->kind = SEMI, lx.p++;
        } else {
            t->kind = WORD;
            t->word = p;
            if (lex_word(&lx) < 0) {
                free(toks);
                return -1;
            }
            t->len = (int)(lx.p - p);
            int target = n > 0 && toks[n - 1].kind == REDIR;
            if (command_start && !target)
                t->rw = reserved_word(p, t->len);
            if (t->rw != RW_NONE)
                command_start = opens_command(t->rw);
            else if (!target && !is_assignment(p))
                command_start = 0;
        }
        if (t->kind != WORD && t->kind != REDIR)
            command_start = 1;
        n++;
    }
}
