/* fnmatch and glob: shell wildcard patterns over strings and over the
 * file system. The same tests run on Linux (glibc is the oracle). */
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "tests.h"

static const struct {
    const char *pattern, *string;
    int flags, match;
} fn_cases[] = {
    { "abc", "abc", 0, 1 },            { "abc", "abd", 0, 0 },
    { "a?c", "abc", 0, 1 },            { "a?c", "ac", 0, 0 },
    { "*", "", 0, 1 },                 { "*", "anything", 0, 1 },
    { "a*", "a", 0, 1 },               { "*c", "abc", 0, 1 },
    { "a*b*c", "aXbYbZc", 0, 1 },      { "a*b*c", "aXbYbZ", 0, 0 },
    { "*a*a*a", "aaaa", 0, 1 },        { "**x", "yyx", 0, 1 },
    { "[abc]", "b", 0, 1 },            { "[abc]", "d", 0, 0 },
    { "[a-c]x", "bx", 0, 1 },          { "[!a-c]x", "bx", 0, 0 },
    { "[^a-c]x", "dx", 0, 1 },         { "[]]", "]", 0, 1 },
    { "[]a]", "a", 0, 1 },             { "[!]]", "]", 0, 0 },
    { "[a-]", "-", 0, 1 },             { "[[:digit:]]*", "7up", 0, 1 },
    { "[[:alpha:]]", "7", 0, 0 },      { "[[:upper:][:digit:]]", "Q", 0, 1 },
    { "[", "[", 0, 1 },                { "[ab", "[ab", 0, 1 },
    { "\\*", "*", 0, 1 },              { "\\*", "x", 0, 0 },
    { "\\*", "\\*", FNM_NOESCAPE, 1 }, { "a\\", "a\\", 0, 0 },
    { "[\\]]", "]", 0, 1 },            { "*", ".hidden", FNM_PERIOD, 0 },
    { ".*", ".hidden", FNM_PERIOD, 1 }, { "?x", ".x", FNM_PERIOD, 0 },
    { "[.]x", ".x", FNM_PERIOD, 0 },    { "*", ".hidden", 0, 1 },
    { "a/*", "a/.x", FNM_PATHNAME | FNM_PERIOD, 0 },
    { "a*", "a/b", FNM_PATHNAME, 0 },   { "a*", "a/b", 0, 1 },
    { "a?b", "a/b", FNM_PATHNAME, 0 },  { "a[/]b", "a/b", FNM_PATHNAME, 0 },
    { "*/*", "a/b", FNM_PATHNAME, 1 },  { "*/b", "x/y/b", FNM_PATHNAME, 0 },
    { "*.c", "x.c.c", 0, 1 },          { "*.c", "x.h", 0, 0 },
};

/* fnmatch agrees with POSIX (and glibc) on each pattern of the table. */
static void t_fnmatch(long arg)
{
    (void)arg;
    for (size_t i = 0; i < sizeof fn_cases / sizeof fn_cases[0]; i++) {
        int r = fnmatch(fn_cases[i].pattern, fn_cases[i].string, fn_cases[i].flags);
        if ((r == 0) != fn_cases[i].match)
            FAIL("fnmatch(\"%s\", \"%s\", %d) = %d", fn_cases[i].pattern, fn_cases[i].string,
                 fn_cases[i].flags, r);
        if (r != 0 && r != FNM_NOMATCH)
            FAIL("fnmatch returned %d", r);
    }
}

static char dir[64];

static void touch(const char *path)
{
    SYS(close((int)SYS(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644))));
}

/* A directory of files to match, made the current directory. */
static void make_tree(void)
{
    fmt(dir, sizeof dir, "/tmp/shmos-glob-%d", (int)getpid());
    SYS(mkdir(dir, 0755));
    SYS(chdir(dir));
    touch("b.c");
    touch("a.c");
    touch("ab.h");
    touch(".hidden");
    touch("[lit]");
    SYS(mkdir("sub", 0755));
    touch("sub/x.c");
    touch("sub/y.h");
}

