/* File and descriptor tests: open/read/lseek/fstat on the read-only
 * filesystem, directories, dup/dup2/close semantics, the 1024-fd limit
 * per process and (shmos) the 4096 open files system-wide. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include <dirent.h>
#ifdef __shmos__
#include <shmos.h>
#endif

#define NOFILE 1024     /* shmos's, and the Linux oracle's soft RLIMIT_NOFILE (util.c) */
#define NFILE 4096      /* shmos's open files system-wide */

static void t_open_enoent(long arg)
{
    (void)arg;
    EXPECT_ERR(open("/no-such-file", O_RDONLY), ENOENT);
    EXPECT_ERR(open("/bin/no-such-program", O_RDONLY), ENOENT);
    EXPECT_ERR(open("/no/such/dir/file", O_RDONLY), ENOENT);
    EXPECT_ERR(open("", O_RDONLY), ENOENT);
}

/* The same inode as fstat sees it, for two paths. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int fa = (int)SYS(open(a, O_RDONLY)), fb = (int)SYS(open(b, O_RDONLY));
    SYS(fstat(fa, &sa));
    SYS(fstat(fb, &sb));
    close(fa);
    close(fb);
    return sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

/* "." and ".." components: "." stays, ".." goes up, "/.." is "/". */
static void t_open_dot_dotdot(long arg)
{
    (void)arg;
    CHECK(same_file("/bin/./sh", "/bin/sh"));
    CHECK(same_file("/etc/../bin/sh", "/bin/sh"));
    CHECK(same_file("/../../bin/sh", "/bin/sh"));
    CHECK(same_file("/.", "/"));
    CHECK(same_file("/etc/..", "/"));      /* not /bin: a symlink on Debian */
    EXPECT_ERR(open("/bin/sh/.", O_RDONLY), ENOTDIR);
    EXPECT_ERR(open("/bin/sh/..", O_RDONLY), ENOTDIR);
    EXPECT_ERR(open("/no-such-dir/..", O_RDONLY), ENOENT);
}

static void t_open_too_long(long arg)
{
    (void)arg;
    char *path = malloc(5001);
    CHECK(path != NULL);
    memset(path, 'a', 5000);
    path[0] = '/';
    path[5000] = '\0';
    EXPECT_ERR(open(path, O_RDONLY), ENAMETOOLONG);
    free(path);
}

/* O_CREAT creates a missing file (under an existing directory only);
 * O_CREAT of an existing file opens it, O_EXCL refuses; O_TRUNC empties it. */
static void t_open_create(long arg)
{
    (void)arg;
    char path[64];
    fmt(path, sizeof path, "/tmp/shmos-create-%d", (int)getpid());
    unlink(path);
    int fd = (int)SYS(open(path, O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK_EQ(write(fd, "abc", 3), 3);
    SYS(close(fd));
    EXPECT_ERR(open(path, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    fd = (int)SYS(open(path, O_RDONLY | O_CREAT, 0644));
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_size, 3);
    SYS(close(fd));
    fd = (int)SYS(open(path, O_WRONLY | O_TRUNC));
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_size, 0);
    SYS(close(fd));
    SYS(unlink(path));
    EXPECT_ERR(open("/no-such-dir/new", O_WRONLY | O_CREAT, 0644), ENOENT);
    EXPECT_ERR(open("/etc/motd/new", O_WRONLY | O_CREAT, 0644), ENOTDIR);
}

/* Reading this program's own file: ELF magic first, st_size bytes in all,
 * then 0 at the end. */
static void t_read_whole_file(long arg)
{
    (void)arg;
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK(S_ISREG(st.st_mode));
    CHECK(st.st_size > 4096);
    unsigned char magic[4];
    CHECK_EQ(read(fd, magic, 4), 4);
    CHECK(magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F');
    static unsigned char buf[4096];
    long total = 4;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf - 1);   /* odd size: reads straddle blocks */
        CHECK(r >= 0);
        if (r == 0)
            break;
        total += r;
    }
    CHECK_EQ(total, (long)st.st_size);
    CHECK_EQ(read(fd, buf, 1), 0);
    close(fd);
}

static void t_lseek(long arg)
{
    (void)arg;
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    struct stat st;
    SYS(fstat(fd, &st));
    long size = (long)st.st_size;
    char buf[8];
    CHECK_EQ(lseek(fd, 0, SEEK_END), size);
    CHECK_EQ(read(fd, buf, 1), 0);
    CHECK_EQ(lseek(fd, 1, SEEK_SET), 1);
    CHECK_EQ(read(fd, buf, 3), 3);
    CHECK(memcmp(buf, "ELF", 3) == 0);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
    CHECK_EQ(lseek(fd, -3, SEEK_CUR), 1);
    CHECK_EQ(lseek(fd, -size, SEEK_END), 0);
    CHECK_EQ(read(fd, buf, 1), 1);
    CHECK_EQ(buf[0], 0x7f);
    EXPECT_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
    EXPECT_ERR(lseek(fd, -size - 1, SEEK_END), EINVAL);
    EXPECT_ERR(lseek(fd, 0, 99), EINVAL);   /* 3 and 4 are SEEK_DATA/HOLE on Linux */
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 1);       /* failed seeks moved nothing */
    CHECK_EQ(lseek(fd, size + 100, SEEK_SET), size + 100);
    CHECK_EQ(read(fd, buf, 1), 0);
    int p[2];
    SYS(pipe(p));
    EXPECT_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
    EXPECT_ERR(lseek(p[1], 0, SEEK_CUR), ESPIPE);
    EXPECT_ERR(lseek(99, 0, SEEK_SET), EBADF);
    close(p[0]);
    close(p[1]);
    close(fd);
}

