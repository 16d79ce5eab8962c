/*
 * tool.h - what the text tools of user/ (grep, sort, uniq, cut, tr, seq,
 * yes, uname) share (user/lib/tool.c): --help, the usage error (status 2)
 * and opening an input named on the command line, with errors that name
 * the tool, the file and errno's message.
 */
#ifndef PORTABLE_TOOL_H
#define PORTABLE_TOOL_H
#include <stdio.h>

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
#endif
