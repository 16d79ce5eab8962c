/* Time and scheduling tests: clocks, nanosleep, sched_yield, preemption. */
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"

/* CLOCK_MONOTONIC never goes backwards, keeps tv_nsec in range, and has
 * sub-microsecond resolution: consecutive reads differ by less than a timer
 * tick, and the values are not all whole microseconds (a clock counting in
 * microseconds or coarser would give tv_nsec % 1000 == 0 every time). */
static void t_clock_monotonic(long arg)
{
    (void)arg;
    struct timespec prev, cur;
    SYS(clock_gettime(CLOCK_MONOTONIC, &prev));
    int fine_steps = 0, sub_us = 0;
    for (int i = 0; i < 2000; i++) {
        SYS(clock_gettime(CLOCK_MONOTONIC, &cur));
        sub_us += cur.tv_nsec % 1000 != 0;
        if (cur.tv_nsec < 0 || cur.tv_nsec >= 1000000000L)
            FAIL("tv_nsec %ld out of range", (long)cur.tv_nsec);
        int64_t d = ((int64_t)cur.tv_sec - prev.tv_sec) * 1000000000 + (cur.tv_nsec - prev.tv_nsec);
        if (d < 0)
            FAIL("clock went back by %lld ns", (long long)-d);
        if (d > 0 && d < 1000000)
            fine_steps++;
        prev = cur;
    }
    if (fine_steps == 0)
        FAIL("no two consecutive reads differed by less than 1 ms: coarse clock");
    if (sub_us < 100)
        FAIL("only %d of 2000 reads were not whole microseconds: resolution >= 1 us", sub_us);
}

static void t_clock_other_ids(long arg)
{
    (void)arg;
    struct timespec ts;
    SYS(clock_gettime(CLOCK_REALTIME, &ts));
    CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
    EXPECT_ERR(clock_gettime(999, &ts), EINVAL);
    EXPECT_ERR(clock_gettime(100, &ts), EINVAL);
}

/* nanosleep sleeps at least what was asked, and not absurdly longer. */
static void t_nanosleep_duration(long arg)
{
    (void)arg;
    static const long ms[] = { 0, 1, 20, 120 };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        struct timespec req = { 0, ms[i] * 1000000L };
        uint64_t t0 = now_ns();
        SYS(nanosleep(&req, NULL));
        uint64_t slept = now_ns() - t0;
        if (slept < (uint64_t)ms[i] * 1000000u)
            FAIL("nanosleep(%ld ms) returned after %llu us", ms[i],
                 (unsigned long long)(slept / 1000));
        if (slept > (uint64_t)ms[i] * 1000000u + 3000000000ull)
            FAIL("nanosleep(%ld ms) took %llu ms", ms[i], (unsigned long long)(slept / 1000000));
    }
    struct timespec one_sec = { 1, 0 };
    uint64_t t0 = now_ns();
    SYS(nanosleep(&one_sec, NULL));
    CHECK(now_ns() - t0 >= 1000000000ull);
}

static void t_nanosleep_einval(long arg)
{
    (void)arg;
    struct timespec bad[] = { { 0, 1000000000L }, { 0, -1 }, { -1, 0 } };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_ERR(nanosleep(&bad[i], NULL), EINVAL);
}

/* packed: report fd (bits 0-7), go fd (8-15), id character (16-23). */
static void sleeper(long packed)
{
    int fd = (int)(packed & 0xff), go = (int)((packed >> 8) & 0xff);
    char id = (char)(packed >> 16), c;
    read_exact(go, &c, 1);
    sleep_ms(200 + 200 * (id - '0'));
    write_all(fd, &id, 1);
}

/* Three children released at once, sleeping 600, 200 and 400 ms, wake in
 * order of their deadlines, not of their creation. */
static void t_sleepers_wake_in_order(long arg)
{
    (void)arg;
    int p[2], go[2];
    SYS(pipe(p));
    SYS(pipe(go));
    static const char ids[] = { '2', '0', '1' };
    pid_t pids[3];
    for (int i = 0; i < 3; i++)
        pids[i] = spawn(sleeper, p[1] | (go[0] << 8) | ((long)ids[i] << 16));
    close(p[1]);
    close(go[0]);
    write_all(go[1], "ggg", 3);
    close(go[1]);
    char order[3];
    read_exact(p[0], order, 3);
    if (order[0] != '0' || order[1] != '1' || order[2] != '2')
        FAIL("sleepers woke in order %c%c%c, expected 012", order[0], order[1], order[2]);
    for (int i = 0; i < 3; i++)
        expect_exit(pids[i], 0);
    close(p[0]);
}

