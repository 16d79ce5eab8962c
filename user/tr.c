/* tr [-ds] SET1 [SET2]: copies stdin to stdout, replacing the characters
 * of SET1 by those at the same place in SET2 (its last one repeated if it
 * is shorter); -d deletes the characters of SET1; -s squeezes runs of one
 * character of the last set given into one. Sets take ranges (a-z),
 * escapes (\n \t \\ \NNN octal) and [:alpha:] [:digit:] [:lower:]
 * [:upper:] [:space:] [:alnum:] [:punct:]. Exits 2 on bad usage. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

/* Expands set s into out[256] (in order, repeats allowed); returns its
 * length, or -1 if s is malformed. */
static int expand(const char *s, unsigned char *out)
{
    static const struct { const char *name; int (*is)(int); } classes[] = {
        { "alpha", isalpha }, { "digit", isdigit }, { "lower", islower }, { "upper", isupper },
        { "space", isspace }, { "alnum", isalnum }, { "punct", ispunct }, { "xdigit", isxdigit },
    };
    int n = 0;

    while (*s) {
        if (s[0] == '[' && s[1] == ':') {
            const char *end = strstr(s + 2, ":]");
            size_t i = 0, len = end ? (size_t)(end - s - 2) : 0;
            for (; end && i < sizeof classes / sizeof classes[0]; i++)
                if (strlen(classes[i].name) == len && strncmp(s + 2, classes[i].name, len) == 0)
                    break;
            if (!end || i == sizeof classes / sizeof classes[0])
                return -1;
            for (int c = 0; c < 256 && n < 256; c++)
                if (classes[i].is(c))
                    out[n++] = (unsigned char)c;
            s = end + 2;
            continue;
        }
        int c = (unsigned char)*s++;
        if (c == '\\' && *s) {
            c = (unsigned char)*s++;
            if (c >= '0' && c <= '7') {
                c -= '0';
                for (int k = 0; k < 2 && *s >= '0' && *s <= '7'; k++)
                    c = c * 8 + (*s++ - '0');
            } else {
                c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
            }
        }
        if (s[0] == '-' && s[1]) {
            int hi = (unsigned char)s[1];
            if (hi < c)
                return -1;
            for (; c <= hi && n < 256; c++)
                out[n++] = (unsigned char)c;
            s += 2;
            continue;
        }
        if (n < 256)
            out[n++] = (unsigned char)c;
    }
    return n;
}

int main(int argc, char **argv)
{
    int del = 0, squeeze = 0, opt;
    unsigned char set1[256], set2[256], map[256], in1[256] = { 0 }, squeezing[256] = { 0 };

    if (tool_start(argc, argv, "tr", "tr [-ds] SET1 [SET2]"))
        return 0;
    while ((opt = getopt(argc, argv, "ds")) != -1) {
        switch (opt) {
        case 'd': del = 1; break;
        case 's': squeeze = 1; break;
        default: return tool_usage();
        }
    }
    int nsets = argc - optind;
    int need = del && squeeze ? 2 : del || squeeze ? 1 : 2;
    if (nsets < need || nsets > 2 || (del && !squeeze && nsets != 1))
        return tool_usage();
    int n1 = expand(argv[optind], set1), n2 = nsets > 1 ? expand(argv[optind + 1], set2) : 0;
    if (n1 < 0 || n2 < 0 || (!del && nsets == 2 && n2 == 0 && n1 > 0)) {
        fprintf(stderr, "tr: invalid set\n");
        return tool_usage();
    }
    for (int c = 0; c < 256; c++)
        map[c] = (unsigned char)c;
    for (int i = 0; i < n1; i++)
        in1[set1[i]] = 1;
    if (!del && nsets == 2)
        for (int i = 0; i < n1; i++)
            map[set1[i]] = set2[i < n2 ? i : n2 - 1];
    const unsigned char *last = nsets == 2 ? set2 : set1;
    int nlast = nsets == 2 ? n2 : n1;
    if (squeeze)
        for (int i = 0; i < nlast; i++)
            squeezing[last[i]] = 1;
    int c, prev = -1;
    while ((c = getchar()) != EOF) {
        if (del && in1[c])
            continue;
        c = map[c];
        if (squeeze && c == prev && squeezing[c])
            continue;
        putchar(c);
        prev = c;
    }
    return 0;
}
