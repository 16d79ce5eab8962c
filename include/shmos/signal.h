/* Signal numbers (Linux's). shmos has no handlers: a signal either
 * terminates its target (the wait status names it) or is ignored — when the
 * target chose SIG_IGN, or by default for SIGCHLD, SIGURG and SIGWINCH, as
 * in POSIX. Faults terminate with SIGSEGV (page faults, protection) or
 * SIGILL/SIGFPE. */
#ifndef SHMOS_SIGNAL_H
#define SHMOS_SIGNAL_H
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGURG  23
#define SIGWINCH 28
/* Signals whose default action is to be ignored. */
#define SIG_DEFAULT_IGNORED ((1u << SIGCHLD) | (1u << SIGURG) | (1u << SIGWINCH))
#define NSIG    32
#endif
