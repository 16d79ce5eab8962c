/* Signals: actions with handlers (sigaction, signal), masks (sigprocmask,
 * sigsuspend, sigpending), sending (kill, raise) and alarm/pause (in
 * <unistd.h>). Numbers, flags and the siginfo_t layout are Linux's i386
 * ones. A thread of control (thread_spawn) has its own actions, mask and
 * pid: kill(pid) reaches that thread only. shmos has no stopped state:
 * SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU and SIGCONT do nothing by default.
 * No alternate signal stacks (SA_ONSTACK is accepted and ignored). */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>
#include <shmos/signal.h>

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

/* A set of signals 1..NSIG-1, one bit each (bit sig - 1, as Linux's). */
typedef struct {
    unsigned int __bits;
} sigset_t;

union sigval {
    int sival_int;
    void *sival_ptr;
};

/* Linux's i386 layout (struct shmos_siginfo), with POSIX's names. */
typedef struct {
    int si_signo;
    int si_errno;
    int si_code;                /* SI_USER, SEGV_MAPERR, CLD_EXITED, ... */
    union {
        struct {
            pid_t si_pid;       /* kill, SIGCHLD: the sender / the child */
            uid_t si_uid;
            int si_status;      /* SIGCHLD: exit status, or the signal */
        };
        void *si_addr;          /* SIGSEGV, SIGBUS, SIGILL, SIGFPE: the address */
    };
    int __pad[29];
} siginfo_t;

/* The handler is sa_handler, or with SA_SIGINFO sa_sigaction. */
struct sigaction {
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);
    };
    sigset_t sa_mask;           /* also blocked while the handler runs */
    int sa_flags;               /* SA_RESTART SA_SIGINFO SA_NODEFER SA_RESETHAND ... */
};

/* Sets sig's action from *act (if act) and reports the previous one in
 * *oldact (if oldact); 0, or -1 with EINVAL (a bad sig, a change to
 * SIGKILL or SIGSTOP) or EFAULT. */
int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict oldact);
/* sigaction with SA_RESTART and no mask (BSD and glibc semantics); the
 * previous handler, or SIG_ERR. */
sighandler_t signal(int sig, sighandler_t handler);

int kill(pid_t pid, int sig);
int raise(int sig);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);       /* -1 with EINVAL for a bad sig */
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

/* how: SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK. 0, or -1 with EINVAL/EFAULT. */
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict oldset);
/* sigprocmask for the calling thread (each thread has its own mask),
 * returning the error number instead of setting errno. */
int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict oldset);
/* The signals sent but blocked. */
int sigpending(sigset_t *set);
/* Wait with mask *mask until a handler has run; always -1 with EINTR. */
int sigsuspend(const sigset_t *mask);

/* Signal names without "SIG" (POSIX 2024): sig2str writes sig's name ("INT")
 * into str (SIG2STR_MAX bytes) and returns 0, or -1 if sig has none;
 * str2sig parses a name or a decimal number into *sig and returns 0, or -1
 * if str names no signal. */
#define SIG2STR_MAX 16
int sig2str(int sig, char *str);
int str2sig(const char *restrict str, int *restrict sig);
#endif
