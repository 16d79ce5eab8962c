/* The terminal and poll: tcgetattr/tcsetattr on the console, raw reads
 * with VMIN/VTIME, TIOCGWINSZ, isatty, and poll over pipes and the
 * console. The keyboard side (ISIG, ECHO, raw bytes) is typed at the
 * helper mode below by tests/guest-cmd/tty.sh. The console tests need
 * fd 0 to be a terminal: on Linux (no terminal under the harness) they
 * are skipped when it is not. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"

/* Skip (pass) when fd 0 is no terminal: Linux under the harness. */
#define NEED_TTY() do { if (!isatty(0)) { diag("fd 0 is not a terminal"); return; } } while (0)
/* ... or, on Linux, when this is not the terminal's foreground group
 * (tcsetattr would stop it with SIGTTOU). On shmos the test's group (the
 * runner gives each test its own) takes the foreground, or its reads
 * would stop it with SIGTTIN; once it has exited, that group counts as
 * none. */
#ifdef __shmos__
#define NEED_FOREGROUND() do { NEED_TTY(); SYS(tcsetpgrp(0, getpgrp())); } while (0)
#else
#define NEED_FOREGROUND() do { NEED_TTY(); if (tcgetpgrp(0) != getpgrp()) { \
    diag("not the terminal's foreground group"); return; } } while (0)
#endif

static void t_attr_defaults(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    struct termios t;
    EXPECT_ERR(tcgetattr(p[0], &t), ENOTTY);
    errno = 0;
    CHECK_EQ(isatty(p[0]), 0);
    CHECK_EQ(errno, ENOTTY);
    EXPECT_ERR(tcgetattr(99, &t), EBADF);
    EXPECT_ERR(ioctl(p[0], TIOCGWINSZ, &t), ENOTTY);
    NEED_TTY();
    SYS(tcgetattr(0, &t));
#ifdef __shmos__
    /* The console at boot (a Linux terminal's settings are the user's). */
    CHECK((t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG));
    CHECK(t.c_iflag & ICRNL);
    CHECK_EQ(t.c_cc[VINTR], 3);
    CHECK_EQ(t.c_cc[VEOF], 4);
    CHECK_EQ(t.c_cc[VMIN], 1);
#endif
    CHECK_EQ(isatty(0), 1);
}

static void t_winsize(long arg)
{
    (void)arg;
    NEED_TTY();
    struct winsize w;
    SYS(ioctl(0, TIOCGWINSZ, &w));
#ifdef __shmos__
    CHECK_EQ(w.ws_row, 24);
    CHECK_EQ(w.ws_col, 80);
#endif
}

/* cfmakeraw + TCSANOW, read back; VMIN 0 VTIME 0 returns at once, VMIN
 * 0 VTIME 2 after the time; the old settings restored with TCSAFLUSH. */
static void t_raw_roundtrip(long arg)
{
    (void)arg;
    NEED_FOREGROUND();
    struct termios old, t, back;
    SYS(tcgetattr(0, &old));
    t = old;
    cfmakeraw(&t);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    SYS(tcsetattr(0, TCSANOW, &t));
    SYS(tcgetattr(0, &back));
    CHECK_EQ(back.c_lflag & (ICANON | ECHO | ISIG), 0);
    CHECK_EQ(back.c_iflag & ICRNL, 0);
    CHECK_EQ(back.c_cc[VMIN], 0);
    char c;
    CHECK_EQ(read(0, &c, 1), 0);        /* nothing typed: a poll */
    t.c_cc[VTIME] = 2;                  /* 0.2 s for the first byte */
    SYS(tcsetattr(0, TCSADRAIN, &t));
    CHECK_EQ(read(0, &c, 1), 0);
    EXPECT_ERR(tcsetattr(0, 7, &t), EINVAL);
    SYS(tcsetattr(0, TCSAFLUSH, &old));
    SYS(tcgetattr(0, &back));
    CHECK_EQ(back.c_lflag, old.c_lflag);
    CHECK_EQ(back.c_iflag, old.c_iflag);
}

static void t_poll_pipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    struct pollfd fds[3] = {
        { .fd = p[0], .events = POLLIN }, { .fd = p[1], .events = POLLOUT }, { .fd = -1 },
    };
    CHECK_EQ(poll(fds, 3, 0), 1);       /* only the write end is ready */
    CHECK_EQ(fds[0].revents, 0);
    CHECK(fds[1].revents & POLLOUT);
    CHECK_EQ(fds[2].revents, 0);
    CHECK_EQ(poll(fds, 1, 50), 0);      /* a timeout */
    SYS(write(p[1], "ab", 2));
    CHECK_EQ(poll(fds, 2, -1), 2);
    CHECK(fds[0].revents & POLLIN);
    SYS(close(p[1]));
    char buf[4];
    CHECK_EQ(read(p[0], buf, sizeof buf), 2);
    CHECK_EQ(poll(fds, 1, -1), 1);      /* no writer: hang-up */
    CHECK(fds[0].revents & POLLHUP);
    SYS(close(p[0]));
    CHECK_EQ(poll(fds, 1, 0), 1);       /* a closed descriptor */
    CHECK_EQ(fds[0].revents, POLLNVAL);
    SYS(pipe(p));
    SYS(close(p[0]));
    fds[0] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
    CHECK_EQ(poll(fds, 1, 0), 1);       /* no reader: an error */
    CHECK(fds[0].revents & POLLERR);
    SYS(close(p[1]));
    EXPECT_ERR(poll(opaque((void *)8), 1, 0), EFAULT);
}

