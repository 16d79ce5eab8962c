/* Signals. shmos has no handlers: kill() terminates the target and its wait
 * status names the signal (WTERMSIG). */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>
#include <shmos/signal.h>

typedef int sig_atomic_t;

int kill(pid_t pid, int sig);
int raise(int sig);
#endif
