/* sig_util.c: what the signal tests share. */
#ifndef TESTS_GUEST_SIG_UTIL_H
#define TESTS_GUEST_SIG_UTIL_H
#include <signal.h>

/* Counts per signal, the order of the last 16, the last siginfo seen. */
extern volatile sig_atomic_t hits[NSIG];
extern volatile sig_atomic_t order[16], norder;
extern volatile int last_code, last_pid, last_status;
extern void *volatile last_addr;
/* A handler: hits[sig]++ and the order. */
void count(int sig);
/* sigaction(sig) with handler fn and flags, an empty sa_mask. */
void on(int sig, void (*fn)(int), int flags);
/* sigaction(sig) with SA_SIGINFO | flags and a handler recording hits and
 * the siginfo (last_code, last_pid, last_status, last_addr). */
void on_info(int sig, int flags);
/* sigprocmask(how) of sig alone. */
void block(int how, int sig);
#endif
