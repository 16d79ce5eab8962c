/* The writable file system: creating, writing, reading, truncating,
 * renaming and removing files and directories, the current directory, and
 * files mapped with mmap. Each test works in a directory of its own under
 * /tmp and removes it. The same tests run on Linux (the oracle). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

static char dir[64];

/* A fresh, empty directory for this test, made the current directory. */
static void enter_tmpdir(void)
{
    fmt(dir, sizeof dir, "/tmp/shmos-fs-%d", (int)getpid());
    SYS(mkdir(dir, 0755));
    SYS(chdir(dir));
}

/* Remove the names the test left in its directory (files and empty
 * directories, one level down), then the directory. */
static void leave_tmpdir(void)
{
    SYS(chdir("/"));
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    struct dirent *e;
    char path[400];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        fmt(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) < 0)
            SYS(rmdir(path));
    }
    closedir(d);
    SYS(rmdir(dir));
}

static void put_file(const char *path, const char *text)
{
    int fd = (int)SYS(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
    CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
    SYS(close(fd));
}

static long size_of(const char *path)
{
    struct stat st;
    SYS(stat(path, &st));
    return (long)st.st_size;
}

/* Write, read back, pread/pwrite at offsets without moving the file
 * offset, O_APPEND, fsync, a hole read as zeros. */
static void t_read_write(long arg)
{
    (void)arg;
    enter_tmpdir();
    int fd = (int)SYS(open("f", O_RDWR | O_CREAT, 0600));
    CHECK_EQ(write(fd, "hello, world", 12), 12);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12);
    char buf[32] = { 0 };
    CHECK_EQ(pread(fd, buf, 5, 7), 5);
    CHECK(memcmp(buf, "world", 5) == 0);
    CHECK_EQ(pwrite(fd, "W", 1, 7), 1);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(read(fd, buf, sizeof buf), 12);
    CHECK(memcmp(buf, "hello, World", 12) == 0);
    CHECK_EQ(read(fd, buf, sizeof buf), 0);
    SYS(fsync(fd));
    /* A hole: lseek past the end, write; the gap reads as zeros. */
    CHECK_EQ(lseek(fd, 3 * (long)PAGE + 100, SEEK_SET), 3 * (long)PAGE + 100);
    CHECK_EQ(write(fd, "x", 1), 1);
    CHECK_EQ(size_of("f"), 3 * (long)PAGE + 101);
    static char page[4096];
    CHECK_EQ(pread(fd, page, sizeof page, 2 * (long)PAGE), (long)PAGE);
    for (size_t i = 0; i < sizeof page; i++)
        if (page[i] != 0)
            FAIL("hole byte %lu is %d", (unsigned long)i, page[i]);
    SYS(close(fd));
    fd = (int)SYS(open("f", O_WRONLY | O_APPEND));
    CHECK_EQ(write(fd, "yz", 2), 2);
    CHECK_EQ(size_of("f"), 3 * (long)PAGE + 103);
    SYS(close(fd));
    fd = (int)SYS(open("f", O_RDONLY));
    EXPECT_ERR(write(fd, "a", 1), EBADF);
    EXPECT_ERR(ftruncate(fd, 0), EINVAL);           /* not open for writing */
    EXPECT_ERR(pread(fd, buf, 1, -1), EINVAL);
    SYS(close(fd));
    leave_tmpdir();
}

/* ftruncate and truncate grow (zeros) and shrink; errors as Linux. */
static void t_truncate(long arg)
{
    (void)arg;
    enter_tmpdir();
    put_file("f", "0123456789");
    SYS(truncate("f", 4));
    CHECK_EQ(size_of("f"), 4);
    int fd = (int)SYS(open("f", O_RDWR));
    SYS(ftruncate(fd, 8));
    char buf[16];
    CHECK_EQ(read(fd, buf, sizeof buf), 8);
    CHECK(memcmp(buf, "0123\0\0\0\0", 8) == 0);
    EXPECT_ERR(ftruncate(fd, -1), EINVAL);
    SYS(close(fd));
    EXPECT_ERR(truncate(".", 0), EISDIR);
    EXPECT_ERR(truncate("missing", 0), ENOENT);
    int fds[2];
    SYS(pipe(fds));
    EXPECT_ERR(ftruncate(fds[1], 0), EINVAL);
    EXPECT_ERR(lseek(fds[0], 0, SEEK_SET), ESPIPE);
    EXPECT_ERR(pread(fds[0], buf, 1, 0), ESPIPE);
    close(fds[0]);
    close(fds[1]);
    leave_tmpdir();
}

