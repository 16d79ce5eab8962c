/* wait() and waitpid(); status macros (W*) come from <shmos/wait.h>.
 * Processes never stop (no job-control signals), so WIFSTOPPED and
 * WIFCONTINUED are always false; WUNTRACED is accepted and changes nothing. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>
#include <shmos/wait.h>

#define WIFSTOPPED(s)   ((void)(s), 0)
#define WIFCONTINUED(s) ((void)(s), 0)
#define WSTOPSIG(s)     WEXITSTATUS(s)
#define WCOREDUMP(s)    ((s) & 0x80)     /* Linux's bit; shmos writes no core files */

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
#endif
