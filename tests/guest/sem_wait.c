/* Named semaphores, waiting: blocked waiters, a waiter killed while
 * blocked, sem_timedwait, FIFO wake-ups and 4 processes counting under a
 * semaphore. Helpers and the guard: sem_util.h. */
#include "sem_util.h"

static sem_t *waited;       /* what blocked_waiter waits on */
static int ready_fd;
static int through_fd = -1; /* if >= 0, blocked_waiter writes 'g' here once through */

/* Say so on ready_fd, then block in sem_wait(waited); once through, say so
 * on through_fd (if set) and exit 0. */
static void blocked_waiter(long arg)
{
    (void)arg;
    tell(ready_fd);
    SYS(sem_wait(waited));
    if (through_fd >= 0)
        write_all(through_fd, "g", 1);
}

/* How many 'g's blocked_waiters wrote on fd so far (they have exited). */
static int count_through(int rfd, int wfd)
{
    int n = 0;
    char c;
    write_all(wfd, "m", 1);
    for (read_exact(rfd, &c, 1); c != 'm'; read_exact(rfd, &c, 1))
        n++;
    return n;
}

/* Wait until pid sleeps in sem_wait (it said it was about to). */
static void until_blocked(pid_t pid, long want_waiters)
{
#ifdef __shmos__
    (void)pid;
    for (int tries = 0; waiters(0) < want_waiters; tries++) {
        if (tries > 2000)
            FAIL("%ld waiters never blocked (sem_list shows %ld)", want_waiters, waiters(0));
        sleep_ms(1);
    }
#else
    (void)want_waiters;
    char path[64], buf[256];
    fmt(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int tries = 0; ; tries++) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
            close(fd);
        buf[n > 0 ? n : 0] = '\0';
        char *state = strrchr(buf, ')');
        if (state != NULL && state[1] == ' ' && state[2] == 'S')
            break;
        if (tries > 2000)
            FAIL("process %d never went to sleep", (int)pid);
        sleep_ms(1);
    }
#endif
}

/* Two waiters blocked; one is killed (before a post, or racing with it).
 * Killing a blocked waiter never loses or creates a unit: posts ==
 * successful waits + the final value, and the survivor always gets
 * through. When the kill races with the post, the post may already have
 * handed the first waiter its unit and its sem_wait may have returned: the
 * kill then ends a process that owns the unit, before it can say so (as
 * it could on any system). Only that round may come out one unit short. */
static void killed_waiter(void)
{
    waited = sem_new(0, 0);
    int p[2], through[2];
    SYS(pipe(p));
    SYS(pipe(through));
    ready_fd = p[1];
    through_fd = through[1];
    for (int round = 0; round < 10; round++) {
        pid_t a = spawn(blocked_waiter, 0);
        hear(p[0]);
        until_blocked(a, 1);
        pid_t b = spawn(blocked_waiter, 0);
        hear(p[0]);
        until_blocked(b, 2);
        int posts = 0, got = 0, silent_owner = 0;
        if (round % 2 == 0) {
            SYS(kill(a, SIGKILL));
            expect_killed(a, SIGKILL);
            SYS(sem_post(waited));
            posts++;
        } else {
            SYS(sem_post(waited));
            posts++;
            SYS(kill(a, SIGKILL));
            int st = wait_status(a);
            if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0) && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL))
                FAIL("waiter %d ended with status 0x%x", (int)a, (unsigned)st);
            int a_through = count_through(through[0], through[1]);
            got += a_through;
            silent_owner = !a_through && WIFSIGNALED(st);
            SYS(sem_post(waited));  /* b gets through whoever had the first unit */
            posts++;
        }
        expect_exit(b, 0);
        got += count_through(through[0], through[1]);
        long left = value(waited);
        if (left != posts - got && !(silent_owner && left == posts - got - 1))
            FAIL("round %d: %d posts, %d waits through, value %ld", round, posts, got, left);
        while (sem_trywait(waited) == 0)
            ;
#ifdef __shmos__
        CHECK_EQ(waiters(0), 0);
#endif
    }
    through_fd = -1;
    close(through[0]);
    close(through[1]);
    SYS(sem_close(waited));
    unlink_n(0);
}

