/* diff [-q] [-u | -U N] FILE1 FILE2: the lines that differ, as GNU diff
 * prints them: the normal format ("2c2", "< old", "---", "> new") or the
 * unified one (-u: 3 lines of context, -U N: N), with "\ No newline at end
 * of file" where a file ends without one; -q only says whether they
 * differ. "-" is stdin. The edit is a longest common subsequence (after
 * the common head and tail are set aside), deletions before insertions:
 * for small files. Exits 0 if the files are the same, 1 if they differ,
 * 2 on trouble (a file that cannot be read, bad usage). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "tool.h"

#define CELLS_MAX (4u << 20)        /* the LCS table's limit: 4 Mi cells (16 MiB) */

struct file {
    const char *name;
    char **lines;               /* each with its '\n', except maybe the last */
    size_t n;
    struct stat st;
};

/* Reads f->name's lines. 0, or -1 after a message. */
static int load(struct file *f)
{
    FILE *in = tool_open(f->name);
    if (!in)
        return -1;
    if (in == stdin ? fstat(0, &f->st) : stat(f->name, &f->st))
        memset(&f->st, 0, sizeof f->st);
    size_t cap = 0, len = 0;
    char *line = NULL;
    ssize_t got;
    while ((got = getline(&line, &len, in)) > 0) {
        if (f->n == cap) {
            cap = cap ? 2 * cap : 64;
            char **grown = realloc(f->lines, cap * sizeof *grown);
            if (!grown)
                goto no_memory;
            f->lines = grown;
        }
        if (!(f->lines[f->n++] = strdup(line)))
            goto no_memory;
    }
    free(line);
    int bad = ferror(in);
    if (bad)
        fprintf(stderr, "diff: %s: %s\n", f->name, strerror(errno));
    tool_close(in);
    return bad ? -1 : 0;
no_memory:
    fprintf(stderr, "diff: %s: out of memory\n", f->name);
    tool_close(in);
    return -1;
}

/* The edit script: op[k] is '=' (a line of both), '-' (only the first's)
 * or '+' (only the second's), in order; nops of them. */
static char *op;
static size_t nops;

/* Builds the script from a's and b's lines. 0, or -1 if too large. */
static int edit(const struct file *a, const struct file *b)
{
    size_t head = 0, tail = 0;
    while (head < a->n && head < b->n && strcmp(a->lines[head], b->lines[head]) == 0)
        head++;
    while (tail < a->n - head && tail < b->n - head &&
           strcmp(a->lines[a->n - 1 - tail], b->lines[b->n - 1 - tail]) == 0)
        tail++;
    size_t n = a->n - head - tail, m = b->n - head - tail;
    if ((n + 1) * (m + 1) > CELLS_MAX) {
        fprintf(stderr, "diff: files too large to compare\n");
        return -1;
    }
    /* len[i][j]: the LCS of a's lines i.. and b's lines j.. (of the middle part) */
    unsigned *len = calloc((n + 1) * (m + 1), sizeof *len);
    op = malloc(a->n + b->n + 1);
    if (!len || !op) {
        fprintf(stderr, "diff: out of memory\n");
        return -1;
    }
#define L(i, j) len[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            L(i, j) = strcmp(a->lines[head + i], b->lines[head + j]) == 0 ? L(i + 1, j + 1) + 1 :
                      L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
    memset(op, '=', head);
    nops = head;
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && strcmp(a->lines[head + i], b->lines[head + j]) == 0)
            op[nops++] = '=', i++, j++;
        else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1)))
            op[nops++] = '-', i++;
        else
            op[nops++] = '+', j++;
    }
#undef L
    memset(op + nops, '=', tail);
    nops += tail;
    free(len);
    return 0;
}

/* Prints line with prefix, then GNU's note if it has no newline. */
static void put_line(const char *prefix, const char *line)
{
    size_t l = strlen(line);
    printf("%s%s", prefix, line);
    if (l == 0 || line[l - 1] != '\n')
        printf("\n\\ No newline at end of file\n");
}

/* "a" or "a,b" for lines a..b (1-based; b < a: just b, the line before). */
static void put_range(size_t a, size_t b)
{
    if (b <= a)
        printf("%zu", b < a ? b : a);
    else
        printf("%zu,%zu", a, b);
}

