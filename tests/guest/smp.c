/* SMP stress: several processes at once, on every CPU, where CPUs meet
 * (issue 5; the segment pool is in smp_pool.c):
 *
 *   - a plain counter incremented under a named semaphore, and an atomic
 *     one incremented with fetch_add, by 4 processes: exact totals;
 *   - fork/exit/wait storms with nested forks and killed children: every
 *     wait status right;
 *   - ping-pongs of an atomic int in shared memory, one pair and two
 *     pairs at once: every turn and the data sent with it seen in order.
 *
 * Each test then checks that the kernel's free pages, processes, segments
 * and semaphores are back at their starting counts (meminfo: shmos only).
 * They assert behaviour, never timing, so they pass with 1 CPU as well as
 * with 4 (make test runs the suite with 1, 2 and 4). The same file runs on
 * Linux, the reference. Helpers and the guard: smp_util.h. */
#include "smp_util.h"

/* ------------------------------------------------------------ counters */

#define COUNT_PROCS 4
#define SEM_ADDS 2000
#define ATOMIC_ADDS 20000

struct tally {
    volatile int plain;             /* incremented under the semaphore */
    _Atomic int atomic;             /* incremented with fetch_add */
    _Atomic int inside;             /* processes between sem_wait and sem_post */
    _Atomic int overlaps;           /* times one got in while another was in */
    _Atomic int arrived;
};
static struct tally *tally;

/* SEM_ADDS read-pause-write increments of tally->plain, each between
 * sem_wait and sem_post of the test's semaphore, opened by name. */
static void sem_adder(long arg)
{
    (void)arg;
    char nm[32];
    sem_t *m = sem_open(sem_name(nm, sizeof nm), 0);
    if (m == SEM_FAILED)
        FAIL("sem_open(%s) failed: %s", nm, errname(errno));
    barrier(&tally->arrived, COUNT_PROCS);
    for (int i = 0; i < SEM_ADDS; i++) {
        SYS(sem_wait(m));
        if (atomic_fetch_add(&tally->inside, 1) != 0)
            atomic_fetch_add(&tally->overlaps, 1);
        int v = tally->plain;
        for (volatile int k = 0; k < (i & 7) * 8; k++)
            ;                       /* widen the window a broken lock would let through */
        if (i % 50 == 0)
            sched_yield();          /* let the others find it taken, on one CPU too */
        tally->plain = v + 1;
        atomic_fetch_sub(&tally->inside, 1);
        SYS(sem_post(m));
    }
    SYS(sem_close(m));
}

/* 4 processes x 2000 increments under a named semaphore: exactly 8000,
 * never two inside at once, and the semaphore back at 1. */
static void sem_counter_body(void)
{
    warm_stack();
    tally = scratch_new(sizeof *tally);
    char nm[32];
    sem_t *m = sem_open(sem_name(nm, sizeof nm), O_CREAT | O_EXCL, 0600, 1);
    if (m == SEM_FAILED)
        FAIL("sem_open(%s, O_CREAT | O_EXCL) failed: %s", nm, errname(errno));
    struct counts before = settled_counts();
    struct crew crew;
    crew_start(&crew, COUNT_PROCS, sem_adder);
    crew_finish(&crew, "adder");
    CHECK_EQ(atomic_load(&tally->overlaps), 0);
    CHECK_EQ(tally->plain, COUNT_PROCS * SEM_ADDS);
    int v = -1;
    SYS(sem_getvalue(m, &v));
    CHECK_EQ(v, 1);
    expect_counts_back(before);
    SYS(sem_close(m));
    SYS(sem_unlink(nm));
    SYS(shmdt(tally));
}

/* ATOMIC_ADDS fetch_adds; the values it gets back only ever grow. */
static void atomic_adder(long arg)
{
    (void)arg;
    barrier(&tally->arrived, COUNT_PROCS);
    int last = -1;
    for (int i = 0; i < ATOMIC_ADDS; i++) {
        int v = atomic_fetch_add(&tally->atomic, 1);
        if (v <= last)
            FAIL("fetch_add returned %d after %d: the counter went back", v, last);
        last = v;
    }
}

