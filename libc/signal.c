/* Signals without handlers: signal() and sigaction() choose between SIG_DFL
 * (the signal terminates) and SIG_IGN, through the kernel's __sigdisp.
 * Signal sets, and the names and messages of the signals. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Sets sig's disposition to ignored (ignore = 1) or deadly (0); returns
 * what it was (1 ignored, 0 deadly), or -1 with EINVAL. */
int __sigdisp(int sig, int ignore);

/* Name (without "SIG") and message of each signal; Linux's wording, so
 * that messages read the same on both systems. */
static const struct {
    const char *name, *message;
} signals[NSIG] = {
    [SIGHUP]  = { "HUP", "Hangup" },
    [SIGINT]  = { "INT", "Interrupt" },
    [SIGQUIT] = { "QUIT", "Quit" },
    [SIGILL]  = { "ILL", "Illegal instruction" },
    [SIGTRAP] = { "TRAP", "Trace/breakpoint trap" },
    [SIGABRT] = { "ABRT", "Aborted" },
    [SIGBUS]  = { "BUS", "Bus error" },
    [SIGFPE]  = { "FPE", "Floating point exception" },
    [SIGKILL] = { "KILL", "Killed" },
    [SIGUSR1] = { "USR1", "User defined signal 1" },
    [SIGSEGV] = { "SEGV", "Segmentation fault" },
    [SIGUSR2] = { "USR2", "User defined signal 2" },
    [SIGPIPE] = { "PIPE", "Broken pipe" },
    [SIGALRM] = { "ALRM", "Alarm clock" },
    [SIGTERM] = { "TERM", "Terminated" },
    [SIGCHLD] = { "CHLD", "Child exited" },
};

static int valid_signal(int sig)
{
    return sig > 0 && sig < NSIG;
}

sighandler_t signal(int sig, sighandler_t handler)
{
    if (handler != SIG_DFL && handler != SIG_IGN) {
        errno = EINVAL;
        return SIG_ERR;
    }
    int was = __sigdisp(sig, handler == SIG_IGN);
    return was < 0 ? SIG_ERR : was ? SIG_IGN : SIG_DFL;
}

int raise(int sig)
{
    return kill(getpid(), sig);
}

/* Dispositions live in the kernel: __sigdisp sets one (1 = SIG_IGN,
 * 0 = SIG_DFL) or, with -1, only reports it. */
int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict oldact)
{
    int was;

    if (!valid_signal(sig)
        || (act && ((act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN)
                    || (act->sa_flags & SA_SIGINFO) || sig == SIGKILL))) {
        errno = EINVAL;
        return -1;
    }
    if (act)
        was = __sigdisp(sig, act->sa_handler == SIG_IGN);
    else
        was = __sigdisp(sig, -1);
    if (was < 0)
        return -1;
    if (oldact) {
        oldact->sa_handler = was ? SIG_IGN : SIG_DFL;
        sigemptyset(&oldact->sa_mask);
        oldact->sa_flags = 0;
    }
    return 0;
}

int sigemptyset(sigset_t *set)
{
    set->__bits = 0;
    return 0;
}

int sigfillset(sigset_t *set)
{
    set->__bits = (1u << (NSIG - 1)) - 1;       /* signals 1..NSIG-1 */
    return 0;
}

/* The bit of sig in a sigset_t, or 0 (errno EINVAL) if sig is invalid. */
static unsigned int signal_bit(int sig)
{
    if (!valid_signal(sig)) {
        errno = EINVAL;
        return 0;
    }
    return 1u << (sig - 1);
}

int sigaddset(sigset_t *set, int sig)
{
    unsigned int bit = signal_bit(sig);

    set->__bits |= bit;
    return bit ? 0 : -1;
}

int sigdelset(sigset_t *set, int sig)
{
    unsigned int bit = signal_bit(sig);

    set->__bits &= ~bit;
    return bit ? 0 : -1;
}

int sigismember(const sigset_t *set, int sig)
{
    unsigned int bit = signal_bit(sig);

    return bit ? (set->__bits & bit) != 0 : -1;
}

/* Like strerror, for signal numbers ("Unknown signal N" in a static buffer
 * if not known). */
char *strsignal(int sig)
{
    static char unknown[32];

    if (valid_signal(sig) && signals[sig].message)
        return (char *)signals[sig].message;
    snprintf(unknown, sizeof unknown, "Unknown signal %d", sig);
    return unknown;
}

int sig2str(int sig, char *str)
{
    if (!valid_signal(sig) || !signals[sig].name)
        return -1;
    strcpy(str, signals[sig].name);
    return 0;
}

int str2sig(const char *restrict str, int *restrict sig)
{
    if (*str >= '0' && *str <= '9') {
        int n = 0;
        for (; *str >= '0' && *str <= '9' && n < NSIG; str++)
            n = n * 10 + (*str - '0');
        if (*str || !valid_signal(n))
            return -1;
        *sig = n;
        return 0;
    }
    for (int i = 1; i < NSIG; i++)
        if (signals[i].name && strcmp(str, signals[i].name) == 0) {
            *sig = i;
            return 0;
        }
    return -1;
}
