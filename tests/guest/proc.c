/* Process tests: fork/exit/waitpid, pids, orphans, the process table limit,
 * kill and process groups. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tests.h"

/* 125 children in batches of 25 (the table holds 64), each exiting with its
 * own code; half reaped with waitpid(-1), half by pid in reverse order. */
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

/* Fork until the process table is full: EAGAIN, no panic; after the
 * children exit, fork works again. */
static void t_fork_table_full(long arg)
{
    (void)arg;
    enum { MAX = 128 };
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
    CHECK_EQ(err, EAGAIN);
    CHECK(count >= 32);
    pid_t again = (pid_t)SYS(fork());
    if (again == 0)
        _exit(3);
    expect_exit(again, 3);
}

/* Fork a child that announces itself on ready then runs body. */
static pid_t start_ready_child(void (*body)(long), long arg)
{
    int ready[2];
    SYS(pipe(ready));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(ready[0]);
        write_all(ready[1], "r", 1);
        close(ready[1]);
        body(arg);
        _exit(0);
    }
    close(ready[1]);
    char c;
    read_exact(ready[0], &c, 1);
    close(ready[0]);
    return pid;
}

static void body_sleep(long ms)
{
    sleep_ms(ms);
}

/* fds packs a pipe: read end in the low byte, write end above it. The
 * write end is closed so that EOF arrives when the parent closes its own. */
static void body_block_on_pipe(long fds)
{
    char c;
    close((int)(fds >> 8));
    while (read((int)(fds & 0xff), &c, 1) > 0)
        ;
}

static void body_spin(long arg)
{
    (void)arg;
    volatile unsigned long n = 0;
    for (;;)
        n++;
}

/* kill(pid, SIGKILL) ends a child sleeping in nanosleep, promptly. */
static void t_kill_sleeping(long arg)
{
    (void)arg;
    pid_t pid = start_ready_child(body_sleep, 20000);
    sleep_ms(20);
    uint64_t t0 = now_ns();
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    uint64_t ms = (now_ns() - t0) / 1000000;
    if (ms > 5000)
        FAIL("the killed sleeper took %lu ms to die", (unsigned long)ms);
}

/* kill(pid, SIGKILL) ends a child blocked reading an empty pipe. */
static void t_kill_blocked_reader(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t pid = start_ready_child(body_block_on_pipe, p[0] | (p[1] << 8));
    sleep_ms(20);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    close(p[0]);
    close(p[1]);
}

/* kill(pid, SIGTERM) ends a CPU-bound child; the status names SIGTERM. */
static void t_kill_spinning(long arg)
{
    (void)arg;
    pid_t pid = start_ready_child(body_spin, 0);
    sleep_ms(20);
    SYS(kill(pid, SIGTERM));
    expect_killed(pid, SIGTERM);
}

static void t_kill_bad_pid(long arg)
{
    (void)arg;
    EXPECT_ERR(kill(0x7ffffff0, SIGKILL), ESRCH);
    EXPECT_ERR(kill(0x3fffffff, SIGTERM), ESRCH);
    EXPECT_ERR(kill(0x7ffffff0, 0), ESRCH);
}

/* Signal 0 only checks that the target exists; a bad signal number is
 * EINVAL and neither kills the target. */
static void t_kill_probe_and_bad_signal(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t pid = start_ready_child(body_block_on_pipe, p[0] | (p[1] << 8));
    CHECK_EQ(kill(pid, 0), 0);
    EXPECT_ERR(kill(pid, 999), EINVAL);
    EXPECT_ERR(kill(pid, -1), EINVAL);
    sleep_ms(20);
    int st;
    CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);   /* still alive */
    close(p[1]);
    expect_exit(pid, 0);
    close(p[0]);
}

#ifdef __shmos__
static volatile sig_atomic_t winches;

static void on_winch(int sig)
{
    (void)sig;
    winches++;
}
#endif

/* kill(-1, sig): every process the caller may signal but init and the
 * caller itself; 0 if it reached one. Signal 0 only checks (safe on the
 * Linux host too). The delivery half is shmos-only: on Linux it would
 * reach every process of the host's user. SIGWINCH, ignored by default,
 * leaves the processes without a handler (the runner) alone. */
