/* dprintf() flushes: text printed before fork() is not duplicated in the
 * child, and parent/child lines keep their order in a pipe or a file.
 * Expected stdout: "before fork\nchild\nparent\n". */
#include <sys/wait.h>
#include <unistd.h>

#include "debug.h"

int main(void)
{
    dprintf("before fork\n");
    pid_t pid = fork();
    if (pid < 0)
        error("fork failed\n");
    if (pid == 0) {
        dprintf("child\n");
        exit(EXIT_SUCCESS);
    }
    if (waitpid(pid, NULL, 0) != pid)
        error("waitpid failed\n");
    dprintf("parent\n");
    return 0;
}
