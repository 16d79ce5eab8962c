/* sort [-rnu] [-t SEP] [-k START[,END]]... [FILE...]: sorts the lines of
 * the files ("-" or none: stdin) by byte value (the C locale), or by the
 * keys given: fields START to END (1-based, END the line's end if not
 * given; START may be F.C, a character of the field), each optionally
 * followed by n or r for that key. Fields are split at SEP (-t), or
 * else start at the blanks before each run of non-blanks. -n compares
 * leading numbers, -r reverses, -u keeps only the first of lines whose
 * keys are equal. Lines with equal keys are ordered by the whole line (as
 * GNU sort), unless -u. Exits 2 on error or bad usage. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

#define MAX_KEYS 10

struct key {
    int start_field, start_char, end_field;    /* end_field 0: to the end of the line */
    int numeric, reverse;
};

static struct key keys[MAX_KEYS];
static int nkeys, numeric, reverse, unique;
static int sep = -1;

/* Where field f (1-based) of line starts; the end of the line if it has
 * fewer fields. */
static const char *field_start(const char *line, int f)
{
    const char *p = line;

    for (int i = 1; i < f && *p; i++) {
        if (sep >= 0) {
            const char *s = strchr(p, sep);
            if (!s)
                return p + strlen(p);
            p = s + 1;
        } else {
            while (*p == ' ' || *p == '\t')
                p++;
            while (*p && *p != ' ' && *p != '\t')
                p++;
        }
    }
    return p;
}

/* Where field f ends (its separator, or the end of the line). */
static const char *field_end(const char *line, int f)
{
    const char *p = field_start(line, f);

    if (sep >= 0) {
        const char *s = strchr(p, sep);
        return s ? s : p + strlen(p);
    }
    while (*p == ' ' || *p == '\t')
        p++;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    return p;
}

/* The leading number of s..end ("-1.5"), 0 if none. */
static double number(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    double v = 0, scale = 1;
    int negative = s < end && *s == '-';
    s += negative;
    for (; s < end && isdigit((unsigned char)*s); s++)
        v = v * 10 + (*s - '0');
    if (s < end && *s == '.')
        for (s++; s < end && isdigit((unsigned char)*s); s++)
            v += (*s - '0') * (scale /= 10);
    return negative ? -v : v;
}

static int compare_range(const char *a, const char *ae, const char *b, const char *be, int num)
{
    if (num) {
        double x = number(a, ae), y = number(b, be);
        return x < y ? -1 : x > y;
    }
    size_t la = (size_t)(ae - a), lb = (size_t)(be - b);
    int c = memcmp(a, b, la < lb ? la : lb);
    return c ? c : la < lb ? -1 : la > lb;
}

/* Compares by the keys only; 0 if they are all equal. */
static int compare_keys(const char *a, const char *b)
{
    if (nkeys == 0) {
        int c = compare_range(a, a + strlen(a), b, b + strlen(b), numeric);
        return reverse ? -c : c;
    }
    for (int i = 0; i < nkeys; i++) {
        const struct key *k = &keys[i];
        const char *as = field_start(a, k->start_field), *bs = field_start(b, k->start_field);
        const char *ae = k->end_field ? field_end(a, k->end_field) : a + strlen(a);
        const char *be = k->end_field ? field_end(b, k->end_field) : b + strlen(b);
        if (k->start_char > 1) {
            as = as + k->start_char - 1 < ae ? as + k->start_char - 1 : ae;
            bs = bs + k->start_char - 1 < be ? bs + k->start_char - 1 : be;
        }
        if (ae < as)
            ae = as;
        if (be < bs)
            be = bs;
        int c = compare_range(as, ae, bs, be, k->numeric || numeric);
        if (c)
            return k->reverse || reverse ? -c : c;
    }
    return 0;
}

static int compare_lines(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    int c = compare_keys(a, b);

    if (c || unique || (nkeys == 0 && !numeric))
        return c;
    c = strcmp(a, b);                    /* the last resort: the whole line */
    return reverse ? -c : c;
}

/* Parses a -k argument into k; 0, or -1 if it is malformed. */
static int parse_key(const char *s, struct key *k)
{
    char *end;

    memset(k, 0, sizeof *k);
    k->start_field = (int)strtol(s, &end, 10);
    if (end == s || k->start_field < 1)
        return -1;
    if (*end == '.')
        k->start_char = (int)strtol(end + 1, &end, 10);
    for (; *end == 'n' || *end == 'r'; end++)
        *(*end == 'n' ? &k->numeric : &k->reverse) = 1;
    if (*end == ',') {
        s = end + 1;
        k->end_field = (int)strtol(s, &end, 10);
        if (end == s || k->end_field < 1)
            return -1;
        if (*end == '.')
            strtol(end + 1, &end, 10);       /* an end character: the field's end is used */
        for (; *end == 'n' || *end == 'r'; end++)
            *(*end == 'n' ? &k->numeric : &k->reverse) = 1;
    }
    return *end ? -1 : 0;
}

int main(int argc, char **argv)
{
    int opt;

    if (tool_start(argc, argv, "sort", "sort [-rnu] [-t SEP] [-k START[,END]]... [FILE...]"))
        return 0;
    while ((opt = getopt(argc, argv, "rnut:k:")) != -1) {
        if (opt == 'r') {
            reverse = 1;
        } else if (opt == 'n') {
            numeric = 1;
        } else if (opt == 'u') {
            unique = 1;
        } else if (opt == 't' && strlen(optarg) == 1) {
            sep = (unsigned char)optarg[0];
        } else if (opt == 'k' && nkeys < MAX_KEYS && parse_key(optarg, &keys[nkeys]) == 0) {
            nkeys++;
        } else {
            if (opt == 'k')
                fprintf(stderr, "sort: invalid key '%s'\n", optarg);
            return tool_usage();
        }
    }
    char **lines = NULL, *line = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    ssize_t len;
    int i = optind < argc ? optind : argc - 1;
    for (; i < argc; i++) {
        FILE *f = tool_open(i >= optind ? argv[i] : "-");
        if (!f)
            return 2;
        while ((len = getline(&line, &lcap, f)) >= 0) {
            if (len > 0 && line[len - 1] == '\n')
                line[len - 1] = '\0';
            if (n == cap) {
                cap = cap ? 2 * cap : 256;
                lines = realloc(lines, cap * sizeof *lines);
                if (!lines) {
                    fprintf(stderr, "sort: out of memory\n");
                    return 2;
                }
            }
            lines[n++] = strdup(line);
        }
        tool_close(f);
    }
    qsort(lines, n, sizeof *lines, compare_lines);
    for (size_t k = 0; k < n; k++)
        if (!unique || k == 0 || compare_keys(lines[k - 1], lines[k]) != 0)
            printf("%s\n", lines[k]);
    return 0;
}
