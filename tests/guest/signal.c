/* Signals with handlers: sigaction and signal, masks, sigpending,
 * sigsuspend, EINTR against SA_RESTART, nesting, SA_NODEFER and
 * SA_RESETHAND, SIGCHLD, alarm, exec and fork, delivery to a running
 * process. Faults and the frame are in signal_frame.c. Portable: the same
 * tests run on Linux. */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#include "sig_util.h"

static void t_handler_runs(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    SYS(kill(getpid(), SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 2);
    /* signal() installs a handler too, and reports the old one. */
    CHECK(signal(SIGUSR2, count) == SIG_DFL);
    CHECK(signal(SIGUSR2, count) == count);
    SYS(raise(SIGUSR2));
    CHECK_EQ(hits[SIGUSR2], 1);
    struct sigaction old;
    SYS(sigaction(SIGUSR1, NULL, &old));
    CHECK(old.sa_handler == count);
    EXPECT_ERR(sigaction(SIGKILL, &old, NULL), EINVAL);
    EXPECT_ERR(sigaction(SIGSTOP, &old, NULL), EINVAL);
    EXPECT_ERR(sigaction(0, &old, NULL), EINVAL);
    EXPECT_ERR(sigaction(NSIG + 40, NULL, &old), EINVAL);
}

static void t_siginfo(long arg)
{
    (void)arg;
    on_info(SIGUSR1, 0);
    SYS(kill(getpid(), SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    CHECK_EQ(last_code, SI_USER);
    CHECK_EQ(last_pid, getpid());
}

static void t_mask_pending(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    block(SIG_BLOCK, SIGUSR1);
    SYS(raise(SIGUSR1));
    SYS(raise(SIGUSR1));        /* standard signals do not queue */
    CHECK_EQ(hits[SIGUSR1], 0);
    sigset_t p;
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGUSR1), 1);
    CHECK_EQ(sigismember(&p, SIGUSR2), 0);
    /* SIGKILL cannot be blocked: it does not show in the mask. */
    sigset_t all, now;
    sigfillset(&all);
    SYS(sigprocmask(SIG_BLOCK, &all, &now));
    SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK_EQ(sigismember(&now, SIGKILL), 0);
    CHECK_EQ(sigismember(&now, SIGTERM), 1);
    sigemptyset(&all);
    SYS(sigprocmask(SIG_SETMASK, &all, NULL));     /* delivered before it returns */
    CHECK_EQ(hits[SIGUSR1], 1);
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGUSR1), 0);
    EXPECT_ERR(sigprocmask(99, &all, NULL), EINVAL);
}

/* A blocked deadly signal stays pending, and kills once unblocked. */
static void t_blocked_deadly(long arg)
{
    (void)arg;
    block(SIG_BLOCK, SIGTERM);
    SYS(raise(SIGTERM));
    sigset_t p;
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGTERM), 1);
    block(SIG_UNBLOCK, SIGTERM);
    FAIL("survived an unblocked SIGTERM");
}

/* Ignoring a pending signal discards it. */
static void t_ignore_discards(long arg)
{
    (void)arg;
    block(SIG_BLOCK, SIGUSR1);
    SYS(raise(SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    sigset_t p;
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGUSR1), 0);
    block(SIG_UNBLOCK, SIGUSR1);
}

static void t_sigsuspend(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    block(SIG_BLOCK, SIGUSR1);
    pid_t parent = getpid();
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        kill(parent, SIGUSR1);
        _exit(0);
    }
    sigset_t none;
    sigemptyset(&none);
    EXPECT_ERR(sigsuspend(&none), EINTR);
    CHECK_EQ(hits[SIGUSR1], 1);
    sigset_t now;
    SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK_EQ(sigismember(&now, SIGUSR1), 1);       /* the old mask is back */
    int st;
    SYS(waitpid(pid, &st, 0));
}

/* A child that sends SIGUSR1 to its parent every 20 ms, n times, then
 * writes "x" to fd (if fd >= 0). */
