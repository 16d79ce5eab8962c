/* arith.c - arithmetic expansion, $((expr)): long long integers, decimal,
 * octal (0NN) and hexadecimal (0xNN) constants, variables by name ($NAME,
 * ${NAME} or NAME; unset or empty is 0), parentheses and C's operators
 * with C's precedence:
 *     unary + - ! ~;  * / %;  + -;  << >>;  < <= > >=;  == !=;  &;  ^;  |;  &&;  ||
 * (no assignment operators and no ?:). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct arith {
    const char *p, *end;
    int error;
};

static void skip_blanks(struct arith *a)
{
    while (a->p < a->end && isspace((unsigned char)*a->p))
        a->p++;
}

static long long fail(struct arith *a, const char *what)
{
    if (!a->error)
        fprintf(stderr, "sh: arithmetic: %s\n", what);
    a->error = 1;
    return 0;
}

/* The number text s as a value: 0 with *v, or -1 if it is not one. */
static int number(const char *s, long long *v)
{
    char *end;
    errno = 0;
    *v = strtoll(s, &end, 0);
    return *s && !*end && !errno ? 0 : -1;
}

/* A variable's value as a number (at a->p: a name, maybe after '$' or
 * inside ${...}). */
static long long variable(struct arith *a)
{
    char name[64];
    size_t n = 0;
    int braced = a->p < a->end && *a->p == '{';
    if (braced)
        a->p++;
    while (a->p < a->end && (isalnum((unsigned char)*a->p) || *a->p == '_')) {
        if (n < sizeof name - 1)
            name[n++] = *a->p;
        a->p++;
    }
    name[n] = '\0';
    if (braced && (a->p >= a->end || *a->p++ != '}'))
        return fail(a, "bad ${...}");
    if (n == 0 || isdigit((unsigned char)name[0]))
        return fail(a, "a variable name is wanted");
    const char *value = var_get(name);
    long long v = 0;
    if (value && *value && number(value, &v) < 0)
        return fail(a, "a variable's value is not a number");
    return v;
}

static long long binary(struct arith *a, int min_prec);

static long long unary(struct arith *a)
{
    skip_blanks(a);
    if (a->p >= a->end)
        return fail(a, "an operand is missing");
    char c = *a->p;
    if (c == '+' || c == '-' || c == '!' || c == '~') {
        a->p++;
        long long v = unary(a);
        return c == '+' ? v : c == '-' ? -v : c == '!' ? !v : ~v;
    }
    if (c == '(') {
        a->p++;
        long long v = binary(a, 1);
        skip_blanks(a);
        if (a->p >= a->end || *a->p != ')')
            return fail(a, "')' is missing");
        a->p++;
        return v;
    }
    if (c == '$') {
        a->p++;
        if (a->p < a->end && (*a->p == '?' || *a->p == '$' || *a->p == '!')) {
            char which = *a->p++;
            return which == '?' ? last_status : which == '$' ? getpid() : last_background;
        }
        return variable(a);
    }
    if (isdigit((unsigned char)c)) {
        char text[32];
        size_t n = 0;
        while (a->p < a->end && isalnum((unsigned char)*a->p)) {
            if (n < sizeof text - 1)
                text[n++] = *a->p;
            a->p++;
        }
        text[n] = '\0';
        long long v;
        if (number(text, &v) < 0)
            return fail(a, "bad number");
        return v;
    }
    if (isalpha((unsigned char)c) || c == '_')
        return variable(a);
    return fail(a, "unexpected character");
}

static const struct op {
    const char *text;
    int prec;
} ops[] = {     /* longer spellings first */
    { "||", 1 }, { "&&", 2 }, { "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 },
    { "<<", 8 }, { ">>", 8 }, { "|", 3 }, { "^", 4 }, { "&", 5 }, { "<", 7 }, { ">", 7 },
    { "+", 9 }, { "-", 9 }, { "*", 10 }, { "/", 10 }, { "%", 10 },
};

/* The binary operator at a->p, or NULL. */
static const struct op *peek_op(struct arith *a)
{
    skip_blanks(a);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i].text);
        if ((size_t)(a->end - a->p) >= n && memcmp(a->p, ops[i].text, n) == 0)
            return &ops[i];
    }
    return NULL;
}

static long long apply(struct arith *a, const char *op, long long l, long long r)
{
    switch (op[0]) {
    case '|': return op[1] ? l || r : l | r;
    case '&': return op[1] ? l && r : l & r;
    case '^': return l ^ r;
    case '=': return l == r;
    case '!': return l != r;
    case '<': return op[1] == '<' ? (long long)((unsigned long long)l << (r & 63))
                   : op[1] ? l <= r : l < r;
    case '>': return op[1] == '>' ? l >> (r & 63) : op[1] ? l >= r : l > r;
    case '+': return (long long)((unsigned long long)l + (unsigned long long)r);
    case '-': return (long long)((unsigned long long)l - (unsigned long long)r);
    case '*': return (long long)((unsigned long long)l * (unsigned long long)r);
    default:    /* '/' and '%' */
        if (r == 0)
            return fail(a, "division by zero");
        if (r == -1)    /* LLONG_MIN / -1 would trap */
            return op[0] == '/' ? (long long)(0ull - (unsigned long long)l) : 0;
        return op[0] == '/' ? l / r : l % r;
    }
}

/* Precedence climbing: operands joined by operators of min_prec or more. */
static long long binary(struct arith *a, int min_prec)
{
    long long left = unary(a);
    const struct op *op;
    while (!a->error && (op = peek_op(a)) && op->prec >= min_prec) {
        a->p += strlen(op->text);
        long long right = binary(a, op->prec + 1);
        left = apply(a, op->text, left, right);
    }
    return left;
}

int arith_eval(const char *expr, int len, long long *value)
{
    struct arith a = { expr, expr + len, 0 };
    long long v = binary(&a, 1);
    skip_blanks(&a);
    if (!a.error && a.p < a.end)
        fail(&a, "unexpected text after the expression");
    if (a.error)
        return -1;
    *value = v;
    return 0;
}