static void t_kill_everyone(long arg)
{
    (void)arg;
    CHECK_EQ(kill(-1, 0), 0);
#ifdef __shmos__
    struct sigaction sa = { 0 };
    sa.sa_handler = on_winch;
    SYS(sigaction(SIGWINCH, &sa, NULL));
    int ready[2];
    SYS(pipe(ready));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {             /* inherits the handler */
        sigset_t block, none;
        sigemptyset(&block);
        sigaddset(&block, SIGWINCH);
        sigemptyset(&none);
        sigprocmask(SIG_BLOCK, &block, NULL);   /* no wake-up lost before sigsuspend */
        char c = 'r';
        write(ready[1], &c, 1);
        while (!winches)
            sigsuspend(&none);
        _exit(0);
    }
    char c;
    CHECK_EQ(read(ready[0], &c, 1), 1);
    CHECK_EQ(kill(-1, SIGWINCH), 0);
    expect_exit(pid, 0);
    CHECK_EQ(winches, 0);       /* not the caller */
    close(ready[0]);
    close(ready[1]);
#endif
}

static void t_kill_self(long arg)
{
    (void)arg;
    kill(getpid(), SIGKILL);
    sleep_ms(2000);
    FAIL("still alive after kill(getpid(), SIGKILL)");
}

static void group_leader(long fd)
{
    SYS(setpgid(0, 0));
    for (int i = 0; i < 2; i++) {
        pid_t g = (pid_t)SYS(fork());
        if (g == 0) {
            write_all((int)fd, "g", 1);
            sleep_ms(20000);
            _exit(0);
        }
    }
    write_all((int)fd, "l", 1);
    sleep_ms(20000);
}

/* kill(-pgid, sig) reaches every member of the group: the leader dies and
 * the pipe its children held reaches EOF. */
static void t_kill_group(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t leader = spawn(group_leader, p[1]);
    close(p[1]);
    setpgid(leader, leader);
    char c[3];
    read_exact(p[0], c, 3);
    SYS(kill(-leader, SIGKILL));
    expect_killed(leader, SIGKILL);
    CHECK_EQ(read(p[0], c, 1), 0);   /* both grandchildren died */
    close(p[0]);
}

static void group_report(long fd)
{
    pid_t g[2];
    g[0] = getpgrp();
    SYS(setpgid(0, 0));
    g[1] = getpgrp();
    write_all((int)fd, g, sizeof g);
}

/* A child starts in its parent's group and can lead a new one. */
static void t_process_groups(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t mine = getpgrp();
    CHECK(mine > 0);
    EXPECT_ERR(setpgid(0, 0x7ffff), EPERM);     /* no such group to join */
    pid_t child = spawn(group_report, p[1]);
    pid_t g[2];
    read_exact(p[0], g, sizeof g);
    CHECK_EQ(g[0], mine);
    CHECK_EQ(g[1], child);
    expect_exit(child, 0);
    CHECK_EQ(getpgrp(), mine);
    close(p[0]);
    close(p[1]);
}

/* Child of t_signal_ignore: inherits SIG_IGN for SIGTERM, survives one,
 * then restores the default and reports. */
static void ignore_then_default(long fds)
{
    int to_parent = (int)(fds & 0xFFFF), from_parent = (int)(fds >> 16);
    char c = 'r';
    write_all(to_parent, &c, 1);
    read_exact(from_parent, &c, 1);     /* the parent has sent SIGTERM by now */
    CHECK(signal(SIGTERM, SIG_DFL) == SIG_IGN);
    c = 's';
    write_all(to_parent, &c, 1);
    sleep_ms(20000);
}

/* signal(SIG_IGN): the signal is dropped, fork inherits it, SIG_DFL brings
 * termination back; SIGKILL cannot be ignored. */
static void t_signal_ignore(long arg)
{
    (void)arg;
    CHECK(signal(SIGTERM, SIG_IGN) == SIG_DFL);
    CHECK(signal(SIGTERM, SIG_IGN) == SIG_IGN);
    SYS(kill(getpid(), SIGTERM));
    SYS(raise(SIGTERM));
    errno = 0;
    CHECK(signal(SIGKILL, SIG_IGN) == SIG_ERR && errno == EINVAL);
    errno = 0;
    CHECK(signal(0, SIG_IGN) == SIG_ERR && errno == EINVAL);
    int up[2], down[2];
    SYS(pipe(up));
    SYS(pipe(down));
    pid_t child = spawn(ignore_then_default, up[1] | (down[0] << 16));
    char c;
    read_exact(up[0], &c, 1);
    SYS(kill(child, SIGTERM));          /* ignored by inheritance */
    write_all(down[1], &c, 1);
    read_exact(up[0], &c, 1);
    CHECK_EQ(c, 's');
    SYS(kill(child, SIGTERM));
    expect_killed(child, SIGTERM);
    close(up[0]), close(up[1]), close(down[0]), close(down[1]);
}

