/* shmos introspection calls (meminfo, getprocs) and the system-call entry
 * itself (unknown numbers). The introspection tests are shmos-only. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#else
#include <sys/syscall.h>
#endif

#ifdef __shmos__
static void block_until_eof(long fds)
{
    char c;
    close((int)(fds >> 8));
    while (read((int)(fds & 0xff), &c, 1) > 0)
        ;
}
#endif

/* meminfo reports sane totals and follows fork, sbrk, pipe and dup. */
static void t_meminfo(long arg)
{
    (void)arg;
#ifdef __shmos__
    struct meminfo a = mem();
    CHECK_EQ(a.page_size, 4096);
    CHECK(a.free_pages > 0 && a.free_pages < a.total_pages);
    CHECK(a.total_pages <= 0x100000);
    CHECK(a.nproc >= 3);                /* init, the runner, this test */
    CHECK(a.nproc <= 64);
    CHECK(a.nfile >= 1);

    int p[2];
    SYS(pipe(p));
    struct meminfo b = mem();
    CHECK(b.nfile >= a.nfile + 1);      /* a pipe is at least one open file */
    int d = (int)SYS(dup(p[0]));
    struct meminfo c = mem();
    CHECK_EQ(c.nfile, b.nfile);         /* dup shares the open file */
    close(d);

    pid_t pid = spawn(block_until_eof, p[0] | (p[1] << 8));
    struct meminfo with_child = mem();
    CHECK_EQ(with_child.nproc, a.nproc + 1);
    CHECK(with_child.free_pages < c.free_pages);
    close(p[1]);
    expect_exit(pid, 0);
    close(p[0]);
    struct meminfo after_child = mem();
    CHECK_EQ(after_child.nproc, a.nproc);
    CHECK_EQ(after_child.nfile, a.nfile);

    char *edge = heap_edge();
    struct meminfo before_grow = mem();
    CHECK((char *)sbrk(64 * PAGE) == edge);
    memset(edge, 1, 64 * PAGE);
    struct meminfo grown = mem();
    if (grown.free_pages + 64 > before_grow.free_pages)
        FAIL("sbrk of 64 pages took only %ld free pages",
             (long)before_grow.free_pages - (long)grown.free_pages);
    sbrk(-64 * (intptr_t)PAGE);
    struct meminfo shrunk = mem();
    if (shrunk.free_pages + 2 < before_grow.free_pages)
        FAIL("after shrinking, %ld of 64 pages were not returned",
             (long)before_grow.free_pages - (long)shrunk.free_pages);
#endif
}

#ifdef __shmos__
static const struct procinfo *find_proc(const struct procinfo *ps, int n, pid_t pid)
{
    for (int i = 0; i < n; i++)
        if (ps[i].pid == pid)
            return &ps[i];
    return NULL;
}
#endif

/* getprocs shows this process, init, a sleeping child and a zombie child
 * with the right parents, groups and states. */
static void t_getprocs(long arg)
{
    (void)arg;
#ifdef __shmos__
    static struct procinfo ps[72];
    int p[2];
    SYS(pipe(p));
    pid_t sleeper = spawn(block_until_eof, p[0] | (p[1] << 8));
    pid_t zombie = (pid_t)SYS(fork());
    if (zombie == 0)
        _exit(0);
    sleep_ms(100);
    int n = (int)SYS(getprocs(ps, 72));
    CHECK(n >= 5 && n <= 64);
    const struct procinfo *me = find_proc(ps, n, getpid());
    CHECK(me != NULL);
    CHECK_EQ(me->ppid, getppid());
    CHECK_EQ(me->pgid, getpgrp());
    CHECK_EQ(me->state, PS_RUNNING);
    CHECK(me->pages > 0);
    if (strncmp(me->name, "tests", PROC_NAME_MAX) != 0)
        FAIL("my name is \"%.16s\", expected \"tests\"", me->name);
    const struct procinfo *init = find_proc(ps, n, 1);
    CHECK(init != NULL);
    CHECK(strncmp(init->name, "init", PROC_NAME_MAX) == 0);
    const struct procinfo *s = find_proc(ps, n, sleeper);
    CHECK(s != NULL);
    CHECK_EQ(s->ppid, getpid());
    CHECK_EQ(s->state, PS_SLEEPING);
    const struct procinfo *z = find_proc(ps, n, zombie);
    CHECK(z != NULL);
    CHECK_EQ(z->state, PS_ZOMBIE);
    for (int i = 0; i < n; i++) {
        CHECK(ps[i].pid > 0);
        CHECK(memchr(ps[i].name, '\0', PROC_NAME_MAX) != NULL);
        for (int j = 0; j < i; j++)
            CHECK(ps[i].pid != ps[j].pid);
    }
    expect_exit(zombie, 0);
    close(p[1]);
    expect_exit(sleeper, 0);
    close(p[0]);
    n = (int)SYS(getprocs(ps, 72));
    CHECK(find_proc(ps, n, zombie) == NULL);
    CHECK(find_proc(ps, n, sleeper) == NULL);
#endif
}

