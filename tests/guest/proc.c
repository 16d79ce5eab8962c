/* Process tests: fork/exit/waitpid, pids, orphans, the process table limit,
 * the FPU state at fork, system calls with DF set (kill and groups: kill.c). */
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tests.h"

/* 125 children in batches of 25, each exiting with its own code; half
 * reaped with waitpid(-1), half by pid in reverse order. */
static void t_fork_many(long arg)
{
    (void)arg;
    enum { TOTAL = 125, BATCH = 25 };
    for (int base = 0; base < TOTAL; base += BATCH) {
        pid_t pids[BATCH];
        int seen[BATCH] = { 0 };
        for (int i = 0; i < BATCH; i++) {
            pid_t pid = (pid_t)SYS(fork());
            if (pid == 0)
                _exit(base + i + 1);
            for (int j = 0; j < i; j++)
                if (pids[j] == pid)
                    FAIL("fork returned pid %d twice in one batch", (int)pid);
            CHECK(pid != getpid());
            pids[i] = pid;
        }
        for (int k = 0; k < BATCH / 2; k++) {
            int st = 0;
            pid_t r = waitpid(-1, &st, 0);
            int j = 0;
            while (j < BATCH && pids[j] != r)
                j++;
            if (j == BATCH)
                FAIL("waitpid(-1) returned %d, not one of my children (errno %s)",
                     (int)r, errname(errno));
            if (seen[j])
                FAIL("waitpid(-1) returned pid %d twice", (int)r);
            seen[j] = 1;
            CHECK(WIFEXITED(st));
            CHECK_EQ(WEXITSTATUS(st), base + j + 1);
        }
        for (int j = BATCH - 1; j >= 0; j--)
            if (!seen[j])
                expect_exit(pids[j], base + j + 1);
    }
    EXPECT_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
}

static void sleep_then_exit(long code)
{
    sleep_ms(150);
    _exit((int)code);
}

/* One worker of t_fork_storm: n sequential fork/exit/wait rounds. */
static void fork_rounds(long n)
{
    for (int i = 0; i < n; i++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0)
            _exit(i & 0x7f);
        expect_exit(pid, i & 0x7f);
    }
}

/* Four processes forking, exiting and reaping at the same time, on every
 * CPU: the process table, pids and wait statuses must not get mixed up. */
static void t_fork_storm(long arg)
{
    (void)arg;
    pid_t workers[4];
    for (int i = 0; i < 4; i++)
        workers[i] = spawn(fork_rounds, 100);
    for (int i = 0; i < 4; i++)
        expect_exit(workers[i], 0);
}

/* waitpid(pid) must wait for that child even when another one is already a zombie. */
static void t_waitpid_specific(long arg)
{
    (void)arg;
    pid_t slow = spawn(sleep_then_exit, 11);
    int p[2];
    SYS(pipe(p));
    pid_t fast = (pid_t)SYS(fork());
    if (fast == 0)
        _exit(22);
    close(p[1]);
    char c;
    CHECK_EQ(read(p[0], &c, 1), 0);     /* EOF: fast is exiting */
    close(p[0]);
    sleep_ms(30);                       /* and by now a zombie */
    int st = 0;
    CHECK_EQ(waitpid(slow, &st, 0), slow);
    CHECK(WIFEXITED(st));
    CHECK_EQ(WEXITSTATUS(st), 11);
    CHECK_EQ(waitpid(-1, &st, 0), fast);
    CHECK(WIFEXITED(st));
    CHECK_EQ(WEXITSTATUS(st), 22);
}

/* WNOHANG returns 0 while a child is alive, and the child is reaped later. */
static void t_waitpid_wnohang(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[1]);
        char c;
        _exit(read(p[0], &c, 1) == 0 ? 5 : 6);
    }
    close(p[0]);
    int st = 0;
    CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
    CHECK_EQ(waitpid(-1, &st, WNOHANG), 0);
    sleep_ms(20);
    CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
    close(p[1]);
    expect_exit(pid, 5);
}

static void report_grandchild(long fd)
{
    pid_t g = (pid_t)SYS(fork());
    if (g == 0)
        _exit(0);
    write_all((int)fd, &g, sizeof g);
    expect_exit(g, 0);
}