/* mkdir, rmdir, unlink: the names appear and go, with Linux's errors. */
static void t_directories(long arg)
{
    (void)arg;
    enter_tmpdir();
    SYS(mkdir("d", 0755));
    EXPECT_ERR(mkdir("d", 0755), EEXIST);
    EXPECT_ERR(mkdir("missing/d", 0755), ENOENT);
    put_file("d/f", "x");
    EXPECT_ERR(mkdir("d/f/g", 0755), ENOTDIR);
    EXPECT_ERR(rmdir("d"), ENOTEMPTY);
    EXPECT_ERR(rmdir("d/f"), ENOTDIR);
    EXPECT_ERR(unlink("d"), EISDIR);
    EXPECT_ERR(rmdir("."), EINVAL);
    EXPECT_ERR(open("d/f/", O_RDONLY), ENOTDIR);
    EXPECT_ERR(open("d", O_WRONLY), EISDIR);
    EXPECT_ERR(open("d/f", O_RDONLY | O_DIRECTORY), ENOTDIR);
    struct stat st;
    SYS(stat("d", &st));
    CHECK(S_ISDIR(st.st_mode));
    CHECK_EQ(st.st_nlink, 2);
    SYS(unlink("d/f"));
    EXPECT_ERR(unlink("d/f"), ENOENT);
    SYS(rmdir("d/"));
    EXPECT_ERR(stat("d", &st), ENOENT);
    leave_tmpdir();
}

/* rename: files and directories move and replace as Linux's do. */
static void t_rename(long arg)
{
    (void)arg;
    enter_tmpdir();
    put_file("a", "AAA");
    put_file("b", "B");
    SYS(rename("a", "b"));                      /* replaces b */
    CHECK_EQ(size_of("b"), 3);
    struct stat st;
    EXPECT_ERR(stat("a", &st), ENOENT);
    SYS(mkdir("d", 0755));
    SYS(mkdir("e", 0755));
    SYS(rename("b", "d/b"));
    CHECK_EQ(size_of("d/b"), 3);
    EXPECT_ERR(rename("d", "d/sub"), EINVAL);   /* into itself */
    EXPECT_ERR(rename("d", "e/../d/b"), EINVAL);    /* into itself comes first */
    EXPECT_ERR(rename("e", "d/b"), ENOTDIR);
    SYS(mkdir("f", 0755));
    put_file("f/x", "x");
    EXPECT_ERR(rename("e", "f"), ENOTEMPTY);
    SYS(rename("e", "d/e"));
    put_file("g", "g");
    EXPECT_ERR(rename("g", "d/e"), EISDIR);
    EXPECT_ERR(rename("missing", "h"), ENOENT);
    SYS(rename("g", "g"));                      /* itself: nothing happens */
    SYS(unlink("f/x"));
    SYS(rmdir("f"));
    SYS(unlink("d/b"));
    SYS(rmdir("d/e"));
    SYS(rmdir("d"));
    SYS(unlink("g"));
    leave_tmpdir();
}

/* chdir/getcwd/fchdir; relative paths; a fork child starts where its
 * parent is; getcwd ERANGE. */
