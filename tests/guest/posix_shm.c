/* POSIX shared memory: shm_open's names and flags, objects shared with a
 * fork child through the inherited descriptor and with an exec'd program
 * through the name, and mappings that outlive shm_unlink. Runs on Linux
 * too (the oracle): both keep the objects as files under /dev/shm. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "tests.h"

static char name[48];

static void make_name(void)
{
    fmt(name, sizeof name, "/shmos-posix-%d", (int)getpid());
    shm_unlink(name);
}

/* The names and flags shm_open refuses, with glibc's errors. */
static void t_names_flags(long arg)
{
    (void)arg;
    make_name();
    static char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[0] = '/';
    EXPECT_ERR(shm_open("", O_RDWR | O_CREAT, 0600), EINVAL);
    EXPECT_ERR(shm_open("/", O_RDWR | O_CREAT, 0600), EINVAL);
    EXPECT_ERR(shm_open("/a/b", O_RDWR | O_CREAT, 0600), EINVAL);
    EXPECT_ERR(shm_open(longname, O_RDWR | O_CREAT, 0600), EINVAL);    /* glibc: not ENAMETOOLONG */
    EXPECT_ERR(shm_open(name, O_RDWR, 0600), ENOENT);
    EXPECT_ERR(shm_unlink(name), ENOENT);
    int fd = (int)SYS(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
    EXPECT_ERR(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
    SYS(ftruncate(fd, 3 * (long)PAGE));
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_size, 3 * (long)PAGE);
    /* The same object under the name without its slash (glibc strips it). */
    int again = (int)SYS(shm_open(name + 1, O_RDWR | O_TRUNC, 0));
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_size, 0);
    SYS(close(again));
    int ro = (int)SYS(shm_open(name, O_RDONLY, 0));
    EXPECT_ERR(ftruncate(ro, (long)PAGE), EINVAL);
    SYS(ftruncate(fd, (long)PAGE));
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
    SYS(close(ro));
    SYS(close(fd));
    SYS(shm_unlink(name));
}

/* A fork child maps the inherited descriptor at another address and
 * writes; an exec'd cat reads the object by its /dev/shm name; after
 * shm_unlink the mapping still holds the data. */
static void t_fork_exec(long arg)
{
    (void)arg;
    make_name();
    int fd = (int)SYS(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
    SYS(ftruncate(fd, (long)PAGE));
    char *p = mmap((void *)0x10000000, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    CHECK(p == (char *)0x10000000);
    memcpy(p, "parent ", 7);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char *q = mmap((void *)0x20000000, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
        if (q != (char *)0x20000000 || memcmp(q, "parent ", 7) != 0)
            _exit(1);
        memcpy(q + 7, "child\n", 6);
        _exit(munmap(q, PAGE) == 0 ? 0 : 2);
    }
    expect_exit(pid, 0);
    CHECK(memcmp(p, "parent child\n", 13) == 0);
    int out[2];
    SYS(pipe(out));
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char path[80];
        fmt(path, sizeof path, "/dev/shm%s", name);
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        char *argv[] = { "cat", path, NULL };
        execv("/bin/cat", argv);
        _exit(127);
    }
    close(out[1]);
    char got[16] = { 0 };
    read_exact(out[0], got, 13);
    close(out[0]);
    expect_exit(pid, 0);
    CHECK(strcmp(got, "parent child\n") == 0);
    SYS(close(fd));
    SYS(shm_unlink(name));
    CHECK(memcmp(p, "parent child\n", 13) == 0);
    SYS(munmap(p, PAGE));
}

static const struct test tests[] = {
    { "posix shm: names and flags: EINVAL, ENOENT, EEXIST, O_TRUNC, EACCES",
      t_names_flags, 0, 0, 0, NULL },
    { "posix shm: shared with a fork child by descriptor, with exec'd cat by name, after unlink",
      t_fork_exec, 0, 0, 0, NULL },
};
TEST_GROUP(156, tests);
