/* Timed sleeps while every CPU idles (issue 13): an idle CPU has no
 * periodic tick, so only the one-shot timer the last CPU to go idle arms
 * ends a sleep when nobody runs. Each test leaves the parent blocked in an
 * untimed wait, so that while the children sleep no CPU is busy.
 *
 *   - nanosleep, sem_timedwait and a futex timeout each end, and none
 *     before its deadline (nothing else is asserted about time);
 *   - a deadline set after another, longer one was armed is kept: the
 *     sleeper with the earlier deadline wakes first.
 * Portable: the same checks hold on Linux. */
#include <semaphore.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include "tests.h"

#ifdef __shmos__
#include <shmos.h>
static long futex_wait_for(uint32_t *addr, uint32_t val, const struct timespec *ts)
{
    return futex(addr, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, val, ts, NULL, 0);
}
#else
#include <sys/syscall.h>
static long futex_wait_for(uint32_t *addr, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, addr, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, val, ts, NULL, 0);
}
#endif

static void not_before(uint64_t t0, long ms, const char *what)
{
    uint64_t waited = now_ns() - t0;
    if (waited < (uint64_t)ms * 1000000u)
        FAIL("%s of %ld ms ended after %llu us", what, ms, (unsigned long long)(waited / 1000));
}

static void nap(long ms)
{
    struct timespec req = { ms / 1000, (ms % 1000) * 1000000L };
    uint64_t t0 = now_ns();
    SYS(nanosleep(&req, NULL));
    not_before(t0, ms, "nanosleep");
}

static void timed_sem(long ms)
{
    sem_t s;
    SYS(sem_init(&s, 0, 0));
    struct timespec dl;
    uint64_t t0 = now_ns();     /* before the deadline's clock reading: t0 + ms <= deadline */
    SYS(clock_gettime(CLOCK_REALTIME, &dl));
    dl.tv_nsec += (ms % 1000) * 1000000L;
    dl.tv_sec += ms / 1000 + dl.tv_nsec / 1000000000L;
    dl.tv_nsec %= 1000000000L;
    EXPECT_ERR(sem_timedwait(&s, &dl), ETIMEDOUT);
    not_before(t0, ms, "sem_timedwait");
    sem_destroy(&s);
}

static void timed_futex(long ms)
{
    static uint32_t word;
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    uint64_t t0 = now_ns();
    EXPECT_ERR(futex_wait_for(&word, 0, &ts), ETIMEDOUT);
    not_before(t0, ms, "futex timeout");
}

/* Rounds of three children, each sleeping its own way with its own
 * deadline, while the parent waits for them without a timeout: each must
 * wake (a missed deadline hangs, and the runner fails the test), none
 * early. */
static void t_sleeps_end(long arg)
{
    (void)arg;
    for (int round = 0; round < 3; round++) {
        pid_t a = spawn(nap, 30 + 10 * round);
        pid_t b = spawn(timed_sem, 50 + 10 * round);
        pid_t c = spawn(timed_futex, 70 + 10 * round);
        expect_exit(c, 0);
        expect_exit(a, 0);
        expect_exit(b, 0);
    }
}

static int report_fd;

/* Sleep ms, then report which sleeper this is. */
static void nap_and_tell(long packed)
{
    char who = (char)(packed & 0xff);
    nap(packed >> 8);
    write_all(report_fd, &who, 1);
}

/* A long sleeper goes first, and once it is asleep (every CPU idle, the
 * one-shot armed for its deadline) a short one starts: the short one must
 * report first. A kernel that kept the timer armed for the deadline it
 * had would wake both at the long one's time, in either order. */
static void t_earlier_deadline_kept(long arg)
{
    (void)arg;
    int fds[2];
    SYS(pipe(fds));
    report_fd = fds[1];
    pid_t slow = spawn(nap_and_tell, 'L' | (1500 << 8));
    sleep_ms(50);
    pid_t fast = spawn(nap_and_tell, 'S' | (20 << 8));
    char first, second;
    read_exact(fds[0], &first, 1);
    read_exact(fds[0], &second, 1);
    expect_exit(fast, 0);
    expect_exit(slow, 0);
    if (first != 'S' || second != 'L')
        FAIL("the 1500 ms sleeper reported before the 20 ms one started 50 ms later");
    close(fds[0]);
    close(fds[1]);
}

static const struct test tests[] = {
    { "idle sleep: nanosleep, sem_timedwait and futex timeouts end with every CPU idle",
      t_sleeps_end, 0, 0, 60, NULL },
    { "idle sleep: a shorter deadline set while a longer one is armed wakes first",
      t_earlier_deadline_kept, 0, 0, 60, NULL },
};
TEST_GROUP(158, tests);
