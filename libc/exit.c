/* Process termination: exit (atexit handlers, then stdio), abort, assert. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ATEXIT_MAX 32

static void (*atexit_handlers[ATEXIT_MAX])(void);
static int atexit_count;

/* Registers fn to run at exit(); returns 0, or -1 when the table is full. */
int atexit(void (*fn)(void))
{
    if (atexit_count == ATEXIT_MAX)
        return -1;
    atexit_handlers[atexit_count++] = fn;
    return 0;
}

/* Runs the handlers in reverse order of registration (a handler that calls
 * exit() continues with the remaining ones), flushes all streams, exits. */
void exit(int status)
{
    while (atexit_count > 0)
        atexit_handlers[--atexit_count]();
    fflush(NULL);
    _exit(status);
}

/* Streams are not flushed: the process is presumed to be in a bad state.
 * SIGABRT is made deadly first, so that a program that ignores it still
 * dies by it (as POSIX requires); should it survive anyway, its exit
 * status at least reads like a death by SIGABRT to a shell. */
void abort(void)
{
    signal(SIGABRT, SIG_DFL);
    kill(getpid(), SIGABRT);
    _exit(128 + SIGABRT);
}

void __assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "assertion failed: %s, file %s, line %d\n", expr, file, line);
    abort();
}
