/* parse.c - the shell's grammar, a recursive descent over the tokens of
 * lex.c (POSIX's, less case, functions and subshells):
 *
 *   program   := list END
 *   list      := { and_or ( ';' | '&' | newline ) }     (newlines anywhere between)
 *   and_or    := pipeline { ( '&&' | '||' ) newlines pipeline }
 *   pipeline  := [ '!' ] command { '|' newlines command }
 *   command   := simple | compound { redirection }
 *   simple    := { word | assignment | redirection }+
 *   compound  := if list then list { elif list then list } [ else list ] fi
 *              | while list do list done  |  until list do list done
 *              | for NAME [ in { word } ] ( ';' | newline ) do list done
 *              | '{' list '}'
 *
 * Reserved words are recognised by lex.c only where a command starts. A
 * text that ends where more must come (after "if true;", "a &&", "{") is
 * incomplete rather than wrong: the reader then asks for another line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct parser {
    const struct token *t;
    int i;                  /* the next token */
    int error;              /* 0, -1 (a syntax error, printed), 1 (incomplete) */
    struct node *all;       /* every node made, in order, chained by their all */
    struct node **all_tail;
};

static const char *token_text(const struct token *t)
{
    static const char *const names[] = { "word", "|", ";", "&", "&&", "||", "redirection",
                                         "newline", "end of file" };
    return t->kind == WORD && t->rw ? reserved_name(t->rw) : names[t->kind];
}

/* Fails the parse at the current token: incomplete at the end of the
 * text, else a syntax error near it. Returns NULL. */
static struct node *fail(struct parser *ps)
{
    const struct token *t = &ps->t[ps->i];
    if (ps->error)
        return NULL;
    if (t->kind == END) {
        ps->error = 1;
    } else {
        ps->error = -1;
        if (t->kind == WORD && !t->rw)
            fprintf(stderr, "sh: syntax error near '%.*s'\n", t->len, t->word);
        else
            fprintf(stderr, "sh: syntax error near '%s'\n", token_text(t));
    }
    return NULL;
}

static struct node *new_node(struct parser *ps, enum node_kind kind)
{
    struct node *n = calloc(1, sizeof *n);
    if (!n) {
        if (!ps->error)
            fprintf(stderr, "sh: out of memory\n");
        ps->error = -1;
        return NULL;
    }
    n->kind = kind;
    *ps->all_tail = n;
    ps->all_tail = &n->all;
    return n;
}

static enum reserved rw_at(const struct parser *ps)
{
    return ps->t[ps->i].kind == WORD ? ps->t[ps->i].rw : RW_NONE;
}

static void skip_newlines(struct parser *ps)
{
    while (ps->t[ps->i].kind == NL)
        ps->i++;
}

/* Consumes reserved word rw: 0, or -1 (the parse failed). */
static int expect(struct parser *ps, enum reserved rw)
{
    skip_newlines(ps);
    if (rw_at(ps) != rw) {
        fail(ps);
        return -1;
    }
    ps->i++;
    return 0;
}

/* Does the reserved word rw end a list (then, else, do, fi, ...)? */
static int ends_list(enum reserved rw)
{
    return rw == RW_THEN || rw == RW_ELSE || rw == RW_ELIF || rw == RW_FI || rw == RW_DO
           || rw == RW_DONE || rw == RW_RBRACE || rw == RW_ESAC;
}

static struct node *and_or(struct parser *ps);

/* A list, up to a reserved word that ends it or the end of the text. An
 * empty list is an error inside a compound command (top: allowed). */
static struct node *list(struct parser *ps, int top)
{
    struct node *l = new_node(ps, N_LIST), **tail;
    if (!l)
        return NULL;
    tail = &l->a;
    for (;;) {
        skip_newlines(ps);
        enum kind k = ps->t[ps->i].kind;
        if (k == END || ends_list(rw_at(ps)))
            break;
        struct node *item = and_or(ps);
        if (!item)
            return NULL;
        *tail = item;
        tail = &item->next;
        k = ps->t[ps->i].kind;
        if (k == AMP)
            item->background = 1;
        if (k != SEMI && k != AMP && k != NL)
            break;
        ps->i++;
    }
    if (!l->a && !top)
        return fail(ps);
    return l;
}

static struct node *command(struct parser *ps);

static struct node *pipeline(struct parser *ps)
{
    struct node *p = new_node(ps, N_PIPE), **tail;
    if (!p)
        return NULL;
    tail = &p->a;
    if (rw_at(ps) == RW_BANG) {
        p->negate = 1;
        ps->i++;
    }
    for (;;) {
        struct node *c = command(ps);
        if (!c)
            return NULL;
        *tail = c;
        tail = &c->next;
        if (ps->t[ps->i].kind != PIPE)
            return p;
        ps->i++;
        skip_newlines(ps);
    }
}

static struct node *and_or(struct parser *ps)
{
    struct node *left = pipeline(ps);
    while (left && (ps->t[ps->i].kind == AND || ps->t[ps->i].kind == OR)) {
        struct node *n = new_node(ps, ps->t[ps->i].kind == AND ? N_AND : N_OR);
        if (!n)
            return NULL;
        ps->i++;
        skip_newlines(ps);
        n->a = left;
        if (!(n->b = pipeline(ps)))
            return NULL;
        left = n;
    }
    return left;
}

