/* Signals. shmos has no handlers: a signal either terminates its target
 * (SIG_DFL; the wait status names it) or is ignored (SIG_IGN). Ignored
 * signals stay ignored across fork and exec, as in POSIX. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>
#include <shmos/signal.h>

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

/* Only SIG_DFL and SIG_IGN are accepted (else EINVAL); returns the previous
 * one, or SIG_ERR. */
sighandler_t signal(int sig, sighandler_t handler);

int kill(pid_t pid, int sig);
int raise(int sig);
#endif