static void t_fstat_kinds(long arg)
{
    (void)arg;
    struct stat st;
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    SYS(fstat(fd, &st));
    CHECK(S_ISREG(st.st_mode));
    close(fd);
    fd = (int)SYS(open("/bin", O_RDONLY));
    SYS(fstat(fd, &st));
    CHECK(S_ISDIR(st.st_mode));
    close(fd);
    int p[2];
    SYS(pipe(p));
    SYS(fstat(p[0], &st));
    CHECK(S_ISFIFO(st.st_mode));
    SYS(fstat(p[1], &st));
    CHECK(S_ISFIFO(st.st_mode));
    close(p[0]);
    close(p[1]);
#ifdef __shmos__
    SYS(fstat(1, &st));          /* the serial console */
    CHECK(S_ISCHR(st.st_mode));
#endif
    EXPECT_ERR(fstat(-1, &st), EBADF);
    EXPECT_ERR(fstat(NOFILE, &st), EBADF);
    EXPECT_ERR(fstat(p[0], &st), EBADF);
}

static void t_read_directory(long arg)
{
    (void)arg;
    int fd = (int)SYS(open("/bin", O_RDONLY));
    char buf[16];
    EXPECT_ERR(read(fd, buf, sizeof buf), EISDIR);
    close(fd);
}

/* List a directory: found[i] counts the entries named names[i]. On shmos
 * the raw getdents records are checked, and readdir must agree with them. */
static void list_dir(const char *path, const char *const *names, int n, int *found)
{
#ifdef __shmos__
    int fd = (int)SYS(open(path, O_RDONLY));
    static char buf[512];
    int entries = 0;
    for (;;) {
        int r = (int)SYS(getdents(fd, buf, sizeof buf));
        if (r == 0)
            break;
        if (r > (int)sizeof buf)
            FAIL("getdents returned %d for a %zu-byte buffer", r, sizeof buf);
        for (int off = 0; off < r;) {
            struct shmos_dirent *d = (struct shmos_dirent *)(void *)(buf + off);
            size_t hdr = offsetof(struct shmos_dirent, d_name);
            if (d->d_reclen < hdr + 2 || d->d_reclen % 4 != 0 || off + d->d_reclen > r)
                FAIL("bad d_reclen %u at offset %d of %d", d->d_reclen, off, r);
            if (memchr(d->d_name, '\0', d->d_reclen - hdr) == NULL)
                FAIL("entry at offset %d has no NUL within its record", off);
            if (d->d_type != DT_REG && d->d_type != DT_DIR)
                FAIL("entry %s has d_type %u", d->d_name, d->d_type);
            for (int i = 0; i < n; i++)
                if (strcmp(d->d_name, names[i]) == 0)
                    found[i]++;
            entries++;
            off += d->d_reclen;
        }
    }
    CHECK_EQ(getdents(fd, buf, sizeof buf), 0);
    CHECK(entries >= n);
    close(fd);
    /* libc's directory streams, built on getdents, must agree. */
    int streamed_found[8] = { 0 };
    if (n > 8)
        FAIL("list_dir: too many names");
    DIR *dir = opendir(path);
    CHECK(dir != NULL);
    int streamed = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        for (int i = 0; i < n; i++)
            if (strcmp(e->d_name, names[i]) == 0)
                streamed_found[i]++;
        streamed++;
    }
    closedir(dir);
    CHECK_EQ(streamed, entries);
    for (int i = 0; i < n; i++)
        if (streamed_found[i] != found[i])
            FAIL("getdents lists \"%s\" %d times, readdir %d times",
                 names[i], found[i], streamed_found[i]);
