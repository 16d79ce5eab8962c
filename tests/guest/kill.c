/* Kill, process groups and signal dispositions: kill of sleeping, blocked
 * and spinning processes, bad pids and signals, groups and setpgid,
 * SIG_IGN/SIG_DFL across fork and exec. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tests.h"

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

static const struct test tests[] = {
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
    { "signal: SIG_IGN drops a signal, fork inherits it, SIG_DFL restores",
      t_signal_ignore, 0, 0, 0, NULL },
    { "signal: an ignored signal stays ignored across exec", t_signal_ignore_exec, 0, 0, 0, NULL },
    { "signal: SIGCHLD ignored by default, sigaction reads, WUNTRACED accepted",
      t_signal_defaults, 0, 0, 0, NULL },
};
TEST_GROUP(12, tests);