static void normal(const struct file *a, const struct file *b)
{
    size_t i = 0, j = 0, k = 0;             /* lines of a and b before op[k] */
    while (k < nops) {
        if (op[k] == '=') {
            i++, j++, k++;
            continue;
        }
        size_t del = 0, ins = 0;
        for (; k < nops && op[k] != '='; k++)
            op[k] == '-' ? del++ : ins++;
        put_range(i + 1, i + del);
        putchar(del && ins ? 'c' : del ? 'd' : 'a');
        put_range(j + 1, j + ins);
        putchar('\n');
        for (size_t x = 0; x < del; x++)
            put_line("< ", a->lines[i + x]);
        if (del && ins)
            puts("---");
        for (size_t x = 0; x < ins; x++)
            put_line("> ", b->lines[j + x]);
        i += del, j += ins;
    }
}

/* "start,count" of a unified hunk (count 1: just start; 0: the line before). */
static void put_hunk_range(size_t start, size_t count)
{
    if (count == 1)
        printf("%zu", start + 1);
    else
        printf("%zu,%zu", count ? start + 1 : start, count);
}

static void unified(const struct file *a, const struct file *b, size_t ctx)
{
    char when[64];
    tool_time(when, sizeof when, a->st.st_mtime, TOOL_NSEC(&a->st, st_mtim));
    printf("--- %s\t%s\n", a->name, when);
    tool_time(when, sizeof when, b->st.st_mtime, TOOL_NSEC(&b->st, st_mtim));
    printf("+++ %s\t%s\n", b->name, when);
    size_t k = 0, i = 0, j = 0;
    while (k < nops) {
        size_t first = k;           /* the next change */
        while (first < nops && op[first] == '=')
            first++;
        if (first == nops)
            break;
        size_t back = first - k < ctx ? first - k : ctx;
        i += first - k - back, j += first - k - back;
        size_t start = first - back, end = first;       /* the hunk: op[start, end) */
        for (;;) {                  /* take changes closer than 2 * ctx + 1 lines */
            while (end < nops && op[end] != '=')
                end++;
            size_t same = end;
            while (same < nops && op[same] == '=')
                same++;
            if (same == nops || same - end > 2 * ctx) {
                end = end + (same - end < ctx ? same - end : ctx);
                break;
            }
            end = same;
        }
        size_t na = 0, nb = 0;
        for (size_t x = start; x < end; x++)
            na += op[x] != '+', nb += op[x] != '-';
        printf("@@ -");
        put_hunk_range(i, na);
        printf(" +");
        put_hunk_range(j, nb);
        printf(" @@\n");
        for (size_t x = start; x < end; x++) {
            if (op[x] == '=')
                put_line(" ", a->lines[i++]), j++;
            else if (op[x] == '-')
                put_line("-", a->lines[i++]);
            else
                put_line("+", b->lines[j++]);
        }
        k = end;
    }
}

int main(int argc, char **argv)
{
    int opt, quiet = 0, uni = 0;
    long ctx = 3;
    if (tool_start(argc, argv, "diff", "diff [-q] [-u | -U NUM] FILE1 FILE2"))
        return 0;
    while ((opt = getopt(argc, argv, "quU:")) != -1) {
        switch (opt) {
        case 'q': quiet = 1; break;
        case 'u': uni = 1; break;
        case 'U': {
            char *end;
            ctx = strtol(optarg, &end, 10);
            if (*end || ctx < 0) {
                fprintf(stderr, "diff: invalid context length '%s'\n", optarg);
                return tool_usage();
            }
            uni = 1;
            break;
        }
        default: return tool_usage();
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, argc - optind < 2 ? "diff: missing operand after '%s'\n" :
                "diff: extra operand '%s'\n", argv[argc - 1]);
        return tool_usage();
    }
    struct file a = { .name = argv[optind] }, b = { .name = argv[optind + 1] };
    if (load(&a) < 0 || load(&b) < 0 || edit(&a, &b) < 0)
        return 2;
    if (!memchr(op, '-', nops) && !memchr(op, '+', nops))
        return 0;
    if (quiet)
        printf("Files %s and %s differ\n", a.name, b.name);
    else if (uni)
        unified(&a, &b, (size_t)ctx);
    else
        normal(&a, &b);
    return fflush(stdout) ? 2 : 1;
}
