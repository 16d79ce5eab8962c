/* tests/lib/tap.h - TAP output for the C test programs: the guest suite
 * (tests/guest, built for shmos and for Linux) and the libc host units
 * (tests/host/libc, an i386 Linux program). scripts/test.sh reads it.
 *
 * It formats by itself (fmt) and writes each line to fd 1 with one write():
 * it needs nothing of libc but write(), strlen() and memcpy(), so it tests
 * neither the stdio under test nor leaves buffers that fork would copy.
 *
 * A program prints a plan (tap_plan), then one result per test: tap_ok()
 * or tap_skip(), numbered 1, 2, ... (or on from tap_number_from()).
 * Diagnostics ("# ...") explain the result that follows or precedes them.
 * Within one test, tap_check() reports each failed sub-check as a
 * diagnostic (the first TAP_CHECK_DIAGS of them; diag() too falls silent
 * after that) and tap_failures() says how many failed since the last
 * result or tap_begin(). */
#ifndef TESTS_LIB_TAP_H
#define TESTS_LIB_TAP_H
#include <stdarg.h>
#include <stddef.h>

#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TAP_CHECK_DIAGS 8

/* Format into buf (always NUL-terminated when size > 0): %d %i %u %x %X
 * %s %c %p %%, with the '0' flag, a width, a precision for %s (.N or .*)
 * and the l, ll and z lengths. Returns the length written. */
int fmt(char *buf, size_t size, const char *format, ...) TAP_PRINTF(3, 4);
int vfmt(char *buf, size_t size, const char *format, va_list ap) TAP_PRINTF(3, 0);
/* Write one formatted line (a '\n' is appended) to fd 1 with one write(). */
void out(const char *format, ...) TAP_PRINTF(1, 2);
/* Write one diagnostic line, "# " + message (silent once the current test
 * has had more than TAP_CHECK_DIAGS failed checks). */
void diag(const char *format, ...) TAP_PRINTF(1, 2);

/* The plan line "1..count". */
void tap_plan(int count);
/* The plan of a program that runs nothing: "1..0 # SKIP reason". */
void tap_skip_all(const char *reason);
/* The next result is number n + 1 (for a program whose results continue
 * those of the script that runs it). */
void tap_number_from(int n);
/* One result: "ok N - description" if cond, else "not ok N - ...".
 * Returns cond; ends the current test's checks. */
int tap_ok(int cond, const char *format, ...) TAP_PRINTF(2, 3);
/* One skipped test: "ok N - name # SKIP reason". */
void tap_skip(const char *name, const char *reason);
/* The number of the last result, and how many results failed. */
int tap_count(void);
int tap_failed(void);

/* Start counting the failed checks of one test (tap_ok also does). */
void tap_begin(void);
/* One sub-check of the current test: if cond is false, counts a failure
 * and shows the message as a diagnostic. Returns cond. */
int tap_check(int cond, const char *format, ...) TAP_PRINTF(2, 3);
/* Failed checks since tap_begin() or the last result. */
int tap_failures(void);
#endif
