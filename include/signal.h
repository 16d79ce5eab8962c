/* Signals. shmos has no handlers: a signal either terminates its target
 * (SIG_DFL; the wait status names it) or is ignored (SIG_IGN). Ignored
 * signals stay ignored across fork and exec, as in POSIX. There are no
 * signal masks either: sigset_t exists for sigaction's sa_mask and for
 * programs that build sets, but nothing blocks a signal. */
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

/* A set of signals 1..NSIG-1, one bit each. */
typedef struct {
    unsigned int __bits;
} sigset_t;
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);       /* -1 with EINVAL for a bad sig */
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

/* Linux's flag values. Without handlers they change nothing: accepted and
 * ignored, except SA_SIGINFO, which needs a handler (EINVAL). */
#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO   0x00000004
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

struct sigaction {
    sighandler_t sa_handler;   /* SIG_DFL or SIG_IGN only */
    sigset_t sa_mask;          /* ignored: there is nothing to block */
    int sa_flags;
};
/* Sets sig's disposition from *act (if act) and reports the previous one in
 * *oldact (if oldact); returns 0, or -1 with EINVAL for a bad sig, a
 * handler function, SA_SIGINFO, or a change to SIGKILL. */
int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict oldact);

/* Signal names without "SIG" (POSIX 2024): sig2str writes sig's name ("INT")
 * into str (SIG2STR_MAX bytes) and returns 0, or -1 if sig has none;
 * str2sig parses a name or a decimal number into *sig and returns 0, or -1
 * if str names no signal. */
#define SIG2STR_MAX 16
int sig2str(int sig, char *str);
int str2sig(const char *restrict str, int *restrict sig);
#endif
