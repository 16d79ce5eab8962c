/* grep [-FicvnlqHh] [-e PATTERN]... [PATTERN] [FILE...]: prints the lines
 * of the files ("-" or none: stdin) that match any pattern. Patterns are
 * basic regular expressions limited to ^ $ . [set] [^set] (ranges and
 * [:classes:] included) * and \c (c literal); no \( \), \{ \} or back-references. -F:
 * fixed strings. -i ignores case, -v selects the lines that do not match,
 * -c counts them, -n numbers them, -l lists the files that have one, -q
 * prints nothing, -H/-h force or drop the "FILE:" prefix (default: with
 * several files). Exits 0 if a line was selected, 1 if none, 2 on error or
 * bad usage. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

static int fixed, icase, invert, count_only, numbers, list, quiet;
static char **patterns;
static int npatterns;

static int same(int a, int b)
{
    return icase ? tolower(a) == tolower(b) : a == b;
}

/* Length of the atom at re: one character, ".", "\c" or a "[...]". */
static int atom_len(const char *re)
{
    if (re[0] == '\\' && re[1])
        return 2;
    if (re[0] != '[')
        return 1;
    int i = 1;
    if (re[i] == '^')
        i++;
    if (re[i] == ']')
        i++;
    while (re[i] && re[i] != ']') {
        if (re[i] == '[' && re[i + 1] == ':' && strstr(re + i + 2, ":]"))
            i = (int)(strstr(re + i + 2, ":]") - re) + 1;
        i++;
    }
    return re[i] ? i + 1 : 1;       /* an unclosed '[' is a literal */
}

/* Whether c is in the class [:name:] (n characters of name). */
static int in_class(const char *name, size_t n, int c)
{
    static const struct { const char *name; int (*is)(int); } classes[] = {
        { "alpha", isalpha }, { "digit", isdigit }, { "lower", islower }, { "upper", isupper },
        { "space", isspace }, { "alnum", isalnum }, { "punct", ispunct }, { "xdigit", isxdigit },
        { "blank", isblank },
    };

    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strlen(classes[i].name) == n && strncmp(name, classes[i].name, n) == 0)
            return classes[i].is(c) || (icase && (classes[i].is(tolower(c)) || classes[i].is(toupper(c))));
    return 0;
}

/* Whether c matches the atom at re (len characters). */
static int atom_matches(const char *re, int len, int c)
{
    if (re[0] == '\\' && len == 2)
        return same(re[1], c);
    if (re[0] == '.' && len == 1)
        return 1;
    if (re[0] != '[' || len == 1)
        return same(re[0], c);
    int i = 1, negate = re[1] == '^', in = 0;
    i += negate;
    for (int first = 1; i < len - 1; i++, first = 0) {
        if (re[i] == ']' && !first)
            break;
        if (re[i] == '[' && re[i + 1] == ':') {
            const char *end = strstr(re + i + 2, ":]");
            in |= in_class(re + i + 2, (size_t)(end - re - i - 2), c);
            i = (int)(end - re) + 1;
        } else if (re[i + 1] == '-' && i + 2 < len - 1) {
            int lo = (unsigned char)re[i], hi = (unsigned char)re[i + 2];
            in |= (c >= lo && c <= hi) || (icase && ((tolower(c) >= lo && tolower(c) <= hi)
                                                     || (toupper(c) >= lo && toupper(c) <= hi)));
            i += 2;
        } else {
            in |= same(re[i], c);
        }
    }
    return in != negate;
}

/* Whether re matches text at its start (backtracking over '*'). */
static int match_here(const char *re, const char *text)
{
    for (;;) {
        if (re[0] == '\0')
            return 1;
        if (re[0] == '$' && re[1] == '\0')
            return *text == '\0';
        int len = atom_len(re);
        if (re[len] == '*') {
            const char *t = text;
            while (*t && atom_matches(re, len, (unsigned char)*t))
                t++;
            for (; t >= text; t--)
                if (match_here(re + len + 1, t))
                    return 1;
            return 0;
        }
        if (!*text || !atom_matches(re, len, (unsigned char)*text))
            return 0;
        re += len;
        text++;
    }
}

static int matches(const char *re, const char *line)
{
    if (fixed) {
        size_t n = strlen(re);
        for (const char *p = line;; p++) {
            size_t i = 0;
            while (i < n && p[i] && same(p[i], re[i]))
                i++;
            if (i == n)
                return 1;
            if (!*p)
                return 0;
        }
    }
    if (re[0] == '^')
        return match_here(re + 1, line);
    if (re[0] == '*')
        return strchr(line, '*') != NULL || match_here(re + 1, line);
    for (const char *p = line;; p++) {
        if (match_here(re, p))
            return 1;
        if (!*p)
            return 0;
    }
}

/* Greps f (named name, prefixed when label); returns the lines selected. */
static long grep_file(FILE *f, const char *name, int label)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long selected = 0, number = 0;

    while ((len = getline(&line, &cap, f)) >= 0) {
        number++;
        if (len > 0 && line[len - 1] == '\n')
            line[len - 1] = '\0';
        int hit = 0;
        for (int i = 0; i < npatterns && !hit; i++)
            hit = matches(patterns[i], line);
        if (hit == invert)
            continue;
        selected++;
        if (quiet || list)
            break;
        if (count_only)
            continue;
        if (label)
            printf("%s:", name);
        if (numbers)
            printf("%ld:", number);
        printf("%s\n", line);
    }
    free(line);
    if (count_only && !quiet) {
        if (label)
            printf("%s:", name);
        printf("%ld\n", selected);
    }
    if (list && selected && !quiet)
        printf("%s\n", name);
    return selected;
}

int main(int argc, char **argv)
{
    int label = -1, opt;

    if (tool_start(argc, argv, "grep", "grep [-FicvnlqHh] [-e PATTERN]... [PATTERN] [FILE...]"))
        return 0;
    patterns = calloc((size_t)argc, sizeof *patterns);
    while ((opt = getopt(argc, argv, "FGicvnlqHhe:")) != -1) {
        switch (opt) {
        case 'F': fixed = 1; break;
        case 'G': fixed = 0; break;
        case 'i': icase = 1; break;
        case 'v': invert = 1; break;
        case 'c': count_only = 1; break;
        case 'n': numbers = 1; break;
        case 'l': list = 1; break;
        case 'q': quiet = 1; break;
        case 'H': label = 1; break;
        case 'h': label = 0; break;
        case 'e': patterns[npatterns++] = optarg; break;
        default: return tool_usage();
        }
    }
    if (npatterns == 0) {
        if (optind >= argc)
            return tool_usage();
        patterns[npatterns++] = argv[optind++];
    }
    char *stdin_only[] = { "-" };
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    if (label < 0)
        label = nfiles > 1;
    int status = 1, failed = 0;
    for (int i = 0; i < nfiles; i++) {
        FILE *f = tool_open(files[i]);
        if (!f) {
            failed = 1;
            continue;
        }
        const char *name = strcmp(files[i], "-") == 0 ? "(standard input)" : files[i];
        if (grep_file(f, name, label) > 0)
            status = 0;
        tool_close(f);
        if (quiet && status == 0)
            return 0;
    }
    return failed ? 2 : status;
}