static void atomic_counter_body(void)
{
    warm_stack();
    tally = scratch_new(sizeof *tally);
    struct counts before = settled_counts();
    struct crew crew;
    crew_start(&crew, COUNT_PROCS, atomic_adder);
    crew_finish(&crew, "adder");
    CHECK_EQ(atomic_load(&tally->atomic), COUNT_PROCS * ATOMIC_ADDS);
    expect_counts_back(before);
    SYS(shmdt(tally));
}

/* ------------------------------------------------------------ fork storms */

/* STORM_PROCS workers, each STORM_ROUNDS times: fork a child that exits
 * with a code, one that forks a grandchild and passes on its status, and
 * one the worker kills once it runs (asleep in even rounds, spinning in odd ones, maybe
 * on another CPU); then reap the three in the order they end. */
#define STORM_PROCS 4
#define STORM_ROUNDS 30

struct storm {
    _Atomic int arrived;
    _Atomic int doomed[STORM_PROCS];    /* round + 1 once worker w's doomed child runs */
};
static struct storm *storm;

/* An exit code for worker w, round r, child k: never 0 or 1 (which a
 * failing check gives). */
static int storm_code(int w, int r, int k)
{
    return 2 + (w * 37 + r * 5 + k * 11) % 120;
}

/* The nested child: its grandchild exits with code, and it exits with
 * code + 100 once it has reaped exactly that. */
static void nested_child(int code)
{
    pid_t g = (pid_t)SYS(fork());
    if (g == 0)
        _exit(code);
    expect_exit(g, code);
    EXPECT_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
    _exit(code + 100);
}

/* Say it runs, then wait to be killed, asleep or spinning; exit if
 * worker (the parent) is gone without killing it. */
static void doomed_child(int w, int r, pid_t worker)
{
    atomic_store(&storm->doomed[w], r + 1);
    if (!(r & 1))
        sleep_ms(20000);
    for (unsigned i = 1;; i++)
        if (i % 4096 == 0 && getppid() != worker)
            _exit(3);
}

static void storm_worker(long w)
{
    pid_t self = getpid();
    barrier(&storm->arrived, STORM_PROCS);
    for (int r = 0; r < STORM_ROUNDS; r++) {
        pid_t pid[3];
        for (int k = 0; k < 3; k++) {
            pid[k] = (pid_t)SYS(fork());
            if (pid[k] == 0) {
                if (k == 0)
                    _exit(storm_code((int)w, r, k));
                if (k == 1)
                    nested_child(storm_code((int)w, r, k));
                doomed_child((int)w, r, self);
            }
        }
        for (unsigned checks = 1; atomic_load(&storm->doomed[w]) != r + 1; checks++)
            if (checks % SPINS == 0) {
                still_needed();
                sched_yield();
            }
        SYS(kill(pid[2], SIGTERM));
        int seen[3] = { 0, 0, 0 };
        for (int n = 0; n < 3; n++) {
            int st = 0, k = 0;
            pid_t got;
            while ((got = waitpid(-1, &st, 0)) < 0 && errno == EINTR)
                ;
            while (k < 3 && pid[k] != got)
                k++;
            if (k == 3 || seen[k])
                FAIL("worker %ld round %d: waitpid(-1) returned %d (errno %s)%s", w, r,
                     (int)got, errname(errno), k < 3 ? ", a child reaped twice" : "");
            seen[k] = 1;
            if (k == 2 && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM))
                FAIL("worker %ld round %d: the killed child's status is 0x%x, expected "
                     "death by SIGTERM", w, r, (unsigned)st);
            int want = storm_code((int)w, r, k) + (k == 1 ? 100 : 0);
            if (k < 2 && !(WIFEXITED(st) && WEXITSTATUS(st) == want))
                FAIL("worker %ld round %d: child %d's status is 0x%x, expected exit %d",
                     w, r, k, (unsigned)st, want);
        }
    }
    EXPECT_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
}