/* Redirections: [n]op word. The token after REDIR must be its word. */
static int redirection(struct parser *ps)
{
    ps->i++;
    if (ps->t[ps->i].kind != WORD) {
        fail(ps);
        if (ps->error == 1) {       /* "echo >" then the end: wrong, not unfinished */
            fprintf(stderr, "sh: syntax error: a redirection wants a word\n");
            ps->error = -1;
        }
        return -1;
    }
    ps->i++;
    return 0;
}

static struct node *simple(struct parser *ps)
{
    struct node *n = new_node(ps, N_SIMPLE);
    if (!n)
        return NULL;
    n->w0 = ps->i;
    for (;;) {
        enum kind k = ps->t[ps->i].kind;
        if (k == REDIR && redirection(ps) < 0)
            return NULL;
        else if (k == WORD)
            ps->i++;
        else if (k != REDIR)
            break;
    }
    n->w1 = ps->i;
    return n;
}

/* if list then list [elif ... | else list] fi (after "if" or "elif"). */
static struct node *if_clause(struct parser *ps)
{
    struct node *n = new_node(ps, N_IF);
    if (!n || !(n->a = list(ps, 0)) || expect(ps, RW_THEN) < 0 || !(n->b = list(ps, 0)))
        return NULL;
    skip_newlines(ps);
    enum reserved rw = rw_at(ps);
    if (rw == RW_ELIF) {
        ps->i++;
        return (n->c = if_clause(ps)) ? n : NULL;   /* its "fi" is this one's */
    }
    if (rw == RW_ELSE) {
        ps->i++;
        if (!(n->c = list(ps, 0)))
            return NULL;
    }
    return expect(ps, RW_FI) < 0 ? NULL : n;
}

/* do list done. */
static struct node *do_group(struct parser *ps)
{
    struct node *body;
    if (expect(ps, RW_DO) < 0 || !(body = list(ps, 0)) || expect(ps, RW_DONE) < 0)
        return NULL;
    return body;
}

/* for NAME [in words] ; do list done (after "for"). */
static struct node *for_clause(struct parser *ps)
{
    struct node *n = new_node(ps, N_FOR);
    const struct token *t = &ps->t[ps->i];
    if (!n)
        return NULL;
    char name[64];
    if (t->kind != WORD || t->len >= (int)sizeof name)
        return fail(ps);
    memcpy(name, t->word, t->len);
    name[t->len] = '\0';
    if (!var_name_ok(name)) {
        fprintf(stderr, "sh: for: '%s' is not a valid variable name\n", name);
        ps->error = -1;
        return NULL;
    }
    n->var = ps->i++;
    skip_newlines(ps);
    t = &ps->t[ps->i];
    if (t->kind == WORD && t->len == 2 && memcmp(t->word, "in", 2) == 0) {
        n->has_in = 1;
        n->w0 = ++ps->i;
        while (ps->t[ps->i].kind == WORD)
            ps->i++;
        n->w1 = ps->i;
        if (ps->t[ps->i].kind != SEMI && ps->t[ps->i].kind != NL)
            return fail(ps);
        ps->i++;
    } else if (t->kind == SEMI) {
        ps->i++;
    }
    return (n->a = do_group(ps)) ? n : NULL;
}

static struct node *compound(struct parser *ps, enum reserved rw)
{
    struct node *n;
    ps->i++;
    switch (rw) {
    case RW_IF:
        return if_clause(ps);
    case RW_WHILE:
    case RW_UNTIL:
        if (!(n = new_node(ps, rw == RW_WHILE ? N_WHILE : N_UNTIL)) || !(n->a = list(ps, 0)))
            return NULL;
        return (n->b = do_group(ps)) ? n : NULL;
    case RW_FOR:
        return for_clause(ps);
    default:    /* RW_LBRACE */
        if (!(n = new_node(ps, N_GROUP)) || !(n->a = list(ps, 0)) || expect(ps, RW_RBRACE) < 0)
            return NULL;
        return n;
    }
}

static struct node *command(struct parser *ps)
{
    enum reserved rw = rw_at(ps);
    enum kind k = ps->t[ps->i].kind;

    if (rw == RW_CASE) {
        fprintf(stderr, "sh: syntax error: 'case' is not supported yet\n");
        ps->error = -1;
        return NULL;
    }
    if (rw == RW_IF || rw == RW_WHILE || rw == RW_UNTIL || rw == RW_FOR || rw == RW_LBRACE) {
        struct node *n = compound(ps, rw);
        if (!n)
            return NULL;
        n->r0 = ps->i;
        while (ps->t[ps->i].kind == REDIR)
            if (redirection(ps) < 0)
                return NULL;
        n->r1 = ps->i;
        return n;
    }
    if (rw != RW_NONE || (k != WORD && k != REDIR))
        return fail(ps);
    return simple(ps);
}

int parse(const struct token *toks, struct node **tree)
{
    struct parser ps = { toks, 0, 0, NULL, NULL };
    ps.all_tail = &ps.all;
    struct node *top = list(&ps, 1);    /* the first node made: ps.all */

    if (top && toks[ps.i].kind != END)
        fail(&ps);
    if (ps.error) {
        free_tree(ps.all);
        return ps.error;
    }
    *tree = top;
    return 0;
}

/* The root is the first node of its parse, so its all chain has them all. */
void free_tree(struct node *tree)
{
    while (tree) {
        struct node *next = tree->all;
        free(tree);
        tree = next;
    }
}
