/* Helpers of the signal tests (signal.c, signal_frame.c): handlers that
 * count and record, and short ways to install them and to block. */
#include <signal.h>
#include <string.h>
#include "tests.h"
#include "sig_util.h"

volatile sig_atomic_t hits[NSIG];
volatile sig_atomic_t order[16], norder;
volatile int last_code, last_pid, last_status;
void *volatile last_addr;

void count(int sig)
{
    hits[sig]++;
    if (norder < 16)
        order[norder++] = sig;
}

void on(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    SYS(sigaction(sig, &sa, NULL));
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits[sig]++;
    last_code = si->si_code;
    last_pid = si->si_pid;
    last_status = si->si_status;
    last_addr = si->si_addr;
}

void on_info(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    SYS(sigaction(sig, &sa, NULL));
}

void block(int how, int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    SYS(sigprocmask(how, &s, NULL));
}