static pid_t pester(int n, int fd)
{
    pid_t parent = getpid();
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        for (int i = 0; i < n; i++) {
            sleep_ms(20);
            if (kill(parent, SIGUSR1) < 0)
                _exit(0);
        }
        if (fd >= 0 && write(fd, "x", 1) != 1)
            _exit(1);
        _exit(0);
    }
    return pid;
}

static void t_eintr_pipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    on(SIGUSR1, count, 0);
    pid_t pid = pester(1000, -1);
    char c;
    EXPECT_ERR(read(p[0], &c, 1), EINTR);
    CHECK(hits[SIGUSR1] >= 1);
    kill(pid, SIGKILL);
    SYS(waitpid(pid, NULL, 0));
}

static void t_restart_pipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    on(SIGUSR1, count, SA_RESTART);
    pid_t pid = pester(5, p[1]);
    char c = 0;
    CHECK_EQ(read(p[0], &c, 1), 1);     /* never EINTR: restarted after each handler */
    CHECK_EQ(c, 'x');
    CHECK_EQ(hits[SIGUSR1], 5);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

/* waitpid restarts under SA_RESTART and fails with EINTR without. */
static void t_wait_restart(long arg)
{
    int flags = arg ? SA_RESTART : 0;
    on(SIGUSR1, count, flags);
    int p[2];
    SYS(pipe(p));
    pid_t pid = pester(5, -1);
    int st;
    if (arg) {
        CHECK_EQ(waitpid(pid, &st, 0), pid);
        CHECK_EQ(hits[SIGUSR1], 5);
    } else {
        EXPECT_ERR(waitpid(pid, &st, 0), EINTR);
        SYS(kill(pid, SIGKILL));
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
}

/* nanosleep and pause fail with EINTR even under SA_RESTART. */
static void t_sleep_eintr(long arg)
{
    (void)arg;
    on(SIGUSR1, count, SA_RESTART);
    pid_t pid = pester(1000, -1);
    struct timespec ts = { 30, 0 }, rem;
    EXPECT_ERR(nanosleep(&ts, &rem), EINTR);
    CHECK(rem.tv_sec <= 30);
    EXPECT_ERR(pause(), EINTR);
    kill(pid, SIGKILL);
    SYS(waitpid(pid, NULL, 0));
}

static void usr1_raises_usr2(int sig)
{
    count(sig);
    raise(SIGUSR2);                     /* runs now: nested */
    count(sig);
}

static void t_nested(long arg)
{
    (void)arg;
    on(SIGUSR2, count, 0);
    on(SIGUSR1, usr1_raises_usr2, 0);
    SYS(raise(SIGUSR1));
    CHECK_EQ(norder, 3);
    CHECK_EQ(order[0], SIGUSR1);
    CHECK_EQ(order[1], SIGUSR2);
    CHECK_EQ(order[2], SIGUSR1);
}

static void reraise(int sig)
{
    count(sig);
    if (hits[sig] == 1)
        raise(sig);                     /* nested with SA_NODEFER, else after this returns */
    count(-sig > 0 ? 0 : 0);
}

static void t_nodefer(long arg)
{
    on(SIGUSR1, reraise, arg ? SA_NODEFER : 0);
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 2);
    CHECK_EQ(norder, 4);
    /* order: with NODEFER USR1 USR1 0 0 (nested), without USR1 0 USR1 0. */
    CHECK_EQ(order[1], arg ? SIGUSR1 : 0);
    CHECK_EQ(order[2], arg ? 0 : SIGUSR1);
}

/* sa_mask is blocked while the handler runs. */
static void usr1_checks_mask(int sig)
{
    count(sig);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    if (!sigismember(&now, SIGUSR2) || !sigismember(&now, SIGUSR1))
        _exit(5);
    raise(SIGUSR2);                     /* held until the handler returns */
    if (hits[SIGUSR2])
        _exit(6);
}