static void t_sched_yield(long arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++)
        CHECK_EQ(sched_yield(), 0);
}

#define SPINNERS 4
#define SPIN_MS 300

static uint64_t min_laps;      /* work each spinner must also do (calibrated) */

/* Laps of the spin loop one process does in ms milliseconds, alone. */
static uint64_t laps_in(unsigned ms)
{
    uint64_t laps = 0, t0 = now_ns();
    do {
        for (volatile int i = 0; i < 1000; i++)
            ;
        laps++;
    } while (now_ns() - t0 < ms * 1000000ull);
    return laps;
}

struct interval {
    uint64_t start, end;
    uint64_t laps;
};

/* fds packs the start pipe's read end (low byte) and the report pipe's
 * write end: wait for the go byte, spin for SPIN_MS and at least min_laps
 * (so a stalled host cannot end a spinner early: work must be done, which
 * takes several time slices), report the interval. */
static void spinner(long fds)
{
    char go;
    read_exact((int)(fds & 0xff), &go, 1);
    struct interval iv;
    iv.start = now_ns();
    iv.laps = 0;
    do {
        for (volatile int i = 0; i < 1000; i++)
            ;
        iv.laps++;
        iv.end = now_ns();
    } while (iv.end - iv.start < SPIN_MS * 1000000ull || iv.laps < min_laps);
    write_all((int)(fds >> 8), &iv, sizeof iv);
}

/* More CPU-bound processes than CPUs (QEMU runs with 2), released at the
 * same moment: all of them must have started before any finished its
 * 300 ms of spinning, which on a non-preemptive kernel cannot happen. */
static void t_preemption(long arg)
{
    (void)arg;
    min_laps = laps_in(100);    /* ten time slices of work */
    int start[2], report[2];
    SYS(pipe(start));
    SYS(pipe(report));
    pid_t pids[SPINNERS];
    for (int i = 0; i < SPINNERS; i++)
        pids[i] = spawn(spinner, start[0] | (report[1] << 8));
    close(report[1]);
    close(start[0]);
    write_all(start[1], "gggggggg", SPINNERS);
    close(start[1]);
    struct interval iv[SPINNERS];
    for (int i = 0; i < SPINNERS; i++)
        read_exact(report[0], &iv[i], sizeof iv[i]);
    for (int i = 0; i < SPINNERS; i++)
        expect_exit(pids[i], 0);
    close(report[0]);
    uint64_t latest_start = 0, earliest_end = UINT64_MAX, base = UINT64_MAX;
    for (int i = 0; i < SPINNERS; i++) {
        if (iv[i].start < base)
            base = iv[i].start;
        if (iv[i].start > latest_start)
            latest_start = iv[i].start;
        if (iv[i].end < earliest_end)
            earliest_end = iv[i].end;
    }
    for (int i = 0; i < SPINNERS; i++)
        diag("spinner %d ran from %llu to %llu ms (%llu laps)", i,
             (unsigned long long)((iv[i].start - base) / 1000000),
             (unsigned long long)((iv[i].end - base) / 1000000),
             (unsigned long long)iv[i].laps);
    if (latest_start >= earliest_end)
        FAIL("a spinner started %llu ms after another had finished: no preemption",
             (unsigned long long)((latest_start - earliest_end) / 1000000));
}

static const struct test tests[] = {
    { "clock: CLOCK_MONOTONIC is monotonic with sub-us resolution", t_clock_monotonic, 0, 0, 0, NULL },
    { "clock: CLOCK_REALTIME works, unknown clocks give EINVAL", t_clock_other_ids, 0, 0, 0, NULL },
    { "nanosleep: sleeps at least the requested time", t_nanosleep_duration, 0, 0, 0, NULL },
    { "nanosleep: invalid timespecs give EINVAL", t_nanosleep_einval, 0, 0, 0, NULL },
    { "nanosleep: sleepers wake in deadline order", t_sleepers_wake_in_order, 0, 0, 0, NULL },
    { "sched_yield: returns 0", t_sched_yield, 0, 0, 0, NULL },
    { "preemption: 4 CPU-bound processes all make progress", t_preemption, 0, 0, 60, NULL },
};
TEST_GROUP(80, tests);
