/* Job control: stopping and continuing (SIGSTOP, SIGTSTP, SIGTTIN,
 * SIGTTOU, SIGCONT), waitpid's WUNTRACED and WCONTINUED reports, SIGCHLD
 * on stop and continue (and SA_NOCLDSTOP), the pending-set rules between
 * stop signals and SIGCONT, kills of a stopped process, and the
 * terminal's foreground group (tcsetpgrp, SIGTTIN, SIGTTOU with TOSTOP). */
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "tests.h"
#include "sig_util.h"

#define NEED_TTY() do { if (!isatty(0)) { diag("fd 0 is not a terminal"); return; } } while (0)

/* A counter in a shared page: what a spinning child advances. */
static volatile unsigned long *shared_counter(void)
{
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    return p;
}

static volatile unsigned long *counter;

/* Spins, counting in the shared page, until killed. */
static void spin_counting(long arg)
{
    (void)arg;
    for (;;)
        (*counter)++;
}

/* Sleeps in short naps until killed (a child that stops between calls). */
static void nap_forever(long arg)
{
    (void)arg;
    for (;;)
        sleep_ms(10);
}

/* waitpid(pid, options) retrying on EINTR: the status; fails unless it
 * returns pid. */
static int wait_opts(pid_t pid, int options)
{
    int st = 0;
    pid_t r;
    while ((r = waitpid(pid, &st, options)) < 0 && errno == EINTR)
        ;
    if (r != pid)
        FAIL("waitpid(%d, 0x%x) returned %d (%s)", (int)pid, options, (int)r, errname(errno));
    return st;
}

/* Waits for pid's stop and checks it was by sig. */
static void expect_stopped(pid_t pid, int sig)
{
    int st = wait_opts(pid, WUNTRACED);
    if (!WIFSTOPPED(st) || WSTOPSIG(st) != sig)
        FAIL("status 0x%x, expected stopped by signal %d", st, sig);
    CHECK(!WIFEXITED(st) && !WIFSIGNALED(st) && !WIFCONTINUED(st));
}

/* Nothing more to report for pid now with these options. */
static void expect_no_report(pid_t pid, int options)
{
    int st;
    CHECK_EQ(waitpid(pid, &st, WNOHANG | options), 0);
}

/* A child in a group of its own (so terminal stop signals are not those
 * of an orphaned group, whatever the runner's group is). */
static pid_t spawn_own_group(void (*fn)(long), long arg)
{
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        setpgid(0, 0);
        fn(arg);
        _exit(0);
    }
    setpgid(pid, pid);
    return pid;
}

/* A napping child of its own group, stopped by SIGSTOP (reported). */
static pid_t stopped_napper(void)
{
    pid_t pid = spawn_own_group(nap_forever, 0);
    SYS(kill(pid, SIGSTOP));
    expect_stopped(pid, SIGSTOP);
    return pid;
}

/* SIGSTOP stops; WUNTRACED reports it once; SIGCONT continues and
 * WCONTINUED reports that once; a second stop is reported again. */
static void t_stop_continue(long arg)
{
    (void)arg;
    pid_t pid = stopped_napper();
    expect_no_report(pid, WUNTRACED);
    expect_no_report(pid, WCONTINUED);      /* not continued yet */
    SYS(kill(pid, SIGCONT));
    int st = wait_opts(pid, WCONTINUED);
    CHECK(WIFCONTINUED(st));
    CHECK(!WIFSTOPPED(st) && !WIFEXITED(st) && !WIFSIGNALED(st));
    expect_no_report(pid, WCONTINUED | WUNTRACED);
    SYS(kill(pid, SIGSTOP));
    expect_stopped(pid, SIGSTOP);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
}

/* The terminal stop signals stop by default, a handler takes them
 * instead, and SIG_IGN drops them; SIGSTOP cannot be caught or blocked. */
