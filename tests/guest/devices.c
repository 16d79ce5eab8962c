/* /dev/null and /dev/zero: what reading, writing, truncating, polling,
 * listing, executing and mapping them does. The same tests run on Linux
 * (the oracle). */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include "tests.h"

/* path is a character device major:minor, readable and writable by all. */
static void expect_device(const char *path, unsigned maj, unsigned min)
{
    struct stat st;
    SYS(stat(path, &st));
    CHECK(S_ISCHR(st.st_mode));
    CHECK_EQ(st.st_mode & 0777, 0666);
    CHECK_EQ(major(st.st_rdev), maj);
    CHECK_EQ(minor(st.st_rdev), min);
    CHECK_EQ(st.st_size, 0);
}

static void t_null(long arg)
{
    (void)arg;
    expect_device("/dev/null", 1, 3);
    char buf[64];
    memset(buf, 'x', sizeof buf);
    int fd = (int)SYS(open("/dev/null", O_RDWR | O_TRUNC));
    CHECK_EQ(write(fd, buf, sizeof buf), (long)sizeof buf);
    CHECK_EQ(read(fd, buf, sizeof buf), 0);
    CHECK_EQ(pwrite(fd, buf, 10, 1000), 10);
    CHECK_EQ(pread(fd, buf, sizeof buf, 0), 0);
    CHECK_EQ(buf[0], 'x');
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK(S_ISCHR(st.st_mode));
    struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
    CHECK_EQ(poll(&p, 1, 0), 1);
    CHECK_EQ(p.revents & (POLLIN | POLLOUT), POLLIN | POLLOUT);
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), ENODEV);
    SYS(close(fd));
    EXPECT_ERR(truncate("/dev/null", 0), EINVAL);
    fd = (int)SYS(open("/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0644));
    CHECK_EQ(write(fd, "y", 1), 1);
    SYS(close(fd));
    expect_device("/dev/null", 1, 3);   /* O_CREAT of an existing device opens it */
}

static void t_zero(long arg)
{
    (void)arg;
    expect_device("/dev/zero", 1, 5);
    static char buf[3 * PAGE + 100];
    memset(buf, 0xff, sizeof buf);
    int fd = (int)SYS(open("/dev/zero", O_RDWR));
    CHECK_EQ(read(fd, buf, sizeof buf), (long)sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++)
        if (buf[i] != 0)
            FAIL("byte %zu is %d", i, buf[i]);
    buf[5] = 1;
    CHECK_EQ(pread(fd, buf, 10, 12345), 10);
    CHECK_EQ(buf[5], 0);
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(read(fd, buf, 1), 1);
    CHECK_EQ(buf[0], 0);
    SYS(close(fd));
    fd = (int)SYS(open("/dev/zero", O_RDONLY));
    CHECK_EQ(write(fd, "abc", 3), -1);
    CHECK_EQ(errno, EBADF);
    SYS(close(fd));
}

/* MAP_PRIVATE of /dev/zero is private zeroed memory: a fork child's
 * stores stay its own. MAP_SHARED is memory shared with fork children. */
static void t_zero_mmap(long arg)
{
    (void)arg;
    int fd = (int)SYS(open("/dev/zero", O_RDWR));
    char *priv = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(priv != MAP_FAILED);
    char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(shared != MAP_FAILED);
    SYS(close(fd));
    for (size_t i = 0; i < 3 * PAGE; i += 512)
        CHECK_EQ(priv[i], 0);
    CHECK_EQ(shared[100], 0);
    priv[PAGE + 1] = 7;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        priv[PAGE + 1] = 8;
        shared[100] = 9;
        _exit(0);
    }
    expect_exit(pid, 0);
    CHECK_EQ(priv[PAGE + 1], 7);
    CHECK_EQ(shared[100], 9);
    SYS(munmap(priv, 3 * PAGE));
    SYS(munmap(shared, PAGE));
    /* A read-only descriptor maps privately for writing, but not shared. */
    fd = (int)SYS(open("/dev/zero", O_RDONLY));
    priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(priv != MAP_FAILED);
    priv[0] = 1;
    SYS(munmap(priv, PAGE));
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
    SYS(close(fd));
    fd = (int)SYS(open("/dev/zero", O_WRONLY));
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), EACCES);
    SYS(close(fd));
}

/* /dev lists both as character devices; neither can be executed. */
static void t_listed(long arg)
{
    (void)arg;
    DIR *d = opendir("/dev");
    CHECK(d != NULL);
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, "null") == 0 || strcmp(e->d_name, "zero") == 0) {
            CHECK_EQ(e->d_type, DT_CHR);
            found++;
        }
    closedir(d);
    CHECK_EQ(found, 2);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        char *argv[] = { "null", NULL };
        execv("/dev/null", argv);
        _exit(errno == EACCES ? 0 : 1);
    }
    expect_exit(pid, 0);
}

static const struct test tests[] = {
    { "dev: /dev/null reads end, writes vanish, O_TRUNC is ignored, truncate EINVAL, mmap ENODEV",
      t_null, 0, 0, 0, NULL },
    { "dev: /dev/zero reads zeros, writes vanish", t_zero, 0, 0, 0, NULL },
    { "dev: mmap of /dev/zero: MAP_PRIVATE private zeros, MAP_SHARED shared with a child, EACCES",
      t_zero_mmap, 0, 0, 0, NULL },
    { "dev: /dev lists null and zero as DT_CHR; exec of a device is EACCES", t_listed, 0, 0, 0,
      NULL },
};
TEST_GROUP(154, tests);