static void t_sa_mask(long arg)
{
    (void)arg;
    on(SIGUSR2, count, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = usr1_checks_mask;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    SYS(sigaction(SIGUSR1, &sa, NULL));
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    CHECK_EQ(hits[SIGUSR2], 1);
    sigset_t now;
    SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK_EQ(sigismember(&now, SIGUSR2), 0);
}

static void t_resethand(long arg)
{
    (void)arg;
    on(SIGUSR1, count, SA_RESETHAND);
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    struct sigaction old;
    SYS(sigaction(SIGUSR1, NULL, &old));
    CHECK(old.sa_handler == SIG_DFL);
    SYS(raise(SIGUSR1));                /* now deadly */
    FAIL("survived SIGUSR1 after SA_RESETHAND");
}

static void t_sigchld(long arg)
{
    (void)arg;
    on_info(SIGCHLD, 0);
    block(SIG_BLOCK, SIGCHLD);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(7);
    sigset_t none;
    sigemptyset(&none);
    while (!hits[SIGCHLD])
        sigsuspend(&none);
    CHECK_EQ(last_code, CLD_EXITED);
    CHECK_EQ(last_pid, pid);
    CHECK_EQ(last_status, 7);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
    /* Killed: CLD_KILLED with the signal. */
    hits[SIGCHLD] = 0;
    pid = (pid_t)SYS(fork());
    if (pid == 0) {
        for (;;)
            pause();
    }
    SYS(kill(pid, SIGTERM));
    while (!hits[SIGCHLD])
        sigsuspend(&none);
    CHECK_EQ(last_code, CLD_KILLED);
    CHECK_EQ(last_status, SIGTERM);
    SYS(waitpid(pid, &st, 0));
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
}

/* SIGCHLD by default does nothing: a sleeping parent is not woken. */
static void t_sigchld_default(long arg)
{
    (void)arg;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(0);
    sleep_ms(100);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

static void t_alarm(long arg)
{
    (void)arg;
    on(SIGALRM, count, 0);
    CHECK_EQ(alarm(1), 0);
    EXPECT_ERR(pause(), EINTR);
    CHECK_EQ(hits[SIGALRM], 1);
    CHECK_EQ(alarm(100), 0);
    unsigned left = alarm(0);           /* cancelled: the remaining time */
    CHECK(left >= 99 && left <= 100);
    CHECK_EQ(alarm(0), 0);
}

/* An alarm ends a blocking read too (EINTR without SA_RESTART). */
static void t_alarm_read(long arg)
{
    (void)arg;
    on(SIGALRM, count, 0);
    int p[2];
    SYS(pipe(p));
    alarm(1);
    char c;
    EXPECT_ERR(read(p[0], &c, 1), EINTR);
    CHECK_EQ(hits[SIGALRM], 1);
}

/* Without a handler, SIGALRM kills. */
static void t_alarm_kills(long arg)
{
    (void)arg;
    alarm(1);
    for (;;)
        pause();
}

/* exec: the handler goes back to SIG_DFL, SIG_IGN stays. */
static void t_exec_resets(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    signal(SIGUSR2, SIG_IGN);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        char *argv[] = { "sh", "-c", "kill -USR2 $$; kill -USR1 $$; exit 3", NULL };
        execv("/bin/sh", argv);
        _exit(99);
    }
    int st;
    SYS(waitpid(pid, &st, 0));
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGUSR1)
        FAIL("status 0x%x, expected death by SIGUSR1", st);
}

/* fork: handlers and mask are inherited, pending signals are not. */
static void t_fork_inherits(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    block(SIG_BLOCK, SIGUSR2);
    SYS(raise(SIGUSR2));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        sigset_t p, m;
        sigpending(&p);
        sigprocmask(SIG_BLOCK, NULL, &m);
        if (sigismember(&p, SIGUSR2) || !sigismember(&m, SIGUSR2))
            _exit(1);
        raise(SIGUSR1);
        _exit(hits[SIGUSR1] == 1 ? 0 : 2);
    }
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
    signal(SIGUSR2, SIG_IGN);
}

