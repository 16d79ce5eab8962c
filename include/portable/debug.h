/*
 * debug.h - printf-style trace and fatal-error macros for the lab programs
 * that build both for Linux and for shmos (user/shm-posix.c, user/shm.c...).
 *
 *   dprintf(fmt, ...)  printf(fmt, ...) to standard output, then flushes it.
 *                      Flushing at once keeps the lines of a parent and its
 *                      forked child in the order they were printed even when
 *                      stdout is a pipe or a file, and means fork() never
 *                      copies unprinted text into the child.
 *   error(fmt, ...)    fprintf(stderr, fmt, ...), then exit(EXIT_FAILURE).
 *                      stdout is flushed first so the message lands after
 *                      everything already printed.
 *
 * Both expand to a single statement, do { ... } while (0): an unbraced
 * if/else around them behaves as written, and leaving out the trailing
 * semicolon is a syntax error.  ##__VA_ARGS__ swallows the comma when only
 * a format is given, e.g. dprintf("hello\n").
 *
 * Name clashes.  <stdio.h> (glibc and the shmos libc) declares a real
 * function int dprintf(int fd, const char *fmt, ...), and glibc's <error.h>
 * declares void error(int status, int errnum, const char *fmt, ...).  Those
 * headers are included here, before the macros exist, so their declarations
 * are read under the real names; any later #include of them is skipped by
 * its include guard, so the include order in a program does not matter.
 * The libc function is still reachable as (dprintf)(fd, fmt, ...): a
 * function-like macro only expands when its name is followed by "(".
 */
#ifndef SHMOS_DEBUG_H
#define SHMOS_DEBUG_H

#include <stdio.h>
#include <stdlib.h>

/* __GLIBC__ comes from <features.h>, which <stdio.h> has just included. */
#if defined(__GLIBC__)
#include <error.h>
#endif

/* A libc may define either name as a macro (glibc's fortified <stdio.h>
 * does for dprintf when the compiler lacks __va_arg_pack): ours wins. */
#undef dprintf
#undef error

#define dprintf(fmt, ...)                       \
    do {                                        \
        printf(fmt, ##__VA_ARGS__);             \
        fflush(stdout);                         \
    } while (0)

#define error(fmt, ...)                         \
    do {                                        \
        fflush(stdout);                         \
        fprintf(stderr, fmt, ##__VA_ARGS__);    \
        exit(EXIT_FAILURE);                     \
    } while (0)

#endif /* SHMOS_DEBUG_H */
