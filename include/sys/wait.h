/* wait() and waitpid(); status macros (W*) come from <shmos/wait.h>:
 * with WUNTRACED a stopped child is reported (WIFSTOPPED, WSTOPSIG), with
 * WCONTINUED a continued one (WIFCONTINUED). */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>
#include <shmos/wait.h>

#define WIFSTOPPED(s)   (((s) & 0xff) == 0x7f)
#define WIFCONTINUED(s) ((s) == W_CONTINUED)
#define WSTOPSIG(s)     WEXITSTATUS(s)
#define WCOREDUMP(s)    ((s) & 0x80)     /* Linux's bit; shmos writes no core files */

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
#endif