static void t_cwd(long arg)
{
    (void)arg;
    enter_tmpdir();
    char buf[256];
    CHECK(getcwd(buf, sizeof buf) == buf);
    CHECK(strcmp(buf, dir) == 0);
    SYS(mkdir("sub", 0755));
    SYS(chdir("sub"));
    put_file("here", "1");
    CHECK_EQ(size_of("../sub/here"), 1);
    char want[128];
    fmt(want, sizeof want, "%s/sub", dir);
    CHECK(strcmp(getcwd(buf, sizeof buf), want) == 0);
    errno = 0;
    CHECK(getcwd(buf, 3) == NULL && errno == ERANGE);
    pid_t pid = fork();
    if (pid == 0)
        _exit(access("here", F_OK) == 0 ? 0 : 1);
    expect_exit(pid, 0);
    int fd = (int)SYS(open("..", O_RDONLY | O_DIRECTORY));
    SYS(chdir("/"));
    SYS(fchdir(fd));
    CHECK(strcmp(getcwd(buf, sizeof buf), dir) == 0);
    SYS(close(fd));
    EXPECT_ERR(chdir("sub/here"), ENOTDIR);
    EXPECT_ERR(chdir("missing"), ENOENT);
    SYS(unlink("sub/here"));
    SYS(rmdir("sub"));
    leave_tmpdir();
}

/* An unlinked file lives on while open: it can be read and written, and
 * its name is free for a new file. */
static void t_unlink_open(long arg)
{
    (void)arg;
    enter_tmpdir();
    put_file("f", "old data");
    int fd = (int)SYS(open("f", O_RDWR));
    SYS(unlink("f"));
    put_file("f", "new");
    char buf[16] = { 0 };
    CHECK_EQ(read(fd, buf, sizeof buf), 8);
    CHECK(strcmp(buf, "old data") == 0);
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_nlink, 0);
    SYS(close(fd));
    CHECK_EQ(size_of("f"), 3);
    SYS(unlink("f"));
    leave_tmpdir();
}

/* getdents lists exactly what was created. */
static void t_list(long arg)
{
    (void)arg;
    enter_tmpdir();
    put_file("one", "1");
    SYS(mkdir("two", 0755));
    put_file("three", "3");
    SYS(unlink("one"));
    DIR *d = opendir(".");
    CHECK(d != NULL);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, "two") == 0)
            seen |= 1;
        else if (strcmp(e->d_name, "three") == 0)
            seen |= 2;
        else if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            FAIL("unexpected entry %s", e->d_name);
    }
    closedir(d);
    CHECK_EQ(seen, 3);
    SYS(rmdir("two"));
    SYS(unlink("three"));
    leave_tmpdir();
}

/* A write() is seen through a shared mapping of the file and a store
 * through the mapping by read(); a private mapping keeps its writes. */
static void t_mmap_coherence(long arg)
{
    (void)arg;
    enter_tmpdir();
    int fd = (int)SYS(open("f", O_RDWR | O_CREAT, 0600));
    SYS(ftruncate(fd, 2 * (long)PAGE));
    char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(shared != MAP_FAILED);
    char *private = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(private != MAP_FAILED);
    CHECK_EQ(pwrite(fd, "written", 7, (long)PAGE), 7);
    CHECK(memcmp(shared + PAGE, "written", 7) == 0);
    memcpy(shared, "stored", 6);
    char buf[8] = { 0 };
    CHECK_EQ(pread(fd, buf, 6, 0), 6);
    CHECK(strcmp(buf, "stored") == 0);
    private[PAGE + 1] = 'X';
    CHECK_EQ(shared[PAGE + 1], 'r');
    CHECK_EQ(pread(fd, buf, 1, (long)PAGE + 1), 1);
    CHECK_EQ(buf[0], 'r');
    /* A mapping at an offset shows the file from there. */
    char *second = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (long)PAGE);
    CHECK(second != MAP_FAILED);
    CHECK(memcmp(second, "written", 7) == 0);
    SYS(munmap(second, PAGE));
    SYS(munmap(private, 2 * PAGE));
    SYS(munmap(shared, 2 * PAGE));
    SYS(close(fd));
    SYS(unlink("f"));
    leave_tmpdir();
}

/* A mapping survives unlink and close of its file; a shared writable
 * mapping of a read-only descriptor is EACCES, and mprotect cannot grant
 * the write later. */