static void t_stop_signals(long arg)
{
    (void)arg;
    int sigs[] = { SIGTSTP, SIGTTIN, SIGTTOU };
    for (int i = 0; i < 3; i++) {
        pid_t pid = spawn_own_group(nap_forever, 0);
        SYS(kill(pid, sigs[i]));
        expect_stopped(pid, sigs[i]);
        SYS(kill(pid, SIGKILL));
        expect_killed(pid, SIGKILL);
    }
    on(SIGTSTP, count, 0);
    signal(SIGTTIN, SIG_IGN);
    SYS(raise(SIGTSTP));
    SYS(raise(SIGTTIN));
    CHECK_EQ(hits[SIGTSTP], 1);
    EXPECT_ERR(signal(SIGSTOP, SIG_IGN), EINVAL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count;
    EXPECT_ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
}

/* The parent gets SIGCHLD with CLD_STOPPED and CLD_CONTINUED; with
 * SA_NOCLDSTOP none, but waitpid still reports both. */
static void t_sigchld_on_stop(long arg)
{
    (void)arg;
    on_info(SIGCHLD, 0);
    pid_t pid = stopped_napper();
    CHECK_EQ(hits[SIGCHLD], 1);
    CHECK_EQ(last_code, CLD_STOPPED);
    CHECK_EQ(last_pid, pid);
    CHECK_EQ(last_status, SIGSTOP);
    SYS(kill(pid, SIGCONT));
    CHECK(WIFCONTINUED(wait_opts(pid, WCONTINUED)));
    for (int i = 0; i < 200 && hits[SIGCHLD] < 2; i++)
        sleep_ms(5);
    CHECK_EQ(hits[SIGCHLD], 2);
    CHECK_EQ(last_code, CLD_CONTINUED);
    CHECK_EQ(last_status, SIGCONT);

    on_info(SIGCHLD, SA_NOCLDSTOP);
    SYS(kill(pid, SIGTSTP));
    expect_stopped(pid, SIGTSTP);
    SYS(kill(pid, SIGCONT));
    CHECK(WIFCONTINUED(wait_opts(pid, WCONTINUED)));
    sleep_ms(50);
    CHECK_EQ(hits[SIGCHLD], 2);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    CHECK_EQ(hits[SIGCHLD], 3);             /* exits are still reported */
    CHECK_EQ(last_code, CLD_KILLED);
}

/* Child of t_pending_rules: blocks SIGTSTP and SIGCONT (with a handler),
 * then on each byte from the parent reports its pending set. */
static void report_pending(long fds)
{
    int in = (int)(fds & 0xffff), out = (int)(fds >> 16);
    on(SIGCONT, count, 0);
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGTSTP);
    sigaddset(&both, SIGCONT);
    SYS(sigprocmask(SIG_BLOCK, &both, NULL));
    tell(out);
    for (;;) {
        hear(in);
        sigset_t set;
        SYS(sigpending(&set));
        char bits = (char)((sigismember(&set, SIGTSTP) ? 1 : 0) | (sigismember(&set, SIGCONT) ? 2 : 0));
        write_all(out, &bits, 1);
    }
}

/* SIGCONT discards a pending stop signal, and a stop signal a pending
 * SIGCONT, even while both are blocked. */
static void t_pending_rules(long arg)
{
    (void)arg;
    int down[2], up[2];
    SYS(pipe(down));
    SYS(pipe(up));
    pid_t pid = spawn_own_group(report_pending, down[0] | (up[1] << 16));
    hear(up[0]);
    char bits;
    SYS(kill(pid, SIGTSTP));
    tell(down[1]);
    read_exact(up[0], &bits, 1);
    CHECK_EQ(bits, 1);                      /* SIGTSTP pending */
    SYS(kill(pid, SIGCONT));
    tell(down[1]);
    read_exact(up[0], &bits, 1);
    CHECK_EQ(bits, 2);                      /* SIGCONT pending, SIGTSTP gone */
    SYS(kill(pid, SIGTSTP));
    tell(down[1]);
    read_exact(up[0], &bits, 1);
    CHECK_EQ(bits, 1);                      /* SIGTSTP pending, SIGCONT gone */
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    close(down[0]), close(down[1]), close(up[0]), close(up[1]);
}

/* SIGKILL ends a stopped process at once; a deadly signal such as
 * SIGTERM waits for SIGCONT, then ends it. */