/* abstime in ms from now on CLOCK_REALTIME, as sem_timedwait wants it. */
static struct timespec in_ms(long ms)
{
    struct timespec ts;
    SYS(clock_gettime(CLOCK_REALTIME, &ts));
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static void post_after(long ms)
{
    sleep_ms(ms);
    SYS(sem_post(waited));
}

/* sem_timedwait: rejects a bad tv_nsec (as glibc, even with a unit
 * there), takes an available unit at once, times out (ETIMEDOUT) after the
 * deadline without taking anything, and is woken by a post before it. */
static void timed_wait(void)
{
    waited = sem_new(0, 1);
    struct timespec bad = { 0, 2000000000L };
    EXPECT_ERR(sem_timedwait(waited, &bad), EINVAL);
    CHECK_EQ(value(waited), 1);
    struct timespec past = { 0, 0 };
    SYS(sem_timedwait(waited, &past));          /* a unit was there */
    EXPECT_ERR(sem_timedwait(waited, &past), ETIMEDOUT);
    uint64_t t0 = now_ns();
    struct timespec soon = in_ms(200);
    EXPECT_ERR(sem_timedwait(waited, &soon), ETIMEDOUT);
    CHECK(now_ns() - t0 >= 190000000u);
    CHECK_EQ(value(waited), 0);
    pid_t poster = spawn(post_after, 100);
    struct timespec later = in_ms(10000);
    t0 = now_ns();
    SYS(sem_timedwait(waited, &later));
    CHECK(now_ns() - t0 < 5000000000u);
    expect_exit(poster, 0);
    CHECK_EQ(value(waited), 0);
#ifdef __shmos__
    CHECK_EQ(waiters(0), 0);
#endif
    SYS(sem_close(waited));
    unlink_n(0);
}

/* Waiter arg: tells it is about to block, waits, then reports its index. */
static void ordered_waiter(long arg)
{
    tell(ready_fd);
    SYS(sem_wait(waited));
    char c = (char)('0' + arg);
    write_all(ready_fd, &c, 1);
}

/* Wake-ups are FIFO: four waiters blocked one after another get the units
 * of four posts, one at a time, in the order they blocked. */
static void fifo_wakeups(void)
{
    enum { N = 4 };
    waited = sem_new(0, 0);
    int p[2];
    SYS(pipe(p));
    ready_fd = p[1];
    pid_t pids[N];
    for (int i = 0; i < N; i++) {
        pids[i] = spawn(ordered_waiter, i);
        hear(p[0]);
        until_blocked(pids[i], i + 1);
    }
    for (int i = 0; i < N; i++) {
        SYS(sem_post(waited));
        char c;
        read_exact(p[0], &c, 1);
        if (c != '0' + i)
            FAIL("post %d woke waiter %c, expected waiter %d (FIFO)", i, c, i);
    }
    for (int i = 0; i < N; i++)
        expect_exit(pids[i], 0);
    CHECK_EQ(value(waited), 0);
    close(p[0]);
    close(p[1]);
    SYS(sem_close(waited));
    unlink_n(0);
}

struct counter {
    volatile int value;
    volatile int inside;        /* processes in the critical section */
    volatile int overlaps;      /* times one entered while another was in */
};

static int counter_id;

/* 10,000 increments of the shared counter, each a read, a pause now and
 * then, and a write, under the mutex semaphore opened by name. */
static void counter_worker(long arg)
{
    (void)arg;
    sem_t *m = open_existing(0);
    struct counter *c = shmat(counter_id, NULL, 0);
    CHECK(c != (void *)-1);
    for (int i = 0; i < 10000; i++) {
        SYS(sem_wait(m));
        if (c->inside++ != 0)
            c->overlaps++;
        int v = c->value;
        if (i % 97 == 0)
            sched_yield();
        c->value = v + 1;
        c->inside--;
        SYS(sem_post(m));
    }
    SYS(shmdt(c));
    SYS(sem_close(m));
}

/* Four processes, each 10,000 sem_wait/sem_post around a read-modify-write
 * of a counter in a segment: the total is exact and no two were inside at
 * once. */
static void shared_counter(void)
{
    sem_t *m = sem_new(0, 1);
    counter_id = (int)SYS(shmget(sem_key(), sizeof(struct counter), IPC_CREAT | IPC_EXCL | 0600));
    pid_t kids[4];
    for (int i = 0; i < 4; i++)
        kids[i] = spawn(counter_worker, i);
    for (int i = 0; i < 4; i++)
        expect_exit(kids[i], 0);
    struct counter *c = shmat(counter_id, NULL, SHM_RDONLY);
    CHECK(c != (void *)-1);
    CHECK_EQ(c->overlaps, 0);
    CHECK_EQ(c->value, 40000);
    CHECK_EQ(value(m), 1);
    SYS(shmdt(c));
    SYS(shmctl(counter_id, IPC_RMID, NULL));
    SYS(sem_close(m));
    unlink_n(0);
}

static const struct test tests[] = {
    T("a waiter killed while blocked neither loses nor creates a unit", killed_waiter, 0, NULL),
    T("sem_timedwait: takes, times out, is woken by a post, EINVAL", timed_wait, 0, NULL),
    T("wake-ups are FIFO: 4 blocked waiters get 4 posts in order", fifo_wakeups, 0,
      SHMOS_ONLY("POSIX leaves the wake-up order to the implementation (futexes on Linux)")),
    T("4 processes x 10,000 sem_wait/sem_post around a shared counter: exactly 40,000",
      shared_counter, 0, NULL),
};
TEST_GROUP(140, tests);