/* poll sleeps until another process writes, on whichever CPU. */
static void t_poll_wakes(long arg)
{
    (void)arg;
    int a[2], b[2];
    SYS(pipe(a));
    SYS(pipe(b));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        sleep_ms(100);
        _exit(write(b[1], "z", 1) == 1 ? 0 : 1);
    }
    struct pollfd fds[2] = { { .fd = a[0], .events = POLLIN }, { .fd = b[0], .events = POLLIN } };
    CHECK_EQ(poll(fds, 2, 20000), 1);
    CHECK_EQ(fds[0].revents, 0);
    CHECK(fds[1].revents & POLLIN);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

static void on_usr1(int sig)
{
    (void)sig;
}

/* A signal ends poll with EINTR, even under SA_RESTART. */
static void t_poll_eintr(long arg)
{
    (void)arg;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    SYS(sigaction(SIGUSR1, &sa, NULL));
    int p[2];
    SYS(pipe(p));
    pid_t parent = getpid();
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        for (;;) {
            sleep_ms(50);
            kill(parent, SIGUSR1);
        }
    }
    struct pollfd fd = { .fd = p[0], .events = POLLIN };
    EXPECT_ERR(poll(&fd, 1, -1), EINTR);
    kill(pid, SIGKILL);
    SYS(waitpid(pid, NULL, 0));
}

static void t_poll_console(long arg)
{
    (void)arg;
    NEED_TTY();
    struct pollfd fd = { .fd = 1, .events = POLLOUT };
    CHECK_EQ(poll(&fd, 1, 0), 1);
    CHECK(fd.revents & POLLOUT);
}

/* ---- the helper typed at by tests/guest-cmd/tty.sh */
static volatile sig_atomic_t got[NSIG];
static void note(int sig)
{
    got[sig]++;
}

/* Prints "tty: WHAT" lines the script checks. Steps: raw bytes without
 * echo (3 bytes, shown in hex), then ISIG with handlers (waits for
 * SIGINT, SIGQUIT, SIGTSTP from the keys), then a canonical line with
 * ECHO off, then VMIN 2: one read returns two bytes. */
int tty_helper_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    struct termios old, t;
    if (tcgetattr(0, &old) < 0)
        return 2;
    t = old;
    cfmakeraw(&t);
    tcsetattr(0, TCSAFLUSH, &t);
    printf("tty: raw ready\n");
    fflush(stdout);
    unsigned char b[3];
    for (int i = 0; i < 3; i++)
        if (read(0, &b[i], 1) != 1)
            return 3;
    printf("tty: raw bytes %02x %02x %02x\n", b[0], b[1], b[2]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = note;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sigaction(SIGTSTP, &sa, NULL);
    t = old;
    t.c_lflag |= ISIG;
    tcsetattr(0, TCSANOW, &t);
    tcsetpgrp(0, getpgrp());
    printf("tty: signals ready\n");
    fflush(stdout);
    while (!got[SIGINT] || !got[SIGQUIT] || !got[SIGTSTP])
        pause();
    printf("tty: got INT %d QUIT %d TSTP %d\n", got[SIGINT], got[SIGQUIT], got[SIGTSTP]);

    t = old;
    t.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(0, TCSANOW, &t);
    printf("tty: noecho ready\n");
    fflush(stdout);
    char line[64];
    ssize_t n = read(0, line, sizeof line - 1);
    if (n <= 0)
        return 4;
    line[n] = 0;
    printf("tty: line [%.*s]\n", (int)(n && line[n - 1] == '\n' ? n - 1 : n), line);

    t = old;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 2;
    t.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &t);
    printf("tty: vmin ready\n");
    fflush(stdout);
    n = read(0, line, sizeof line);
    printf("tty: vmin read %d\n", (int)n);
    tcsetattr(0, TCSANOW, &old);
    return 0;
}

static const struct test tests[] = {
    { "termios: tcgetattr on the console; ENOTTY on a pipe, EBADF", t_attr_defaults, 0, 0, 0, NULL },
    { "termios: TIOCGWINSZ answers 80x24", t_winsize, 0, 0, 0, NULL },
    { "termios: raw mode set and read back; VMIN 0 reads return; restored", t_raw_roundtrip, 0, 0, 0, NULL },
    { "poll: pipe ends, timeouts, POLLHUP, POLLNVAL, POLLERR, EFAULT", t_poll_pipe, 0, 0, 0, NULL },
    { "poll: sleeps until another process writes", t_poll_wakes, 0, 0, 60, NULL },
    { "poll: a signal ends it with EINTR, even under SA_RESTART", t_poll_eintr, 0, 0, 60, NULL },
    { "poll: the console is writable", t_poll_console, 0, 0, 0, NULL },
};
TEST_GROUP(67, tests);