/* getprocs never writes more than max records. */
static void t_getprocs_max(long arg)
{
    (void)arg;
#ifdef __shmos__
    static struct procinfo ps[3];
    memset(ps, 0x77, sizeof ps);
    CHECK_EQ(getprocs(ps, 1), 1);
    const unsigned char *guard = (const unsigned char *)&ps[1];
    for (size_t i = 0; i < 2 * sizeof ps[0]; i++)
        if (guard[i] != 0x77)
            FAIL("getprocs(buf, 1) wrote past the first record (byte %zu)", i);
    CHECK_EQ(getprocs(ps, 0), 0);
#endif
}

static void t_sysinfo_efault(long arg)
{
    (void)arg;
#ifdef __shmos__
    void *text = opaque((void *)(uintptr_t)&t_sysinfo_efault);
    EXPECT_ERR(meminfo(NULLPTR), EFAULT);
    EXPECT_ERR(meminfo(KADDR(0xC0000000u)), EFAULT);
    EXPECT_ERR(meminfo(text), EFAULT);
    EXPECT_ERR(meminfo((void *)(heap_edge() - 8)), EFAULT);
    EXPECT_ERR(getprocs(NULLPTR, 10), EFAULT);
    EXPECT_ERR(getprocs(KADDR(0xC0000000u), 10), EFAULT);
    EXPECT_ERR(getprocs(text, 10), EFAULT);
    int fd = (int)SYS(open("/bin", O_RDONLY));
    EXPECT_ERR(getdents(fd, NULLPTR, 512), EFAULT);
    EXPECT_ERR(getdents(fd, KADDR(0xC0000000u), 512), EFAULT);
    EXPECT_ERR(getdents(fd, text, 512), EFAULT);
    close(fd);
#endif
}

/* Issue system call nr with no arguments; returns the raw result (shmos:
 * -errno) or, on Linux, -errno computed from syscall(). */
static long raw_syscall(long nr)
{
#ifdef __shmos__
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
    return ret;
#else
    long r = syscall(nr);
    return r == -1 ? -errno : r;
#endif
}

/* Numbers outside the table, including negative ones (a signed bounds
 * check would index before the table), give ENOSYS. */
static void t_unknown_syscall(long arg)
{
    (void)arg;
#ifdef __shmos__
    static const long nrs[] = { 0, 999, 4096, 0x7fffffff, -1, (long)0x80000000u, -200 };
#else
    static const long nrs[] = { 999, 4096, 0x7fffffff, -1, -200 };
#endif
    for (size_t i = 0; i < sizeof nrs / sizeof nrs[0]; i++) {
        long r = raw_syscall(nrs[i]);
        if (r != -ENOSYS)
            FAIL("system call %ld returned %ld, expected -ENOSYS", nrs[i], r);
    }
}

static const struct test tests[] = {
    { "meminfo: sane values following fork, pipe, dup and sbrk", t_meminfo, 0, 0, 0,
      SHMOS_ONLY("meminfo is a shmos call") },
    { "getprocs: self, init, a sleeping and a zombie child", t_getprocs, 0, 0, 0,
      SHMOS_ONLY("getprocs is a shmos call") },
    { "getprocs: writes at most max records", t_getprocs_max, 0, 0, 0,
      SHMOS_ONLY("getprocs is a shmos call") },
    { "efault: meminfo, getprocs, getdents into bad pointers", t_sysinfo_efault, 0, 0, 0,
      SHMOS_ONLY("meminfo, getprocs and getdents are shmos calls") },
    { "syscall: unknown and negative numbers give ENOSYS", t_unknown_syscall, 0, 0, 0, NULL },
};
TEST_GROUP(90, tests);
