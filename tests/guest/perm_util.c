/* Helpers of the users-and-permissions tests (perm_util.h says what each
 * does). */
#include <sys/wait.h>
#include <unistd.h>
#ifndef __shmos__
#include <grp.h>                    /* setgroups (glibc) */
#endif
#include "perm_util.h"
#include "tests.h"

int not_root(void)
{
    if (geteuid() == 0)
        return 0;
    diag("not root: users and permissions not tested");
    return 1;
}

void become(uid_t uid, const gid_t *groups, int n)
{
    SYS(setgroups((size_t)n, groups));
    SYS(setgid(uid));
    SYS(setuid(uid));
}

void as_user(uid_t uid, const gid_t *groups, int n, void (*fn)(long), long arg)
{
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        become(uid, groups, n);
        fn(arg);
        _exit(0);
    }
    int st;
    SYS(waitpid(pid, &st, 0));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("the child as uid %u failed (status 0x%x)", (unsigned)uid, (unsigned)st);
}
