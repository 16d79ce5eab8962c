/*
 * tool.h - what the tools of user/ (grep, sort, uniq, cut, tr, seq, yes,
 * uname, cp, mv, stat, od, hexdump, xargs, date, du, df, diff) share
 * (user/lib/tool.c): --help, the usage error (status 2), opening an input
 * named on the command line, with errors that name the tool, the file and
 * errno's message, and the name a file takes inside a target directory.
 */
#ifndef PORTABLE_TOOL_H
#define PORTABLE_TOOL_H
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* The tool's name for messages ("grep"), set by tool_start. */
extern const char *tool_name;

/* Records name and usage (one line, without "usage: "); returns 1 if
 * argv[1] is --help, after printing the usage to stdout (the tool then
 * exits 0). */
int tool_start(int argc, char **argv, const char *name, const char *usage);

/* Prints the usage to stderr; returns 2, the status of bad usage. */
int tool_usage(void);

/* Opens an input: "-" is stdin. NULL after printing "NAME: FILE: error". */
FILE *tool_open(const char *file);

/* Closes what tool_open returned (stdin stays open). */
void tool_close(FILE *f);

/* The inputs of od and hexdump: the n files (none: stdin; "-" is stdin)
 * read in turn as one stream of bytes, tool_getc giving the next (EOF at
 * the end of the last). A file that cannot be opened or read is skipped
 * after a message, and tool_stream_status becomes 1; tool_stream_opened
 * counts the files that could be opened. */
void tool_stream(char **files, int n);
int tool_getc(void);
extern int tool_stream_status, tool_stream_opened;

/* od's and hexdump's loop over the stream: skip bytes, then lines of
 * TOOL_DUMP_LINE bytes (at most limit in all; limit < 0: no limit), each
 * handed to dump(buf, n, offset) with buf zero-padded to
 * TOOL_DUMP_LINE + 16 bytes; unless all, a run of lines equal to the one
 * before is one "*" line. Returns the offset after the last byte. */
#define TOOL_DUMP_LINE 16
/* A count given to an option (od -j/-N, hexdump -n/-s): digits, 0x hex
 * or 0 octal. -1 if it is not one. */
long long tool_count_arg(const char *s);
unsigned long long tool_dump(long long skip, long long limit, bool all,
                             void (*dump)(const unsigned char *buf, size_t n,
                                          unsigned long long off));

/* GNU's "2024-01-02 03:04:05.123456789 +0000" for time t (ns: its
 * nanoseconds), in local time (on shmos UTC), into buf (size bytes). */
void tool_time(char *buf, size_t size, time_t t, long ns);
/* The nanoseconds of a struct stat's time (which: st_mtim, ...): shmos
 * keeps whole seconds. */
#ifdef __shmos__
#define TOOL_NSEC(st, which) 0L
#else
#define TOOL_NSEC(st, which) ((st)->which.tv_nsec)
#endif

/* bytes as GNU's -h shows them into buf (8 bytes): "512", "4.0K", "12K",
 * "1.5M" (powers of 1024, rounded up; one decimal below 10). */
void tool_human(char *buf, unsigned long long bytes);

/* Is path a directory (following nothing: shmos has no links)? */
int tool_is_dir(const char *path);

/* dir "/" the last name of path (trailing slashes dropped) into buf:
 * where cp and mv put path when their target is directory dir. 0, or -1
 * (too long for size bytes). */
int tool_into(char *buf, size_t size, const char *dir, const char *path);

/* cp's and mv's operands args[0..n): SOURCE DEST, or SOURCE... DIRECTORY
 * (also when the last one is a directory): calls op(source, path) for
 * each source, path being DEST or DIRECTORY/NAME. The exit status: 0, 1
 * if an op failed (it said why) or several sources have no directory, 2
 * (bad usage) with fewer than two operands. */
int tool_to_target(int n, char **args, int (*op)(const char *src, const char *dst));
#endif
