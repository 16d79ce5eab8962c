/* Responsiveness under long system calls (issue 17): the kernel is never
 * preempted, so a long loop in a call must reach a preemption point. Two
 * behaviours, each checked so that a slow or busy host (which stalls the
 * whole guest now and then) does not fail it, while a kernel without
 * preemption points fails it by far:
 *   - while one process writes 256 KiB to the console in one call (~0.5 s
 *     under QEMU), a ticker process reading the clock in a loop keeps
 *     running: on 1 CPU, where they share it, for a good part of the
 *     write (it got none of it without preemption points);
 *   - a SIGKILL ends a process in a 1 MiB console write (~2 s) long
 *     before the write would have ended.
 * The console is shmos's (on the Linux oracle's stdout these prove
 * nothing): shmos only. Bytes written are one TAP comment line. */
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tests.h"

struct ticker {
    atomic_int started, stop;
    atomic_ullong write_start, write_end;   /* now_ns() around the write; 0: not yet */
    atomic_ullong ran_ns;                   /* the ticker's running time inside the write */
};

/* Until told to stop, read the clock in a loop, adding up the time it
 * ran (steps under 1 ms: a longer one is time it waited for the CPU)
 * while the write was under way. */
static void tick(struct ticker *t)
{
    uint64_t last = now_ns(), ran = 0;
    atomic_store(&t->started, 1);
    while (!atomic_load(&t->stop)) {
        uint64_t now = now_ns(), from = atomic_load(&t->write_start);
        if (from && last >= from && !atomic_load(&t->write_end) && now - last < 1000000u)
            ran += now - last;
        last = now;
    }
    atomic_store(&t->ran_ns, ran);
    _exit(0);
}

/* One comment line of n bytes: "#", spaces, newline. */
static char *comment_line(size_t n)
{
    char *buf = malloc(n);
    if (!buf)
        FAIL("malloc(%zu) failed", n);
    memset(buf, ' ', n);
    buf[0] = '#';
    buf[n - 1] = '\n';
    return buf;
}

static void t_ticker_not_stalled(long arg)
{
    (void)arg;
    struct ticker *t = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (t == MAP_FAILED)
        FAIL("mmap: %s", errname(errno));
    size_t n = 256 * 1024;
    char *line = comment_line(n);
    pid_t p = (pid_t)SYS(fork());
    if (p == 0)
        tick(t);
    while (!atomic_load(&t->started))
        sched_yield();
    sleep_ms(20);
    atomic_store(&t->write_start, now_ns());
    CHECK_EQ((long)write(1, line, n), (long)n);
    atomic_store(&t->write_end, now_ns());
    atomic_store(&t->stop, 1);
    expect_exit(p, 0);
    unsigned long long took = atomic_load(&t->write_end) - atomic_load(&t->write_start);
    unsigned long long ran = atomic_load(&t->ran_ns);
    /* Sharing one CPU, about half; a host stall in the middle costs some. */
    if (ran < took / 10)
        FAIL("the ticker ran %llu ms of a %llu ms console write", ran / 1000000u, took / 1000000u);
    free(line);
    munmap(t, PAGE);
}

static void write_forever(long n)
{
    char *line = comment_line((size_t)n);
    write(1, line, (size_t)n);
    _exit(0);
}

static void t_kill_ends_a_long_write(long arg)
{
    (void)arg;
    pid_t p = spawn(write_forever, 1024 * 1024);
    sleep_ms(50);               /* well inside its write: ~2 s of output */
    uint64_t t0 = now_ns();
    SYS(kill(p, SIGKILL));
    expect_killed(p, SIGKILL);
    unsigned long long ms = (now_ns() - t0) / 1000000u;
    write_all(1, "\n", 1);     /* end the comment line it was writing */
    if (ms > 1000)              /* the rest of the write: ~2 s */
        FAIL("a SIGKILL took %llu ms to end a 1 MiB console write", ms);
}

#define CONSOLE SHMOS_ONLY("the console is shmos's")
static const struct test tests[] = {
    { "latency: a ticker is not stalled by another's 256 KiB console write", t_ticker_not_stalled,
      0, 0, 30, CONSOLE },
    { "latency: a SIGKILL ends a 1 MiB console write at once", t_kill_ends_a_long_write, 0, 0, 30,
      CONSOLE },
};
TEST_GROUP(157, tests);