/* ECHILD without children, for non-children, and for reaped children. */
static void t_waitpid_echild(long arg)
{
    (void)arg;
    int st;
    EXPECT_ERR(waitpid(-1, &st, 0), ECHILD);
    EXPECT_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
    EXPECT_ERR(waitpid(getppid(), &st, 0), ECHILD);
    EXPECT_ERR(waitpid(getpid(), &st, 0), ECHILD);

    int p[2];
    SYS(pipe(p));
    pid_t child = spawn(report_grandchild, p[1]);
    pid_t grandchild;
    read_exact(p[0], &grandchild, sizeof grandchild);
    EXPECT_ERR(waitpid(grandchild, &st, 0), ECHILD);
    expect_exit(child, 0);
    EXPECT_ERR(waitpid(child, &st, 0), ECHILD);
    close(p[0]);
    close(p[1]);
}

/* _exit keeps only the low 8 bits of the status. */
static void t_exit_codes(long arg)
{
    (void)arg;
    static const int codes[][2] = { { 0, 0 }, { 1, 1 }, { 255, 255 }, { 256, 0 },
                                    { -1, 255 }, { 0x1234, 0x34 } };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0)
            _exit(codes[i][0]);
        expect_exit(pid, codes[i][1]);
    }
}

static void report_ids(long fd)
{
    pid_t ids[3] = { getpid(), getppid(), getpid() };
    write_all((int)fd, ids, sizeof ids);
}

/* The child's getpid() is what fork returned, its getppid() is the parent,
 * and ten children get ten distinct pids. */
static void t_getpid_getppid(long arg)
{
    (void)arg;
    pid_t me = getpid();
    CHECK(me > 0);
    CHECK_EQ(getpid(), me);
    CHECK(getppid() > 0);
    CHECK(getppid() != me);
    int p[2];
    SYS(pipe(p));
    pid_t kids[10];
    for (int i = 0; i < 10; i++) {
        kids[i] = spawn(report_ids, p[1]);
        pid_t ids[3];
        read_exact(p[0], ids, sizeof ids);
        CHECK_EQ(ids[0], kids[i]);
        CHECK_EQ(ids[2], kids[i]);
        CHECK_EQ(ids[1], me);
        CHECK(kids[i] != me);
        for (int j = 0; j < i; j++)
            CHECK(kids[j] != kids[i]);
    }
    for (int i = 0; i < 10; i++)
        expect_exit(kids[i], 0);
    close(p[0]);
    close(p[1]);
}

struct orphan_report {
    pid_t before;      /* getppid() while the parent was alive */
    pid_t after;       /* getppid() after the parent exited */
    int waited_ms;
};

/* A child forks a grandchild and exits; the grandchild must be handed to
 * init (pid 1) promptly and say so through a pipe. */
static void t_orphan_reparent(long arg)
{
    (void)arg;
    int result[2], ready[2];
    SYS(pipe(result));
    SYS(pipe(ready));
    pid_t child = (pid_t)SYS(fork());
    if (child == 0) {
        pid_t g = (pid_t)SYS(fork());
        if (g == 0) {
            struct orphan_report rep = { getppid(), 0, 0 };
            write_all(ready[1], "r", 1);
            for (rep.waited_ms = 0; rep.waited_ms < 5000; rep.waited_ms += 5) {
                rep.after = getppid();
#ifdef __shmos__
                if (rep.after == 1)
                    break;
#else
                if (rep.after != rep.before)
                    break;
#endif
                sleep_ms(5);
            }
            write_all(result[1], &rep, sizeof rep);
            _exit(0);
        }
        char c;
        read_exact(ready[0], &c, 1);
        _exit(0);
    }
    close(result[1]);
    close(ready[1]);
    expect_exit(child, 0);
    struct orphan_report rep;
    read_exact(result[0], &rep, sizeof rep);
    diag("grandchild saw ppid %d, then %d after %d ms", (int)rep.before, (int)rep.after,
         rep.waited_ms);
    CHECK_EQ(rep.before, child);
#ifdef __shmos__
    CHECK_EQ(rep.after, 1);
#else
    CHECK(rep.after != child);   /* Linux may hand orphans to a subreaper */
#endif
    close(result[0]);
    close(ready[0]);
}

/* Fork until the process table (1024 slots) is full: EAGAIN, or ENOMEM if
 * memory runs out first (it does with 128 MiB: each child's stack and
 * copies-to-be are promised, over 1 MiB), no panic; after the children
 * exit, fork works again. (Threads of control fill the table: ptable.c.) */