/* A child spinning in user mode takes a signal sent from another process
 * (on another CPU when there are several). */
static volatile int stop_spinning;
static void stop_handler(int sig)
{
    (void)sig;
    stop_spinning = 1;
}

static void t_deliver_running(long arg)
{
    (void)arg;
    for (int round = 0; round < 4; round++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            on(SIGUSR1, stop_handler, 0);
            while (!stop_spinning)
                ;
            _exit(0);
        }
        sleep_ms(30);
        int st;
        /* the handler may not be installed yet: keep sending */
        for (;;) {
            SYS(kill(pid, SIGUSR1));
            sleep_ms(20);
            pid_t r = waitpid(pid, &st, WNOHANG);
            if (r == pid)
                break;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            FAIL("round %d: status 0x%x", round, st);
    }
}

static const struct test tests[] = {
    { "signal: a handler runs for raise and kill; signal() installs one", t_handler_runs, 0, 0, 0, NULL },
    { "signal: SA_SIGINFO gets si_signo, si_code SI_USER, si_pid", t_siginfo, 0, 0, 0, NULL },
    { "signal: a blocked signal stays pending, runs once when unblocked", t_mask_pending, 0, 0, 0, NULL },
    { "signal: a blocked deadly signal kills when unblocked", t_blocked_deadly, 0, SIGTERM, 0, NULL },
    { "signal: ignoring a pending signal discards it", t_ignore_discards, 0, 0, 0, NULL },
    { "signal: sigsuspend waits with its mask, EINTR, old mask back", t_sigsuspend, 0, 0, 0, NULL },
    { "signal: a pipe read interrupted by a handler fails with EINTR", t_eintr_pipe, 0, 0, 60, NULL },
    { "signal: under SA_RESTART the pipe read restarts", t_restart_pipe, 0, 0, 60, NULL },
    { "signal: waitpid interrupted without SA_RESTART: EINTR", t_wait_restart, 0, 0, 60, NULL },
    { "signal: waitpid under SA_RESTART restarts", t_wait_restart, 1, 0, 60, NULL },
    { "signal: nanosleep and pause fail with EINTR even under SA_RESTART", t_sleep_eintr, 0, 0, 60, NULL },
    { "signal: a signal raised in a handler nests", t_nested, 0, 0, 0, NULL },
    { "signal: without SA_NODEFER a re-raise waits for the handler's return", t_nodefer, 0, 0, 0, NULL },
    { "signal: with SA_NODEFER a re-raise nests", t_nodefer, 1, 0, 0, NULL },
    { "signal: sa_mask is blocked while the handler runs", t_sa_mask, 0, 0, 0, NULL },
    { "signal: SA_RESETHAND: the second one is deadly", t_resethand, 0, SIGUSR1, 0, NULL },
    { "signal: SIGCHLD with si_pid, CLD_EXITED/CLD_KILLED and si_status", t_sigchld, 0, 0, 60, NULL },
    { "signal: SIGCHLD by default does nothing", t_sigchld_default, 0, 0, 0, NULL },
    { "signal: alarm ends pause with SIGALRM; alarm(0) tells the time left", t_alarm, 0, 0, 60, NULL },
    { "signal: an alarm interrupts a blocking pipe read", t_alarm_read, 0, 0, 60, NULL },
    { "signal: an alarm without a handler kills with SIGALRM", t_alarm_kills, 0, SIGALRM, 60, NULL },
    { "signal: exec resets handlers to SIG_DFL, SIG_IGN stays", t_exec_resets, 0, 0, 60, NULL },
    { "signal: fork inherits handlers and mask, not pending signals", t_fork_inherits, 0, 0, 0, NULL },
    { "signal: a process spinning in user mode takes a signal from another", t_deliver_running, 0, 0, 60, NULL },
};
TEST_GROUP(65, tests);