static void t_mmap_unlinked(long arg)
{
    (void)arg;
    enter_tmpdir();
    put_file("f", "mapped bytes");
    int fd = (int)SYS(open("f", O_RDONLY));
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
    char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    EXPECT_ERR(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES);
    char *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(q != MAP_FAILED);                     /* private: writes stay here */
    q[0] = 'M';
    SYS(close(fd));
    SYS(unlink("f"));
    CHECK(memcmp(p, "mapped bytes", 12) == 0);
    CHECK_EQ(q[0], 'M');
    SYS(munmap(p, PAGE));
    SYS(munmap(q, PAGE));
    leave_tmpdir();
}

/* Shrinking a mapped file takes its pages from every mapping: touching
 * one past the new end kills with SIGBUS. */
static void t_mmap_truncated(long arg)
{
    (void)arg;
    enter_tmpdir();
    int fd = (int)SYS(open("f", O_RDWR | O_CREAT, 0600));
    SYS(ftruncate(fd, 3 * (long)PAGE));
    char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    memset(p, 7, 3 * PAGE);
    SYS(ftruncate(fd, (long)PAGE));
    CHECK_EQ(p[PAGE - 1], 7);                   /* still there */
    SYS(close(fd));
    SYS(unlink("f"));
    SYS(chdir("/"));
    SYS(rmdir(dir));
    (void)*(volatile char *)opaque(p + 2 * PAGE);
}

#ifdef __shmos__
/* Filling the file system runs into ENOSPC, never a panic; emptying it
 * gives every page back. shmos only: on Linux /tmp is a disk. */
static void t_fill_enospc(long arg)
{
    (void)arg;
    enter_tmpdir();                 /* once first: malloc's heap (opendir) stays grown */
    leave_tmpdir();
    long before = free_pages();
    enter_tmpdir();
    static char chunk[64 * 1024];
    memset(chunk, 'z', sizeof chunk);
    int fd = (int)SYS(open("big", O_WRONLY | O_CREAT, 0600));
    long total = 0;
    for (;;) {
        ssize_t w = write(fd, chunk, sizeof chunk);
        if (w < 0) {
            CHECK_EQ(errno, ENOSPC);
            break;
        }
        total += w;
    }
    diag("wrote %ld MiB before ENOSPC", total >> 20);
    CHECK(total > 16L << 20);
    CHECK_EQ(size_of("big"), total);
    SYS(close(fd));
    SYS(unlink("big"));
    leave_tmpdir();
    CHECK_EQ(free_pages(), before);
}
#else
static void t_fill_enospc(long arg)
{
    (void)arg;
}
#endif

static const struct test tests[] = {
    { "fs: write, read, pread/pwrite, O_APPEND, fsync, a hole reads as zeros",
      t_read_write, 0, 0, 0, NULL },
    { "fs: truncate and ftruncate grow and shrink; EINVAL, EISDIR, ESPIPE", t_truncate, 0, 0, 0, NULL },
    { "fs: mkdir, rmdir, unlink with EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EISDIR, EINVAL",
      t_directories, 0, 0, 0, NULL },
    { "fs: rename replaces files and empty directories, refuses the rest", t_rename, 0, 0, 0, NULL },
    { "fs: chdir, getcwd, fchdir, relative paths, inherited by fork", t_cwd, 0, 0, 0, NULL },
    { "fs: an unlinked file lives while open", t_unlink_open, 0, 0, 0, NULL },
    { "fs: getdents lists what was created", t_list, 0, 0, 0, NULL },
    { "fs: mmap of a file: write() and stores seen both ways, MAP_PRIVATE kept apart",
      t_mmap_coherence, 0, 0, 0, NULL },
    { "fs: mappings outlive unlink and close; EACCES for writing a read-only file",
      t_mmap_unlinked, 0, 0, 0, NULL },
    { "fs: a truncated mapped file faults past its end (SIGBUS)", t_mmap_truncated, 0, SIGBUS, 0,
      NULL },
    { "fs: filling memory gives ENOSPC, emptying gives every page back", t_fill_enospc, 0, 0, 120,
      SHMOS_ONLY("the host's /tmp is not memory") },
};
TEST_GROUP(157, tests);
