/* du [-a] [-c] [-s] [-k | -h] [FILE...]: the space files take, as GNU du
 * counts it (a file's blocks, and a directory's with all it holds), in
 * KiB (-k, the default) or as -h shows it: a line for each directory
 * below each FILE (default "."), after what it holds; -a also for each
 * file; -s only for each FILE itself; -c then a "total". As GNU's, it
 * counts a file once: with several FILEs every file is remembered, else
 * those with more than one link. Exits 1 if a file could not be read, 2
 * on bad usage. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "tool.h"

static int all, summary, human, status, remember_all;

/* The files counted so far (those remembered). */
static struct seen { dev_t dev; ino_t ino; } *seen;
static size_t nseen, seen_cap;

/* Was st's file counted already? Remembers it if not. */
static int counted(const struct stat *st)
{
    if (!remember_all && (S_ISDIR(st->st_mode) || st->st_nlink < 2))
        return 0;
    for (size_t i = 0; i < nseen; i++)
        if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino)
            return 1;
    if (nseen == seen_cap) {
        struct seen *grown = realloc(seen, (seen_cap ? 2 * seen_cap : 64) * sizeof *seen);
        if (!grown)
            return 0;           /* counted twice, rather than not at all */
        seen = grown;
        seen_cap = seen_cap ? 2 * seen_cap : 64;
    }
    seen[nseen++] = (struct seen){ st->st_dev, st->st_ino };
    return 0;
}

/* Prints the line for path, which takes kib KiB. */
static void report(unsigned long long kib, const char *path)
{
    if (human) {
        char buf[8];
        tool_human(buf, kib * 1024);
        printf("%s\t%s\n", buf, path);
    } else {
        printf("%llu\t%s\n", kib, path);
    }
}

/* The KiB path takes (depth 0: a FILE operand), printing its lines. */
static unsigned long long walk(const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) < 0) {         /* a link is counted, not followed */
        fprintf(stderr, "du: cannot access '%s': %s\n", path, strerror(errno));
        status = 1;
        return 0;
    }
    if (counted(&st))
        return 0;
    unsigned long long kib = ((unsigned long long)st.st_blocks + 1) / 2;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) {
            fprintf(stderr, "du: cannot read directory '%s': %s\n", path, strerror(errno));
            status = 1;
        }
        struct dirent *e;
        char child[PATH_MAX];
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (tool_into(child, sizeof child, path, e->d_name) < 0) {
                fprintf(stderr, "du: %s/%s: File name too long\n", path, e->d_name);
                status = 1;
                continue;
            }
            kib += walk(child, depth + 1);
        }
        if (d)
            closedir(d);
        if (!summary || depth == 0)
            report(kib, path);
    } else if (depth == 0 || (all && !summary)) {
        report(kib, path);
    }
    return kib;
}

int main(int argc, char **argv)
{
    int opt, total = 0;
    if (tool_start(argc, argv, "du", "du [-a] [-c] [-s] [-k | -h] [FILE...]"))
        return 0;
    while ((opt = getopt(argc, argv, "acshk")) != -1) {
        switch (opt) {
        case 'a': all = 1; break;
        case 'c': total = 1; break;
        case 's': summary = 1; break;
        case 'h': human = 1; break;
        case 'k': human = 0; break;
        default: return tool_usage();
        }
    }
    if (all && summary) {
        fprintf(stderr, "du: cannot both summarize and show all entries\n");
        return tool_usage();
    }
    unsigned long long sum = 0;
    remember_all = argc - optind > 1;
    if (optind == argc)
        sum = walk(".", 0);
    for (int i = optind; i < argc; i++)
        sum += walk(argv[i], 0);
    if (total)
        report(sum, "total");
    return fflush(stdout) ? 1 : status;
}