#else
    DIR *dir = opendir(path);
    CHECK(dir != NULL);
    struct dirent *d;
    while ((d = readdir(dir)) != NULL)
        for (int i = 0; i < n; i++)
            if (strcmp(d->d_name, names[i]) == 0)
                found[i]++;
    closedir(dir);
#endif
}

static void t_list_bin(long arg)
{
    (void)arg;
#ifdef __shmos__
    static const char *const names[] = { "tests", "sh" };
#else
    static const char *const names[] = { "sh", "ls" };   /* Linux has no /bin/tests */
#endif
    int found[2] = { 0, 0 };
    list_dir("/bin", names, 2, found);
    for (int i = 0; i < 2; i++)
        if (found[i] != 1)
            FAIL("/bin lists \"%s\" %d times, expected once", names[i], found[i]);
}

static void t_list_root(long arg)
{
    (void)arg;
    static const char *const names[] = { "bin", "etc" };
    int found[2] = { 0, 0 };
    list_dir("/", names, 2, found);
    for (int i = 0; i < 2; i++)
        if (found[i] != 1)
            FAIL("/ lists \"%s\" %d times, expected once", names[i], found[i]);
}

/* Descriptors made by dup, and the same descriptor in a forked child,
 * share one file offset. */
static void t_shared_offset(long arg)
{
    (void)arg;
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    int copy = (int)SYS(dup(fd));
    CHECK(copy != fd);
    char buf[100];
    CHECK_EQ(read(fd, buf, 4), 4);
    CHECK_EQ(lseek(copy, 0, SEEK_CUR), 4);
    CHECK_EQ(read(copy, buf, 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);
    close(copy);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        _exit(read(fd, buf, 100) == 100 ? 0 : 1);
    }
    expect_exit(pid, 0);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 107);
    close(fd);
}

static void t_dup_close_ebadf(long arg)
{
    (void)arg;
    int lowest = lowest_free_fd();
    int d = (int)SYS(dup(0));
    CHECK_EQ(d, lowest);
    CHECK_EQ(close(d), 0);
    EXPECT_ERR(close(d), EBADF);
    EXPECT_ERR(close(-1), EBADF);
    EXPECT_ERR(close(NOFILE), EBADF);
    EXPECT_ERR(close(1000), EBADF);
    EXPECT_ERR(dup(-1), EBADF);
    EXPECT_ERR(dup(NOFILE), EBADF);
    EXPECT_ERR(dup(d), EBADF);
    char c = 0;
    EXPECT_ERR(read(d, &c, 1), EBADF);
    EXPECT_ERR(write(d, &c, 1), EBADF);
    EXPECT_ERR(read(-5, &c, 1), EBADF);
    EXPECT_ERR(write(NOFILE + 3, &c, 1), EBADF);
    /* The lowest free descriptor is reused. */
    int a = (int)SYS(dup(0));
    int b = (int)SYS(dup(0));
    CHECK_EQ(b, a + 1);
    close(a);
    CHECK_EQ(SYS(dup(0)), a);
    close(a);
    close(b);
}

static void t_dup2(long arg)
{
    (void)arg;
    int a[2], b[2];
    SYS(pipe(a));
    SYS(pipe(b));
    CHECK_EQ(dup2(a[1], a[1]), a[1]);
    EXPECT_ERR(dup2(a[1], NOFILE), EBADF);
    EXPECT_ERR(dup2(a[1], -1), EBADF);
    EXPECT_ERR(dup2(-1, b[1]), EBADF);
    EXPECT_ERR(dup2(NOFILE + 5, b[1]), EBADF);
    struct stat st;
    SYS(fstat(b[1], &st));          /* a failed dup2 did not close newfd */
    /* dup2 onto b[1] closes pipe b's only writer and makes b[1] write to a. */
    CHECK_EQ(dup2(a[1], b[1]), b[1]);
    char c = 0;
    CHECK_EQ(read(b[0], &c, 1), 0);
    CHECK_EQ(write(b[1], "z", 1), 1);
    CHECK_EQ(read(a[0], &c, 1), 1);
    CHECK_EQ(c, 'z');
    /* dup2 onto a free slot above the lowest one. */
    int high = NOFILE - 1;
    CHECK_EQ(dup2(a[1], high), high);
    CHECK_EQ(write(high, "h", 1), 1);
    CHECK_EQ(read(a[0], &c, 1), 1);
    CHECK_EQ(c, 'h');
    close(high);
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
}

/* 1024 descriptors per process: the 1025th dup, open or pipe gives EMFILE,
 * and a pipe that needs two slots when one is free leaks nothing. */
