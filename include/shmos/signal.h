/* Signal numbers (Linux's). shmos has no handlers: every signal that kill()
 * sends terminates the target, and the wait status names the signal. Faults
 * terminate with SIGSEGV (page faults, protection) or SIGILL/SIGFPE. */
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
#define SIGSEGV 11
#define SIGPIPE 13
#define SIGTERM 15
#define NSIG    32
#endif
