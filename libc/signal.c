/* Signal actions over the kernel's __sigaction (every handler returns
 * through __sigrestore, which calls sigreturn), signal sets, and the names
 * and messages of the signals. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The kernel's calls (kernel/signal.c). */
int __sigaction(int sig, const struct shmos_sigaction *act, struct shmos_sigaction *old);
int __sigsuspend(unsigned int mask);
void __sigrestore(void);

/* Where every handler returns: the sigreturn call, by int $0x80 (it
 * never returns here). Its number comes from the generated list. */
#include "syscall_nr.h"
#define STR_(x) #x
#define STR(x) STR_(x)
__asm__(".text\n"
        ".globl __sigrestore\n"
        ".type __sigrestore, @function\n"
        "__sigrestore:\n"
        "    movl $" STR(SYS_sigreturn) ", %eax\n"
        "    int $0x80\n"
        "    hlt\n"
        ".size __sigrestore, .-__sigrestore\n");

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
    [SIGCONT] = { "CONT", "Continued" },
    [SIGSTOP] = { "STOP", "Stopped (signal)" },
    [SIGTSTP] = { "TSTP", "Stopped" },
    [SIGTTIN] = { "TTIN", "Stopped (tty input)" },
    [SIGTTOU] = { "TTOU", "Stopped (tty output)" },
    [SIGURG]  = { "URG", "Urgent I/O condition" },
    [SIGXCPU] = { "XCPU", "CPU time limit exceeded" },
    [SIGXFSZ] = { "XFSZ", "File size limit exceeded" },
    [SIGVTALRM] = { "VTALRM", "Virtual timer expired" },
    [SIGPROF] = { "PROF", "Profiling timer expired" },
    [SIGWINCH] = { "WINCH", "Window changed" },
    [SIGIO]   = { "IO", "I/O possible" },
    [SIGPWR]  = { "PWR", "Power failure" },
    [SIGSYS]  = { "SYS", "Bad system call" },
};

static int valid_signal(int sig)
{
    return sig > 0 && sig < NSIG;
}

sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESTART }, old;
    if (handler == SIG_ERR) {
        errno = EINVAL;
        return SIG_ERR;
    }
    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int raise(int sig)
{
    return kill(getpid(), sig);
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict oldact)
{
    struct shmos_sigaction k, old;
    if (act) {
        k.handler = (uint32_t)(uintptr_t)act->sa_handler;
        k.flags = (uint32_t)act->sa_flags | SA_RESTORER;
        k.restorer = (uint32_t)(uintptr_t)__sigrestore;
        k.mask = act->sa_mask.__bits;
    }
    if (__sigaction(sig, act ? &k : NULL, oldact ? &old : NULL) < 0)
        return -1;
    if (oldact) {
        oldact->sa_handler = (sighandler_t)(uintptr_t)old.handler;
        oldact->sa_mask.__bits = old.mask;
        oldact->sa_flags = (int)(old.flags & ~SA_RESTORER);
    }
    return 0;
}

int sigsuspend(const sigset_t *mask)
{
    return __sigsuspend(mask->__bits);
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
    return SIG_BIT(sig);
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