static void fork_storm_body(void)
{
    warm_stack();
    storm = scratch_new(sizeof *storm);
    struct counts before = settled_counts();
    struct crew crew;
    crew_start(&crew, STORM_PROCS, storm_worker);
    crew_finish(&crew, "storm worker");
    EXPECT_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
    expect_counts_back(before);
    SYS(shmdt(storm));
}

/* ------------------------------------------------------------ ping-pong */

/* In each of 1 or 2 pairs of processes, the pinger sets turn to 2k + 1 and
 * the ponger answers 2k + 2, for TRIPS round trips. With each turn goes a
 * ball: a plain int written before the turn is released and read after it
 * is seen, which must be the one sent. With 2 pairs there are more
 * processes than CPUs (with 2 CPUs or fewer), so yields switch and
 * processes move from CPU to CPU between turns. */
#define TRIPS 2000
#define MAX_PAIRS (MAX_CREW / 2)

struct court {
    _Atomic int turn;
    volatile int ball;
};
static struct court *courts;

static int ball_for(int k) { return k * 7919 + 13; }

/* Wait until the court's turn is want (meanwhile it may only be want - 1),
 * spinning SPINS checks between yields. */
static void await_turn(struct court *c, int want, const char *who)
{
    for (unsigned checks = 1;; checks++) {
        int t = atomic_load_explicit(&c->turn, memory_order_acquire);
        if (t == want)
            return;
        if (t != want - 1)
            FAIL("%s: the turn is %d, expected %d or %d", who, t, want - 1, want);
        if (checks % SPINS != 0)
            continue;
        if (checks % (64 * SPINS) == 0)
            still_needed();
        sched_yield();
    }
}

/* Crew member i: the pinger (even i) or the ponger (odd i) of pair i / 2. */
static void player(long i)
{
    struct court *c = &courts[i / 2];
    int pinger = i % 2 == 0;
    for (int k = 0; k < TRIPS; k++) {
        if (pinger) {
            c->ball = ball_for(k);
            atomic_store_explicit(&c->turn, 2 * k + 1, memory_order_release);
            await_turn(c, 2 * k + 2, "pinger");
            if (c->ball != ~ball_for(k))
                FAIL("pinger %ld: ball %d in round trip %d, expected %d", i / 2, c->ball, k,
                     ~ball_for(k));
        } else {
            await_turn(c, 2 * k + 1, "ponger");
            if (c->ball != ball_for(k))
                FAIL("ponger %ld: ball %d in round trip %d, expected %d", i / 2, c->ball, k,
                     ball_for(k));
            c->ball = ~ball_for(k);
            atomic_store_explicit(&c->turn, 2 * k + 2, memory_order_release);
        }
    }
}

static void ping_pong(int pairs)
{
    warm_stack();
    courts = scratch_new(sizeof *courts * MAX_PAIRS);
    struct counts before = settled_counts();
    struct crew crew;
    crew_start(&crew, 2 * pairs, player);
    crew_finish(&crew, "player");
    for (int p = 0; p < pairs; p++)
        CHECK_EQ(atomic_load(&courts[p].turn), 2 * TRIPS);
    expect_counts_back(before);
    SYS(shmdt(courts));
}

static void ping_pong_body(void) { ping_pong(1); }
static void ping_pong_pairs_body(void) { ping_pong(2); }

static const struct test tests[] = {
    T("4 processes x 2000 increments under a named semaphore: exactly 8000",
      sem_counter_body, NULL),
    T("4 processes x 20000 atomic fetch_adds: exactly 80000", atomic_counter_body, NULL),
    T("4 workers fork, kill and reap 30 x 3 children (nested forks): statuses exact",
      fork_storm_body, NULL),
    T("2000 ping-pong round trips of an atomic int in shared memory", ping_pong_body, NULL),
    T("2 pairs at once, 2000 ping-pong round trips each", ping_pong_pairs_body, NULL),
};
TEST_GROUP(170, tests);