static void t_fork_table_full(long arg)
{
    (void)arg;
    enum { MAX = 1100 };
    pid_t pids[MAX];
    int hold[2];
    SYS(pipe(hold));
    int count = 0, err = 0;
    for (;;) {
        pid_t pid = fork();
        if (pid == 0) {
            char c;
            close(hold[1]);
            _exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
        }
        if (pid < 0) {
            err = errno;
            break;
        }
        pids[count++] = pid;
        if (count == MAX)
            break;
    }
    close(hold[1]);
    close(hold[0]);
    for (int i = 0; i < count; i++)
        expect_exit(pids[i], 0);
    diag("%d children forked before fork failed with %s", count, errname(err));
    CHECK(count < MAX);
    if (err != EAGAIN && err != ENOMEM)
        FAIL("fork failed with %s, expected EAGAIN (or ENOMEM)", errname(err));
    CHECK(count >= (err == EAGAIN ? 1000 : 32));
    pid_t again = (pid_t)SYS(fork());
    if (again == 0)
        _exit(3);
    expect_exit(again, 3);
}

static unsigned read_mxcsr(void)
{
    unsigned v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void write_mxcsr(unsigned v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

/* A child starts with the floating-point state its parent had at fork,
 * even when the parent changes its own registers before the child runs. */
static void t_fork_fpu_state(long arg)
{
    (void)arg;
    unsigned base = read_mxcsr() & ~0x6000u;        /* rounding control: bits 13-14 */
    write_mxcsr(base | 0x6000u);                    /* round toward zero */
    volatile double x = 1.0;
    x /= 3.0;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit((read_mxcsr() & 0x6000u) == 0x6000u && x > 0.333 && x < 0.334 ? 0 : 1);
    write_mxcsr(base | 0x2000u);                    /* round down, before the child runs */
    expect_exit(pid, 0);
    write_mxcsr(base);
}

#ifdef __shmos__
#include "syscall_nr.h"

/* A system call made with DF set (the kernel must not copy backwards). */
static long syscall3_df(long nr, long a, long b, long c)
{
    long r;
    __asm__ volatile("std\n\tint $0x80\n\tcld"
                     : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory", "cc");
    return r;
}
#endif

/* The direction flag is the user's: with DF set, read() still fills
 * exactly its buffer and sbrk still hands out zeroed pages. */
static void t_syscalls_with_df(long arg)
{
    (void)arg;
#ifdef __shmos__
    char buf[64];
    memset(buf, 'x', sizeof buf);
    int p[2];
    SYS(pipe(p));
    write_all(p[1], "abcdefgh", 8);
    CHECK_EQ(syscall3_df(SYS_read, p[0], (long)(buf + 16), 8), 8);
    for (int i = 0; i < 64; i++)
        if (buf[i] != ((i >= 16 && i < 24) ? "abcdefgh"[i - 16] : 'x'))
            FAIL("byte %d is '%c' after a read with DF set", i, buf[i]);
    for (int round = 0; round < 16; round++) {
        long old = syscall3_df(SYS_sbrk, 4096, 0, 0);
        CHECK(old > 0);
        const char *page = (const char *)old;
        for (int i = 0; i < 4096; i++)
            if (page[i] != 0)
                FAIL("byte %d of a fresh heap page is 0x%x", i, (unsigned char)page[i]);
    }
    close(p[0]);
    close(p[1]);
#endif
}

static const struct test tests[] = {
    { "fork: 125 children exit with distinct codes", t_fork_many, 0, 0, 60, NULL },
    { "fork: 4 processes fork/exit/wait 100 times concurrently", t_fork_storm, 0, 0, 120, NULL },
    { "waitpid: a specific pid while another child is a zombie", t_waitpid_specific, 0, 0, 0, NULL },
    { "waitpid: WNOHANG returns 0 while the child runs", t_waitpid_wnohang, 0, 0, 0, NULL },
    { "waitpid: ECHILD without children, for grandchildren and reaped children",
      t_waitpid_echild, 0, 0, 0, NULL },
    { "exit: the status keeps the low 8 bits", t_exit_codes, 0, 0, 0, NULL },
    { "getpid/getppid: consistent across fork, distinct pids", t_getpid_getppid, 0, 0, 0, NULL },
    { "orphan: grandchild is reparented to init", t_orphan_reparent, 0, 0, 0, NULL },
    { "fork: full process table gives EAGAIN, then recovers", t_fork_table_full, 0, 0, 90,
      SHMOS_ONLY("the process table limit is shmos's (Linux ignores RLIMIT_NPROC for root)") },
    { "fork: the child starts with the parent's FPU/SSE state", t_fork_fpu_state, 0, 0, 0, NULL },
    { "system calls made with DF set copy forward (no corruption)", t_syscalls_with_df, 0, 0, 0,
      SHMOS_ONLY("uses shmos's int $0x80 directly") },
};
TEST_GROUP(10, tests);
