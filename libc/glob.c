/* Shell wildcard patterns: fnmatch matches one string, glob walks the
 * directories a pattern names (one component at a time: a component
 * without wildcards is taken as it is, one with them is matched against
 * every entry of the directory so far). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Does c belong to the character class named name[0..len)? -1 if there is
 * no such class. */
static int in_class(const char *name, size_t len, int c)
{
    static const struct {
        const char *name;
        int (*is)(int);
    } classes[] = {
        { "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
        { "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
        { "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
    };
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strlen(classes[i].name) == len && memcmp(classes[i].name, name, len) == 0)
            return classes[i].is(c) != 0;
    return -1;
}

/* Reads one character of a bracket expression at *pp (an escaped one
 * unless FNM_NOESCAPE), advancing *pp. */
static int bracket_char(const char **pp, int flags)
{
    if (**pp == '\\' && !(flags & FNM_NOESCAPE) && (*pp)[1])
        (*pp)++;
    return (unsigned char)*(*pp)++;
}

/* Matches c against the bracket expression at p (just after its '['):
 * sets *hit and returns the pattern after the closing ']', or returns NULL
 * if there is none (then the '[' is an ordinary character). */
static const char *bracket(const char *p, int c, int flags, int *hit)
{
    int negate = *p == '!' || *p == '^', matched = 0;
    if (negate)
        p++;
    for (const char *first = p; *p != ']' || p == first;) {
        if (!*p)
            return NULL;
        if (p[0] == '[' && p[1] == ':') {
            const char *end = strstr(p + 2, ":]");
            int r = end ? in_class(p + 2, (size_t)(end - p - 2), c) : -1;
            if (r >= 0) {
                matched |= r;
                p = end + 2;
                continue;
            }
        }
        int lo = bracket_char(&p, flags), hi = lo;
        if (p[0] == '-' && p[1] && p[1] != ']') {
            p++;
            hi = bracket_char(&p, flags);
        }
        matched |= lo <= c && c <= hi;
    }
    *hit = matched != negate;
    return p + 1;
}

/* Single-star backtracking: on a mismatch, the last '*' seen takes one
 * more character and matching resumes after it (an earlier star never
 * needs to: the later one can absorb whatever it would). */
int fnmatch(const char *pattern, const char *string, int flags)
{
    const char *p = pattern, *s = string, *star_p = NULL, *star_s = NULL;
    int pathname = flags & FNM_PATHNAME;

    for (;;) {
        int c = (unsigned char)*s;
        /* A leading period must be matched by a '.' in the pattern. */
        int leading = c == '.' && (flags & FNM_PERIOD)
                      && (s == string || (pathname && s[-1] == '/'));
        int slash = c == '/' && pathname;
        if (*p == '*') {
            if (leading)
                goto mismatch;
            while (*p == '*')
                p++;
            star_p = p;
            star_s = s;
            continue;
        }
        if (!c) {
            if (!*p)
                return 0;
            goto mismatch;
        }
        if (*p == '?') {
            if (leading || slash)
                goto mismatch;
            p++, s++;
            continue;
        }
        if (*p == '[') {
            int hit;
            const char *after = bracket(p + 1, c, flags, &hit);
            if (after) {
                if (!hit || leading || slash)
                    goto mismatch;
                p = after, s++;
                continue;
            }
        }
        if (*p == '\\' && !(flags & FNM_NOESCAPE))
            p++;    /* a trailing backslash matches nothing, as in glibc */
        if (!*p || (unsigned char)*p != c)
            goto mismatch;
        p++, s++;
        continue;
    mismatch:
        if (!star_p || !*star_s || (pathname && *star_s == '/'))
            return FNM_NOMATCH;
        s = ++star_s;
        p = star_p;
    }
}

/* One glob call's state. */
struct walk {
    int flags;
    int (*errfunc)(const char *, int);
    glob_t *g;
    size_t first;           /* gl_pathv index of this call's first match */
    char path[PATH_MAX];
};

/* Appends a copy of path to the matches: 0, or GLOB_NOSPACE. */
static int add_match(struct walk *w, const char *path, int mark)
{
    glob_t *g = w->g;
    size_t n = g->gl_offs + g->gl_pathc, len = strlen(path);
    char **v = realloc(g->gl_pathv, (n + 2) * sizeof *v);
    char *copy = malloc(len + 2);
    if (!v || !copy) {
        free(copy);
        if (v)
            g->gl_pathv = v;
        return GLOB_NOSPACE;
    }
    memcpy(copy, path, len + 1);
    if (mark && (len == 0 || path[len - 1] != '/'))
        memcpy(copy + len, "/", 2);
    g->gl_pathv = v;
    v[n] = copy;
    v[n + 1] = NULL;
    g->gl_pathc++;
    return 0;
}

static int has_wildcard(const char *p, size_t len, int flags)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\\' && !(flags & GLOB_NOESCAPE) && i + 1 < len)
            i++;
        else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
            return 1;
    }
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Appends the component name[0..len) (unescaped if unescape) to w->path at
 * plen; the new length, or -1 if it does not fit. */
static int append(struct walk *w, size_t plen, const char *name, size_t len, int unescape)
{
    for (size_t i = 0; i < len; i++) {
        if (unescape && name[i] == '\\' && i + 1 < len)
            i++;
        if (plen + 1 >= sizeof w->path)
            return -1;
        w->path[plen++] = name[i];
    }
    w->path[plen] = '\0';
    return (int)plen;
}

/* Matches pattern (the rest of it, without leading '/') in the directory
 * w->path[0..plen) ("" meaning the current one): 0 or a GLOB_ error. */
static int walk(struct walk *w, size_t plen, const char *pattern)
{
    size_t len = strcspn(pattern, "/"), slashes = strspn(pattern + len, "/");
    const char *rest = pattern + len + slashes;
    int unescape = !(w->flags & GLOB_NOESCAPE);
    int last = *rest == '\0', want_dir = slashes > 0;

    if (!has_wildcard(pattern, len, w->flags)) {
        int n = append(w, plen, pattern, len, unescape);
        n = n < 0 ? -1 : append(w, (size_t)n, pattern + len, slashes, 0);
        if (n < 0)
            return 0;
        if (!last)
            return walk(w, (size_t)n, rest);
        struct stat st;
        if (stat(w->path, &st) < 0 || (want_dir && !S_ISDIR(st.st_mode)))
            return 0;
        return add_match(w, w->path, (w->flags & GLOB_MARK) && S_ISDIR(st.st_mode));
    }
    char comp[NAME_MAX + 1];
    if (len > NAME_MAX * 2)
        return 0;
    char *pat = len < sizeof comp ? comp : malloc(len + 1);
    if (!pat)
        return GLOB_NOSPACE;
    memcpy(pat, pattern, len);
    pat[len] = '\0';
    DIR *d = opendir(plen ? w->path : ".");
    int r = 0;
    if (!d) {
        if (errno != ENOENT && errno != ENOTDIR
            && ((w->errfunc && w->errfunc(plen ? w->path : ".", errno)) || (w->flags & GLOB_ERR)))
            r = GLOB_ABORTED;
    } else {
        int fnflags = FNM_PERIOD | (unescape ? 0 : FNM_NOESCAPE);
        struct dirent *e;
        while (r == 0 && (e = readdir(d))) {
            if (fnmatch(pat, e->d_name, fnflags) != 0)
                continue;
            int n = append(w, plen, e->d_name, strlen(e->d_name), 0);
            if (n < 0)
                continue;
            if (!last || want_dir) {
                if (!is_dir(w->path))
                    continue;
                n = append(w, (size_t)n, pattern + len, slashes, 0);
                if (n < 0)
                    continue;
            }
            if (last)
                r = add_match(w, w->path, (w->flags & GLOB_MARK) && is_dir(w->path));
            else
                r = walk(w, (size_t)n, rest);
        }
        closedir(d);
    }
    w->path[plen] = '\0';
    if (pat != comp)
        free(pat);
    return r;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int glob(const char *restrict pattern, int flags, int (*errfunc)(const char *, int),
         glob_t *restrict g)
{
    struct walk *wp = malloc(sizeof *wp);   /* its path is big for a stack */

    if (!wp)
        return GLOB_NOSPACE;
    if (!(flags & GLOB_APPEND)) {
        g->gl_pathc = 0;
        g->gl_pathv = NULL;
        if (!(flags & GLOB_DOOFFS))
            g->gl_offs = 0;
        char **v = calloc(g->gl_offs + 1, sizeof *v);
        if (!v) {
            free(wp);
            return GLOB_NOSPACE;
        }
        g->gl_pathv = v;
    }
    wp->flags = flags;
    wp->errfunc = errfunc;
    wp->g = g;
    wp->first = g->gl_pathc;
    size_t lead = strspn(pattern, "/");
    int n = append(wp, 0, pattern, lead, 0);
    int r = n < 0 ? 0 : walk(wp, (size_t)n, pattern + lead);
    size_t first = wp->first;
    if (r == 0 && g->gl_pathc == first)
        r = flags & GLOB_NOCHECK ? add_match(wp, pattern, 0) : GLOB_NOMATCH;
    free(wp);
    if (!(flags & GLOB_NOSORT))
        qsort(g->gl_pathv + g->gl_offs + first, g->gl_pathc - first, sizeof(char *), by_name);
    return r;
}

void globfree(glob_t *g)
{
    for (size_t i = 0; g->gl_pathv && i < g->gl_pathc; i++)
        free(g->gl_pathv[g->gl_offs + i]);
    free(g->gl_pathv);
    g->gl_pathv = NULL;
    g->gl_pathc = 0;
}