static void t_kill_stopped(long arg)
{
    (void)arg;
    pid_t pid = stopped_napper();
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);

    pid = stopped_napper();
    SYS(kill(pid, SIGTERM));
    sleep_ms(100);
    expect_no_report(pid, 0);               /* still there, stopped */
    SYS(kill(pid, SIGCONT));
    expect_killed(pid, SIGTERM);

    pid = stopped_napper();                 /* SIGKILL after a pending SIGTERM */
    SYS(kill(pid, SIGTERM));
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
}

/* A stopped process does not run: its counter in a shared page stands
 * still until SIGCONT, then moves again. */
static void t_stopped_uses_no_cpu(long arg)
{
    (void)arg;
    counter = shared_counter();
    pid_t pid = spawn_own_group(spin_counting, 0);
    for (int i = 0; i < 400 && *counter == 0; i++)
        sleep_ms(5);
    CHECK(*counter > 0);
    SYS(kill(pid, SIGSTOP));
    expect_stopped(pid, SIGSTOP);
    unsigned long at_stop = *counter;
    sleep_ms(200);
    CHECK_EQ(*counter, at_stop);
    SYS(kill(pid, SIGCONT));
    for (int i = 0; i < 400 && *counter == at_stop; i++)
        sleep_ms(5);
    CHECK(*counter != at_stop);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    munmap((void *)counter, PAGE);
}

/* Child of t_signals_while_stopped: SIGUSR1's handler and SIGCONT's
 * each write a byte. */
static int note_fd;
static void note(int sig)
{
    char c = sig == SIGCONT ? 'c' : 'u';
    write(note_fd, &c, 1);
}

static void noting_child(long fd)
{
    note_fd = (int)fd;
    on(SIGUSR1, note, SA_RESTART);
    on(SIGCONT, note, SA_RESTART);
    tell((int)fd);
    nap_forever(0);
}

static void ignoring_child(long fd)
{
    signal(SIGCONT, SIG_IGN);
    tell((int)fd);
    nap_forever(0);
}

/* A caught signal sent while stopped waits for SIGCONT; then SIGCONT's
 * handler runs too (SIGCONT continues even when caught); an ignored
 * SIGCONT continues as well. */
static void t_signals_while_stopped(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t pid = spawn_own_group(noting_child, p[1]);
    hear(p[0]);
    SYS(kill(pid, SIGSTOP));
    expect_stopped(pid, SIGSTOP);
    SYS(kill(pid, SIGUSR1));
    sleep_ms(100);
    struct pollfd pf = { .fd = p[0], .events = POLLIN };
    CHECK_EQ(poll(&pf, 1, 0), 0);           /* the handler has not run */
    SYS(kill(pid, SIGCONT));
    char got[2];
    read_exact(p[0], got, 2);
    CHECK((got[0] == 'u' && got[1] == 'c') || (got[0] == 'c' && got[1] == 'u'));
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);

    for (int ignore = 0; ignore < 2; ignore++) {
        pid = spawn_own_group(ignore ? ignoring_child : nap_forever, p[1]);
        if (ignore)
            hear(p[0]);
        SYS(kill(pid, SIGSTOP));
        expect_stopped(pid, SIGSTOP);
        SYS(kill(pid, SIGCONT));            /* SIG_DFL or SIG_IGN: it continues all the same */
        CHECK(WIFCONTINUED(wait_opts(pid, WCONTINUED)));
        SYS(kill(pid, SIGKILL));
        expect_killed(pid, SIGKILL);
    }
    close(p[0]), close(p[1]);
}

/* Reads the terminal: exits 0 if the read failed with EIO, 1 otherwise
 * (a reader that stops is killed by the test). */
static void read_console(long arg)
{
    (void)arg;
    char c;
    _exit(read(0, &c, 1) < 0 && errno == EIO ? 0 : 1);
}

static void read_console_ignoring(long arg)
{
    signal(SIGTTIN, SIG_IGN);
    read_console(arg);
}

/* Writes a TAP comment to the terminal: exits 0 if it was written. */
static void write_console(long arg)
{
    (void)arg;
    static const char line[] = "# a write from a background group\n";
    signal(SIGTTOU, SIG_DFL);
    _exit(write(1, line, sizeof line - 1) == (ssize_t)sizeof line - 1 ? 0 : 1);
}

/* tcsetpgrp/tcgetpgrp; outside the foreground group a reader stops with
 * SIGTTIN (EIO if it ignores it), a writer writes unless TOSTOP is set,
 * then it stops with SIGTTOU. */
