/* expand.c - a command's words into its argv. Each word is expanded by
 * lex.c as a pattern; if an unquoted wildcard (* ? [) came out of it, it is
 * replaced by the path names it matches, sorted (glob(3)), or kept as it
 * is when nothing matches (POSIX); otherwise its escapes are removed.
 * Assignments and redirection targets are not globbed. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define MAX_WORDS (MAX_ARGS + 2 * MAX_PIPE)

/* Removes the pattern escapes of lex.c from s, in place. */
static void unescape(char *s)
{
    char *d = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1])
            s++;
        *d++ = *s;
    }
    *d = '\0';
}

/* Copies s into the store at lx->out: the copy, or NULL if it is full. */
static char *store_copy(struct lexer *lx, const char *s)
{
    size_t len = strlen(s) + 1;
    if ((size_t)(lx->end - lx->out) < len)
        return NULL;
    char *copy = memcpy(lx->out, s, len);
    lx->out += len;
    return copy;
}

/* Appends the fields of word (unexpanded) to words[*n...]: 0, or -1 after
 * an error (printed). */
static int expand_arg(struct lexer *lx, const char *word, char **words, int *n, int max)
{
    char *start = lx->out;
    lx->p = word;
    lx->pattern = 1;
    lx->wild = 0;
    int r = lex_word(lx);
    lx->pattern = 0;
    if (r <= 0)
        return r;
    glob_t g;
    if (lx->wild && glob(start, 0, NULL, &g) == 0) {
        lx->out = start;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            if (*n >= max || !(words[*n] = store_copy(lx, g.gl_pathv[i]))) {
                globfree(&g);
                fprintf(stderr, "sh: %s: too many arguments\n", word);
                return -1;
            }
            (*n)++;
        }
        globfree(&g);
        return 0;
    }
    unescape(start);
    lx->out = start + strlen(start) + 1;
    if (*n >= max) {
        fprintf(stderr, "sh: too many arguments\n");
        return -1;
    }
    words[(*n)++] = start;
    return 0;
}

/* Expands the redirection at toks[i] (its word at i + 1) into c: 0, or -1. */
static int expand_redirection(struct lexer *lx, const struct token *toks, int i,
                              struct command *c)
{
    if (c->nredirs == MAX_REDIRS) {
        fprintf(stderr, "sh: too many redirections\n");
        return -1;
    }
    char *word = lx->out;
    lx->p = toks[i + 1].word;
    if (lex_word(lx) < 0)
        return -1;
    c->redirs[c->nredirs++] = (struct redir){ toks[i].fd, toks[i].op, word };
    return 0;
}

/* Expands one command of a pipeline into c, its arrays at x->words[*w...]. */
static int expand_command(struct lexer *lx, const struct token *toks, const struct node *n,
                          struct command *c, struct expansion *x, int *w)
{
    int simple = n->kind == N_SIMPLE, first = simple ? n->w0 : n->r0;
    int last = simple ? n->w1 : n->r1, args = -1;
    char **words = x->words;

    c->nredirs = 0;
    c->compound = simple ? NULL : n;
    c->assigns = &words[*w];
    for (int i = first; i < last; i++) {
        const struct token *t = &toks[i];
        if (t->kind == REDIR) {
            if (expand_redirection(lx, toks, i++, c) < 0)
                return -1;
        } else if (args < 0 && is_assignment(t->word)) {
            char *word = lx->out;
            lx->p = t->word;
            if (*w + 2 >= MAX_WORDS || lex_word(lx) < 0)
                return -1;
            words[(*w)++] = word;
        } else {
            if (args < 0) {
                words[(*w)++] = NULL;       /* the end of the assignments */
                args = *w;
            }
            if (expand_arg(lx, t->word, words, w, MAX_WORDS - 2) < 0)
                return -1;
        }
    }
    if (args < 0) {
        words[(*w)++] = NULL;
        args = *w;
    }
    words[(*w)++] = NULL;
    c->argv = &words[args];
    return 0;
}

int expand_pipeline(const struct token *toks, const struct node *pipe, struct command *cmds,
                    struct expansion *x)
{
    x->store = malloc(STORE_SIZE);
    x->words = malloc(MAX_WORDS * sizeof *x->words);
    if (!x->store || !x->words) {
        fprintf(stderr, "sh: out of memory\n");
        return -1;
    }
    struct lexer lx = { NULL, x->store, x->store + STORE_SIZE, 0, 0, 0 };
    int n = 0, w = 0;
    for (const struct node *c = pipe->a; c; c = c->next) {
        if (n == MAX_PIPE) {
            fprintf(stderr, "sh: pipeline too long\n");
            return -1;
        }
        if (expand_command(&lx, toks, c, &cmds[n++], x, &w) < 0)
            return -1;
    }
    return n;
}

void expansion_free(struct expansion *x)
{
    free(x->store);
    free(x->words);
    x->store = NULL;
    x->words = NULL;
}

char **expand_words(const struct token *toks, int w0, int w1)
{
    struct expansion x = { malloc(STORE_SIZE), malloc(MAX_WORDS * sizeof(char *)) };
    struct lexer lx = { NULL, x.store, x.store + STORE_SIZE, 0, 0, 0 };
    char **copy = NULL;
    int n = 0;

    if (!x.store || !x.words)
        goto out;
    for (int i = w0; i < w1; i++)
        if (expand_arg(&lx, toks[i].word, x.words, &n, MAX_WORDS - 1) < 0)
            goto out;
    if (!(copy = calloc(n + 1, sizeof *copy)))
        goto out;
    for (int i = 0; i < n; i++)
        if (!(copy[i] = strdup(x.words[i]))) {
            free_words(copy);
            copy = NULL;
            goto out;
        }
out:
    if (!copy)
        fprintf(stderr, "sh: for: cannot expand the words\n");
    expansion_free(&x);
    return copy;
}

void free_words(char **words)
{
    for (char **w = words; w && *w; w++)
        free(*w);
    free(words);
}
