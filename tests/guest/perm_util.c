/* Helpers of the users-and-permissions tests (perm_util.h says what each
 * does). */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
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

char fp_base[FP_PATH_SIZE];

char *fp_path(char buf[FP_PATH_SIZE], const char *name)
{
    fmt(buf, FP_PATH_SIZE, "%s/%s", fp_base, name);
    return buf;
}

int fp_scratch(mode_t mode)
{
    if (not_root())
        return 1;
    umask(0);
    fmt(fp_base, sizeof fp_base, "/tmp/fp%d", (int)getpid());
    SYS(mkdir(fp_base, mode));
    return 0;
}

void fp_remove_tree(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        SYS(unlink(path));
        return;
    }
    DIR *d = opendir(path);
    CHECK(d != NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char sub[FP_PATH_SIZE];
        fmt(sub, sizeof sub, "%s/%s", path, e->d_name);
        fp_remove_tree(sub);
        rewinddir(d);               /* the listing changed under us */
    }
    closedir(d);
    SYS(rmdir(path));
}

void fp_make_file(const char *path, mode_t mode)
{
    int fd = (int)SYS(open(path, O_CREAT | O_EXCL | O_WRONLY, 0600));
    write_all(fd, "data", 4);
    SYS(fchmod(fd, mode));
    SYS(close(fd));
}

mode_t fp_mode_of(const char *path)
{
    struct stat st;
    SYS(stat(path, &st));
    return st.st_mode & 07777;
}

void fp_opens(const char *path, int flags)
{
    SYS(close((int)SYS(open(path, flags))));
}