static void t_emfile(long arg)
{
    (void)arg;
    int made = 0;
    for (;;) {
        int d = dup(0);
        if (d < 0) {
            CHECK_EQ(errno, EMFILE);
            break;
        }
        if (++made > NOFILE)
            FAIL("dup succeeded %d times: no 1024-descriptor limit", made);
    }
    CHECK_EQ(count_open_fds(NOFILE), NOFILE);
    int p[2];
    EXPECT_ERR(pipe(p), EMFILE);
    EXPECT_ERR(open(self_path(), O_RDONLY), EMFILE);
    EXPECT_ERR(dup2(0, NOFILE), EBADF);
    close(7);
    CHECK_EQ(SYS(dup(0)), 7);
    close(7);
    EXPECT_ERR(pipe(p), EMFILE);
    CHECK_EQ(lowest_free_fd(), 7);
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    CHECK_EQ(fd, 7);
}

#ifdef __shmos__
/* A worker: open files until a call fails, report (how many, errno) on
 * out, then hold them until in closes. */
static void open_until_full(int out, int in)
{
    int n = 0;
    while (open(self_path(), O_RDONLY) >= 0)
        n++;
    int report[2] = { n, errno };
    write_all(out, report, sizeof report);
    char c;
    read(in, &c, 1);
    _exit(0);
}

/* 4096 open files system-wide: five processes of 1024 descriptors each
 * open files until the table is full; the last ones get ENFILE, the
 * others EMFILE, and every file opened counts; when they exit, opening
 * works again and the count is back. */
static void t_enfile(long arg)
{
    (void)arg;
    int rep[2], hold[2];
    SYS(pipe(rep));
    SYS(pipe(hold));
    struct meminfo mi;
    SYS(meminfo(&mi));
    uint32_t before = mi.nfile;
    enum { WORKERS = 5 };
    pid_t w[WORKERS];
    int opened = 0, enfile = 0;
    for (int i = 0; i < WORKERS; i++) {
        w[i] = (pid_t)SYS(fork());
        if (w[i] == 0) {
            close(rep[0]);
            close(hold[1]);
            open_until_full(rep[1], hold[0]);
        }
        int report[2];
        read_exact(rep[0], report, sizeof report);
        if (report[1] != EMFILE && report[1] != ENFILE)
            FAIL("worker %d stopped after %d files with %s", i, report[0], errname(report[1]));
        opened += report[0];
        enfile += report[1] == ENFILE;
    }
    CHECK(enfile >= 1);
    CHECK_EQ((long)(before + (uint32_t)opened), (long)NFILE);
    EXPECT_ERR(open(self_path(), O_RDONLY), ENFILE);
    close(hold[1]);
    for (int i = 0; i < WORKERS; i++)
        expect_exit(w[i], 0);
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    close(fd);
    close(rep[0]);
    close(rep[1]);
    close(hold[0]);
    SYS(meminfo(&mi));
    CHECK_EQ(mi.nfile, before - 4);     /* less the four pipe ends */
}
#endif

static const struct test tests[] = {
    { "open: missing files and the empty path give ENOENT", t_open_enoent, 0, 0, 0, NULL },
    { "open: a 5000-byte path gives ENAMETOOLONG", t_open_too_long, 0, 0, 0, NULL },
    { "open: '.' and '..' components, '/..' is '/'", t_open_dot_dotdot, 0, 0, 0, NULL },
    { "open: O_CREAT creates, O_EXCL gives EEXIST, O_TRUNC empties", t_open_create, 0, 0, 0, NULL },
    { "read: own program file, ELF magic, st_size bytes, then 0", t_read_whole_file, 0, 0, 0, NULL },
    { "lseek: SET/CUR/END, EINVAL, ESPIPE on pipes, past the end", t_lseek, 0, 0, 0, NULL },
    { "fstat: regular file, directory, pipe, console, EBADF", t_fstat_kinds, 0, 0, 0, NULL },
    { "read: a directory gives EISDIR", t_read_directory, 0, 0, 0, NULL },
    { "getdents: /bin lists tests and sh", t_list_bin, 0, 0, 0, NULL },
    { "getdents: / lists bin and etc", t_list_root, 0, 0, 0, NULL },
    { "dup/fork: descriptors share the file offset", t_shared_offset, 0, 0, 0, NULL },
    { "dup/close: lowest free fd, EBADF for bad descriptors", t_dup_close_ebadf, 0, 0, 0, NULL },
    { "dup2: same fd, bad fds, replacing an open pipe end", t_dup2, 0, 0, 0, NULL },
    { "fds: 1024 per process, then EMFILE with nothing leaked", t_emfile, 0, 0, 0, NULL },
#ifdef __shmos__
    { "files: 4096 open system-wide, then ENFILE, and back after", t_enfile, 0, 0, 0, NULL },
#endif
};
TEST_GROUP(70, tests);