static void remove_tree(void)
{
    static const char *const files[] = { "b.c", "a.c", "ab.h", ".hidden", "[lit]",
                                         "sub/x.c", "sub/y.h" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        SYS(unlink(files[i]));
    SYS(rmdir("sub"));
    SYS(chdir("/"));
    SYS(rmdir(dir));
}

/* glob(pattern, flags) must give exactly the space-separated want ("" for
 * GLOB_NOMATCH), in order. */
static void expect_glob(const char *pattern, int flags, const char *want)
{
    glob_t g;
    char got[512] = "";
    size_t len = 0;
    int r = glob(pattern, flags, NULL, &g);
    if (r == GLOB_NOMATCH) {
        if (*want)
            FAIL("glob(\"%s\") found nothing, expected \"%s\"", pattern, want);
        return;
    }
    if (r != 0)
        FAIL("glob(\"%s\") = %d", pattern, r);
    for (size_t i = 0; i < g.gl_pathc; i++)
        len += (size_t)fmt(got + len, sizeof got - len, "%s%s", i ? " " : "", g.gl_pathv[i]);
    if (g.gl_pathv[g.gl_pathc] != NULL)
        FAIL("glob(\"%s\"): the list does not end with NULL", pattern);
    globfree(&g);
    if (strcmp(got, want) != 0)
        FAIL("glob(\"%s\", %d) gave \"%s\", expected \"%s\"", pattern, flags, got, want);
}

/* Wildcards in one and in several components, hidden names, escapes,
 * directories only ("*" + "/"), GLOB_MARK, GLOB_NOCHECK, no match. */
static void t_glob(long arg)
{
    (void)arg;
    make_tree();
    expect_glob("*.c", 0, "a.c b.c");
    expect_glob("*", 0, "[lit] a.c ab.h b.c sub");
    expect_glob(".h*", 0, ".hidden");
    expect_glob("?.c", 0, "a.c b.c");
    expect_glob("[!a]*", 0, "[lit] b.c sub");
    expect_glob("\\[lit]", 0, "[lit]");
    expect_glob("[[]lit]", 0, "[lit]");
    expect_glob("*/", 0, "sub/");
    expect_glob("s*/*.c", 0, "sub/x.c");
    expect_glob("*/*", 0, "sub/x.c sub/y.h");
    expect_glob("sub/?.h", 0, "sub/y.h");
    expect_glob(dir, 0, dir);
    expect_glob("*.z", 0, "");
    expect_glob("missing/*", 0, "");
    expect_glob("a.c/*", 0, "");
    expect_glob("*.z", GLOB_NOCHECK, "*.z");
    expect_glob("s*", GLOB_MARK, "sub/");
    expect_glob("\\*", GLOB_NOCHECK, "\\*");
    remove_tree();
}

/* GLOB_APPEND adds to the list (each call's matches sorted by itself);
 * GLOB_DOOFFS leaves gl_offs NULL slots first. */
static void t_glob_append(long arg)
{
    (void)arg;
    glob_t g;
    make_tree();
    g.gl_offs = 2;
    CHECK_EQ(glob("*.h", GLOB_DOOFFS, NULL, &g), 0);
    CHECK_EQ(glob("*.c", GLOB_DOOFFS | GLOB_APPEND, NULL, &g), 0);
    CHECK_EQ(g.gl_pathc, 3);
    CHECK(g.gl_pathv[0] == NULL && g.gl_pathv[1] == NULL);
    CHECK(strcmp(g.gl_pathv[2], "ab.h") == 0);
    CHECK(strcmp(g.gl_pathv[3], "a.c") == 0);
    CHECK(strcmp(g.gl_pathv[4], "b.c") == 0);
    CHECK(g.gl_pathv[5] == NULL);
    CHECK_EQ(glob("*.z", GLOB_DOOFFS | GLOB_APPEND, NULL, &g), GLOB_NOMATCH);
    CHECK_EQ(g.gl_pathc, 3);
    globfree(&g);
    remove_tree();
}

static const struct test tests[] = {
    { "glob: fnmatch's wildcards, brackets, classes, escapes, FNM_PERIOD, FNM_PATHNAME",
      t_fnmatch, 0, 0, 0, NULL },
    { "glob: glob over directories: wildcards, hidden names, escapes, trailing /, flags",
      t_glob, 0, 0, 0, NULL },
    { "glob: GLOB_APPEND and GLOB_DOOFFS", t_glob_append, 0, 0, 0, NULL },
};
TEST_GROUP(159, tests);