static void t_tty_background(long arg)
{
    (void)arg;
    NEED_TTY();
    pid_t saved = tcgetpgrp(0);
    signal(SIGTTOU, SIG_IGN);       /* as a shell: tcsetpgrp from the background */
    SYS(tcsetpgrp(0, getpgrp()));
    CHECK_EQ(tcgetpgrp(0), getpgrp());
    pid_t pid = spawn_own_group(read_console, 0);
    expect_stopped(pid, SIGTTIN);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    expect_exit(spawn_own_group(read_console_ignoring, 0), 0);
    expect_exit(spawn_own_group(write_console, 0), 0);

    struct termios old, t;
    SYS(tcgetattr(0, &old));
    t = old;
    t.c_lflag |= TOSTOP;
    SYS(tcsetattr(0, TCSANOW, &t));
    pid = spawn_own_group(write_console, 0);
    int st = wait_opts(pid, WUNTRACED);
    SYS(tcsetattr(0, TCSANOW, &old));
    CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    if (saved > 0)
        tcsetpgrp(0, saved);
}

/* Grandchild of t_tty_orphaned: waits until its parent has gone (its
 * group is orphaned then), then reports whether SIGTSTP was discarded
 * and whether a read failed with EIO. */
static void orphan_report(long fd)
{
    pid_t parent = getppid();
    setpgid(0, 0);
    for (int i = 0; i < 1000 && getppid() == parent; i++)
        sleep_ms(5);
    raise(SIGTSTP);                 /* discarded: it would never be continued */
    char c, r[2] = { 's', 0 };
    r[1] = read(0, &c, 1) < 0 && errno == EIO ? 'e' : 'x';
    write_all((int)fd, r, 2);
}

/* Child of t_tty_orphaned: leaves its child behind. */
static void orphan_parent(long fd)
{
    spawn(orphan_report, fd);
}

/* In an orphaned group SIGTSTP does nothing and a terminal read fails
 * with EIO (nobody would continue it). */
static void t_tty_orphaned(long arg)
{
    (void)arg;
    NEED_TTY();
    pid_t saved = tcgetpgrp(0);
    signal(SIGTTOU, SIG_IGN);
    SYS(tcsetpgrp(0, getpgrp()));
    int p[2];
    SYS(pipe(p));
    expect_exit(spawn(orphan_parent, p[1]), 0);
    close(p[1]);
    char r[2];
    read_exact(p[0], r, 2);
    close(p[0]);
    CHECK_EQ(r[0], 's');
    CHECK_EQ(r[1], 'e');
    if (saved > 0)
        tcsetpgrp(0, saved);
}

static const struct test tests[] = {
    { "job control: SIGSTOP stops, SIGCONT continues, WUNTRACED/WCONTINUED report each once",
      t_stop_continue, 0, 0, 0, NULL },
    { "job control: SIGTSTP/SIGTTIN/SIGTTOU stop by default, a handler or SIG_IGN does not",
      t_stop_signals, 0, 0, 0, NULL },
    { "job control: SIGCHLD with CLD_STOPPED/CLD_CONTINUED, none with SA_NOCLDSTOP",
      t_sigchld_on_stop, 0, 0, 0, NULL },
    { "job control: SIGCONT discards pending stop signals, a stop signal a pending SIGCONT",
      t_pending_rules, 0, 0, 0, NULL },
    { "job control: SIGKILL ends a stopped process, SIGTERM only once continued", t_kill_stopped, 0, 0, 0, NULL },
    { "job control: a stopped process does not run (its shared counter stands still)",
      t_stopped_uses_no_cpu, 0, 0, 0, NULL },
    { "job control: a caught signal waits for SIGCONT; caught or ignored SIGCONT continues",
      t_signals_while_stopped, 0, 0, 0, NULL },
    { "job control: tcsetpgrp; background reader SIGTTIN or EIO, writer SIGTTOU under TOSTOP",
      t_tty_background, 0, 0, 0, NULL },
    { "job control: an orphaned group drops SIGTSTP, its terminal read fails with EIO",
      t_tty_orphaned, 0, 0, 0, NULL },
};
TEST_GROUP(68, tests);