static void ignore_and_exec(long fd)
{
    signal(SIGTERM, SIG_IGN);
    write_all((int)fd, "x", 1);
    char *argv[] = { "sleep", "0.3", NULL };
    execv("/bin/sleep", argv);
    FAIL("exec /bin/sleep failed");
}

/* An ignored signal stays ignored across exec (POSIX). */
static void t_signal_ignore_exec(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t child = spawn(ignore_and_exec, p[1]);
    char c;
    read_exact(p[0], &c, 1);
    sleep_ms(100);
    SYS(kill(child, SIGTERM));
    expect_exit(child, 0);
    close(p[0]), close(p[1]);
}

static void sleep_long(long arg)
{
    (void)arg;
    sleep_ms(20000);
}

/* SIGCHLD's default action is to be ignored (POSIX); sigaction can read a
 * disposition without changing it; waitpid accepts WUNTRACED. */
static void t_signal_defaults(long arg)
{
    (void)arg;
    pid_t child = spawn(sleep_long, 0);
    SYS(kill(child, SIGCHLD));
    sleep_ms(100);
    int st;
    CHECK_EQ(waitpid(child, &st, WNOHANG | WUNTRACED), 0);   /* still alive */
    SYS(kill(child, SIGKILL));
    expect_killed(child, SIGKILL);
    struct sigaction old;
    SYS(sigaction(SIGTERM, NULL, &old));
    CHECK(old.sa_handler == SIG_DFL);
    SYS(sigaction(SIGTERM, NULL, &old));
    CHECK(old.sa_handler == SIG_DFL);       /* reading did not set SIG_IGN */
    CHECK(signal(SIGTERM, SIG_IGN) == SIG_DFL);
    SYS(sigaction(SIGTERM, NULL, &old));
    CHECK(old.sa_handler == SIG_IGN);
    CHECK(signal(SIGTERM, SIG_DFL) == SIG_IGN);
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
    { "kill: SIGKILL ends a child sleeping in nanosleep", t_kill_sleeping, 0, 0, 0, NULL },
    { "kill: SIGKILL ends a child blocked reading a pipe", t_kill_blocked_reader, 0, 0, 0, NULL },
    { "kill: SIGTERM ends a CPU-bound child", t_kill_spinning, 0, 0, 0, NULL },
    { "kill: a bad pid gives ESRCH", t_kill_bad_pid, 0, 0, 0, NULL },
    { "kill: signal 0 probes, a bad signal gives EINVAL, neither kills",
      t_kill_probe_and_bad_signal, 0, 0, 0, NULL },
    { "kill: a process can SIGKILL itself", t_kill_self, 0, SIGKILL, 0, NULL },
    { "kill: pid -1 reaches every process but init and the caller", t_kill_everyone, 0, 0, 0,
      NULL },
    { "kill: a negative pid kills the whole process group", t_kill_group, 0, 0, 0, NULL },
    { "setpgid/getpgrp: inherited group, a child can lead its own", t_process_groups, 0, 0, 0, NULL },
    { "fork: the child starts with the parent's FPU/SSE state", t_fork_fpu_state, 0, 0, 0, NULL },
    { "system calls made with DF set copy forward (no corruption)", t_syscalls_with_df, 0, 0, 0,
      SHMOS_ONLY("uses shmos's int $0x80 directly") },
    { "signal: SIG_IGN drops a signal, fork inherits it, SIG_DFL restores",
      t_signal_ignore, 0, 0, 0, NULL },
    { "signal: an ignored signal stays ignored across exec", t_signal_ignore_exec, 0, 0, 0, NULL },
    { "signal: SIGCHLD ignored by default, sigaction reads, WUNTRACED accepted",
      t_signal_defaults, 0, 0, 0, NULL },
};
TEST_GROUP(10, tests);
