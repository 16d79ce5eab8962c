/* What the tools of user/ share: see include/portable/tool.h. */
#define _DEFAULT_SOURCE     /* localtime_r, PATH_MAX, lstat even with -std=c11 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "tool.h"

const char *tool_name = "tool";
static const char *tool_usage_line = "";

int tool_start(int argc, char **argv, const char *name, const char *usage)
{
    tool_name = name;
    tool_usage_line = usage;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: %s\n", usage);
        return 1;
    }
    return 0;
}

int tool_usage(void)
{
    fprintf(stderr, "usage: %s\n", tool_usage_line);
    return 2;
}

FILE *tool_open(const char *file)
{
    if (strcmp(file, "-") == 0)
        return stdin;
    FILE *f = fopen(file, "r");
    if (!f)
        fprintf(stderr, "%s: %s: %s\n", tool_name, file, strerror(errno));
    return f;
}

void tool_close(FILE *f)
{
    if (f != stdin)
        fclose(f);
}

int tool_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int tool_into(char *buf, size_t size, const char *dir, const char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t dlen = strlen(dir);
    int slash = dlen > 0 && dir[dlen - 1] == '/';
    int n = snprintf(buf, size, "%s%s%.*s", dir, slash ? "" : "/", (int)(len - start), path + start);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int tool_to_target(int n, char **args, int (*op)(const char *src, const char *dst))
{
    if (n < 2) {
        if (n == 0)
            fprintf(stderr, "%s: missing file operand\n", tool_name);
        else
            fprintf(stderr, "%s: missing destination file operand after '%s'\n", tool_name,
                    args[0]);
        return tool_usage();
    }
    const char *target = args[n - 1];
    int into = tool_is_dir(target), status = 0;
    if (n > 2 && !into) {
        fprintf(stderr, "%s: target '%s' is not a directory\n", tool_name, target);
        return 1;
    }
    for (int i = 0; i < n - 1; i++) {
        char dst[PATH_MAX];
        if (!into) {
            status |= op(args[i], target) < 0;
        } else if (tool_into(dst, sizeof dst, target, args[i]) < 0) {
            fprintf(stderr, "%s: %s: File name too long\n", tool_name, args[i]);
            status = 1;
        } else {
            status |= op(args[i], dst) < 0;
        }
    }
    return status;
}

static char **stream_files;
static int stream_n, stream_cur;
static FILE *stream_in;
int tool_stream_status, tool_stream_opened;

void tool_stream(char **files, int n)
{
    stream_files = files;
    stream_n = n;
    stream_cur = -1;
}

int tool_getc(void)
{
    for (;;) {
        if (stream_in) {
            int c = getc(stream_in);
            if (c != EOF)
                return c;
            if (ferror(stream_in)) {
                fprintf(stderr, "%s: %s: %s\n", tool_name,
                        stream_n ? stream_files[stream_cur] : "-", strerror(errno));
                tool_stream_status = 1;
            }
            tool_close(stream_in);
            stream_in = NULL;
        }
        if (++stream_cur >= (stream_n ? stream_n : 1))
            return EOF;
        if (!(stream_in = tool_open(stream_n ? stream_files[stream_cur] : "-")))
            tool_stream_status = 1;
        else
            tool_stream_opened++;
    }
}

void tool_time(char *buf, size_t size, time_t t, long ns)
{
    struct tm tm;
    char date[32], zone[8];
    localtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    snprintf(buf, size, "%s.%09ld %s", date, ns, zone);
}

void tool_human(char *buf, unsigned long long bytes)
{
    static const char units[] = "KMGTPE";
    if (bytes < 1024) {
        snprintf(buf, 8, "%llu", bytes);
        return;
    }
    unsigned long long scale = 1024;
    int u = 0;
    /* the unit at which the rounded-up value stays below 1024 */
    while ((bytes + scale - 1) / scale >= 1024 && u < 5)
        scale *= 1024, u++;
    unsigned long long tenths = (bytes * 10 + scale - 1) / scale;
    if (tenths < 100)
        snprintf(buf, 8, "%llu.%lluK", tenths / 10, tenths % 10);
    else
        snprintf(buf, 8, "%lluK", (bytes + scale - 1) / scale);
    buf[strlen(buf) - 1] = units[u];
}

unsigned long long tool_dump(long long skip, long long limit, bool all,
                             void (*dump)(const unsigned char *buf, size_t n,
                                          unsigned long long off))
{
    unsigned long long off = 0;
    while (off < (unsigned long long)skip && tool_getc() != EOF)
        off++;
    unsigned char buf[TOOL_DUMP_LINE + 16], prev[TOOL_DUMP_LINE];
    bool have_prev = false, starred = false;
    for (;;) {
        size_t n = 0;
        int c;
        while (n < TOOL_DUMP_LINE && (limit < 0 || off + n < (unsigned long long)(skip + limit)) &&
               (c = tool_getc()) != EOF)
            buf[n++] = (unsigned char)c;
        if (n == 0)
            break;
        memset(buf + n, 0, sizeof buf - n);
        if (!all && n == TOOL_DUMP_LINE && have_prev && memcmp(buf, prev, TOOL_DUMP_LINE) == 0) {
            if (!starred)
                puts("*");
            starred = true;
        } else {
            dump(buf, n, off);
            starred = false;
        }
        memcpy(prev, buf, TOOL_DUMP_LINE);
        have_prev = n == TOOL_DUMP_LINE;
        off += n;
        if (n < TOOL_DUMP_LINE)
            break;
    }
    return off;
}

long long tool_count_arg(const char *s)
{
    char *end;
    errno = 0;
    long long n = strtoll(s, &end, 0);
    return *s < '0' || *s > '9' || *end || errno ? -1 : n;
}
