/* strace: the helpers main.c shares with decode.c. */
#ifndef STRACE_H
#define STRACE_H
#include <stddef.h>
#include <shmos/trace.h>

/* A growing line of output. */
struct line {
    char buf[1024];
    size_t len;
};
/* Appends printf-style text to l (cut at its end). */
void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends the call of record r (header, then data) to l as strace prints
 * it: "name(arg, ...) = result", with its result decoded; data holds the
 * captured bytes. */
void format_call(struct line *l, const struct trace_record *r, const char *data);
/* Appends "+++ exited with N +++" or "+++ killed by SIGX +++" for a wait status. */
void format_exit(struct line *l, int wstatus);
/* The call's name (without leading underscores), or NULL for no such number. */
const char *call_name(unsigned nr);
#endif
