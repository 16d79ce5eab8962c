/* Named semaphores: sem_open / sem_close / sem_unlink / sem_wait /
 * sem_trywait / sem_post / sem_getvalue with every error code, unlink while
 * open, inheritance through fork, a waiter killed while blocked, a counter
 * in a System V segment shared by four processes under a semaphore, and
 * 10,000 open / close / unlink cycles that must leave nothing behind.
 *
 * The same file runs on Linux, the reference. shmos's own limits (64
 * semaphores, 16 open per process, 31-byte names), its meminfo counts and
 * its EINVAL for a bad sem_t (undefined behaviour on Linux) are under
 * #ifdef __shmos__ or SKIP there.
 *
 * Every body runs in a worker forked by guarded(). Names (and the one
 * segment key) are derived from the guard's pid (parallel runs on Linux
 * cannot collide); when the worker is gone the guard unlinks every name in
 * that range and removes the segment, even after a failed check, and a
 * passing body that left one behind fails. */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
int sem_list(struct seminfo_rec *buf, int max);
#endif

#define NNAMES  72                  /* names name(0..NNAMES-1) per test */
#define NAME_SIZE 320
#define SEM_TABLE 64                /* shmos: semaphores system-wide */
#define SEM_OPEN_MAX 16             /* shmos: open per process */
#define BODY_LIMIT_MS 25000         /* under the runner's 30 s default */
#define CYCLES 10000

static pid_t guard;                 /* the pid names and the key derive from */

/* The System V key of this test (the shared counter's segment). */
static key_t key(void)
{
    return (key_t)(0x40000000 | ((guard & 0x3FFFFF) << 8));
}

/* Name n of this test, into buf[NAME_SIZE]. */
static char *name(char *buf, int n)
{
    fmt(buf, NAME_SIZE, "/se%d.%d", (int)guard, n);
    return buf;
}

/* A name of this test with exactly len bytes after its '/'. */
static char *long_name(char *buf, int len)
{
    int n = fmt(buf, NAME_SIZE, "/se%d-", (int)guard);
    while (n < len + 1 && n < NAME_SIZE - 1)
        buf[n++] = 'L';
    buf[n] = '\0';
    return buf;
}

/* call must return SEM_FAILED with errno err. */
#define EXPECT_OPEN_ERR(call, err) do { \
    errno = 0; \
    sem_t *s_ = (call); \
    int e_ = errno; \
    if (s_ != SEM_FAILED || e_ != (err)) \
        FAIL("%s returned %p errno %s, expected SEM_FAILED with %s", \
             #call, (void *)s_, errname(e_), errname(err)); \
} while (0)

/* sem_open(name(n), O_CREAT | O_EXCL, 0600, value), which must work. */
static sem_t *create(int n, unsigned value)
{
    char nm[NAME_SIZE];
    sem_t *s = sem_open(name(nm, n), O_CREAT | O_EXCL, 0600, value);
    if (s == SEM_FAILED)
        FAIL("sem_open(%s, O_CREAT | O_EXCL, %u) failed: %s", nm, value, errname(errno));
    return s;
}

/* sem_open(name(n), 0), which must work. */
static sem_t *open_existing(int n)
{
    char nm[NAME_SIZE];
    sem_t *s = sem_open(name(nm, n), 0);
    if (s == SEM_FAILED)
        FAIL("sem_open(%s, 0) failed: %s", nm, errname(errno));
    return s;
}

/* sem_unlink(name(n)), which must work. */
static void unlink_n(int n)
{
    char nm[NAME_SIZE];
    SYS(sem_unlink(name(nm, n)));
}

/* sem_getvalue of s, which must work. */
static int value(sem_t *s)
{
    int v = -1;
    SYS(sem_getvalue(s, &v));
    return v;
}

#ifdef __shmos__
static struct meminfo mem(void)
{
    struct meminfo mi;
    SYS(meminfo(&mi));
    return mi;
}
static long nsem(void) { return (long)mem().nsem; }

/* Processes blocked in sem_wait on name(n), from the kernel's listing. */
static long waiters(int n)
{
    static struct seminfo_rec recs[SEM_TABLE];
    char nm[NAME_SIZE];
    name(nm, n);
    int count = (int)SYS(sem_list(recs, SEM_TABLE));
    for (int i = 0; i < count; i++)
        if (!(recs[i].flags & SHMINFO_REMOVED) && strcmp(recs[i].name, nm + 1) == 0)
            return (long)recs[i].nwait;
    FAIL("%s is not listed by sem_list", nm);
}
#endif

/* Unlink every name of this test and remove its segment. Returns how
 * many existed. */
static int sweep(void)
{
    char nm[NAME_SIZE];
    int found = 0, id = shmget(key(), 0, 0);
    found += id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
    for (int n = 0; n < NNAMES; n++)
        found += sem_unlink(name(nm, n)) == 0;
    found += sem_unlink(long_name(nm, 31)) == 0;
    found += sem_unlink(long_name(nm, 32)) == 0;
    return found;
}

/* The test function of every entry: runs the body arg (a void (*)(void))
 * guarded; keys and names derive from this process's pid. */
static void guarded(long arg)
{
    guard = getpid();
    run_guarded_body((void (*)(void))arg, BODY_LIMIT_MS, sweep, "semaphore name(s) or segment(s)");
}

/* ------------------------------------------------------------ sem_open */

/* O_CREAT creates with the value, O_EXCL refuses an existing name, and
 * every later open of the name (with or without O_CREAT: the value is
 * then ignored) gives the same sem_t; each open needs its close. The name
 * without its '/' is the same semaphore (the sem_t may differ: POSIX only
 * promises one address per identical name). */
static void open_create_excl(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
    sem_t *a = create(0, 3);
    EXPECT_OPEN_ERR(sem_open(nm, O_CREAT | O_EXCL, 0600, 0), EEXIST);
    sem_t *b = open_existing(0);
    sem_t *c = sem_open(nm, O_CREAT, 0600, 9);
    CHECK(b == a && c == a);
    CHECK_EQ(value(a), 3);
    sem_t *d = sem_open(nm + 1, 0);
    CHECK(d != SEM_FAILED);
    SYS(sem_post(d));
    CHECK_EQ(value(a), 4);
    SYS(sem_close(d));
    for (int i = 0; i < 2; i++)
        SYS(sem_close(a));
    CHECK_EQ(value(a), 4);
    SYS(sem_close(a));
    SYS(sem_unlink(nm));
}

/* No O_CREAT and no such name: ENOENT, before creation and after unlink. */
static void open_enoent(void)
{
    char nm[NAME_SIZE];
    EXPECT_OPEN_ERR(sem_open(name(nm, 0), 0), ENOENT);
    EXPECT_OPEN_ERR(sem_open(nm, O_EXCL), ENOENT);
    EXPECT_ERR(sem_unlink(nm), ENOENT);
    sem_t *s = create(0, 0);
    SYS(sem_close(s));
    SYS(sem_unlink(nm));
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
    EXPECT_ERR(sem_unlink(nm), ENOENT);
}

/* EINVAL for a value above SEM_VALUE_MAX when creating (nothing created)
 * and for names that are empty or hold a '/' after the leading ones. */
static void open_einval(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
    EXPECT_OPEN_ERR(sem_open(nm, O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1), EINVAL);
    EXPECT_OPEN_ERR(sem_open(nm, O_CREAT | O_EXCL, 0600, 0xFFFFFFFFu), EINVAL);
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
    EXPECT_OPEN_ERR(sem_open("/", O_CREAT, 0600, 0), EINVAL);
    EXPECT_OPEN_ERR(sem_open("", O_CREAT, 0600, 0), EINVAL);
    char slashed[NAME_SIZE];
    fmt(slashed, sizeof slashed, "%s/x", nm);
    EXPECT_OPEN_ERR(sem_open(slashed, O_CREAT, 0600, 0), EINVAL);
    /* The value only matters when creating: an existing name opens (Linux). */
    sem_t *s = create(0, 3);
    sem_t *again = sem_open(nm, O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1);
    CHECK(again == s);
    CHECK_EQ(value(s), 3);
    SYS(sem_close(again));
    SYS(sem_close(s));
    unlink_n(0);
}

/* 300 bytes: too long on both systems. shmos allows 31 bytes after the
 * '/', Linux (glibc) 251. POSIX says ENAMETOOLONG; glibc 2.36 says EINVAL. */
static void open_nametoolong(void)
{
    char nm[NAME_SIZE];
    errno = 0;
    sem_t *s = sem_open(long_name(nm, 300), O_CREAT, 0600, 0);
    int e = errno;
#ifdef __shmos__
    if (s != SEM_FAILED || e != ENAMETOOLONG)
        FAIL("a 300-byte name gave %p errno %s, expected ENAMETOOLONG", (void *)s, errname(e));
    EXPECT_ERR(sem_unlink(nm), ENAMETOOLONG);
    EXPECT_OPEN_ERR(sem_open(long_name(nm, 32), O_CREAT, 0600, 0), ENAMETOOLONG);
#else
    if (s != SEM_FAILED || (e != ENAMETOOLONG && e != EINVAL))
        FAIL("a 300-byte name gave %p errno %s, expected ENAMETOOLONG or EINVAL",
             (void *)s, errname(e));
    if (e == EINVAL)
        diag("this glibc reports a too-long name as EINVAL; POSIX and shmos say ENAMETOOLONG");
#endif
    s = sem_open(long_name(nm, 31), O_CREAT | O_EXCL, 0600, 4);
    CHECK(s != SEM_FAILED);
    CHECK_EQ(value(s), 4);
    SYS(sem_close(s));
    SYS(sem_unlink(nm));
}

#ifdef __shmos__
/* 16 open per process (EMFILE), 64 in the system (ENOSPC); a failed open
 * creates nothing, and a freed slot is usable again. */
static void open_limits(void)
{
    long base = nsem();
    sem_t *h[SEM_OPEN_MAX];
    for (int i = 0; i < SEM_OPEN_MAX; i++)
        h[i] = create(i, 0);
    char nm[NAME_SIZE];
    EXPECT_OPEN_ERR(sem_open(name(nm, SEM_OPEN_MAX), O_CREAT, 0600, 0), EMFILE);
    CHECK_EQ(nsem(), base + SEM_OPEN_MAX);
    CHECK(open_existing(0) == h[0]);          /* the same handle: no new slot */
    SYS(sem_close(h[0]));
    SYS(sem_close(h[SEM_OPEN_MAX - 1]));
    SYS(sem_close(create(SEM_OPEN_MAX, 0)));
    for (int i = 0; i < SEM_OPEN_MAX - 1; i++)
        SYS(sem_close(h[i]));
    for (int i = 0; i <= SEM_OPEN_MAX; i++)
        unlink_n(i);
    CHECK_EQ(nsem(), base);

    int room = SEM_TABLE - (int)base;
    for (int i = 0; i < room; i++)
        SYS(sem_close(create(i, 0)));        /* closed but not unlinked: it stays */
    CHECK_EQ(nsem(), SEM_TABLE);
    EXPECT_OPEN_ERR(sem_open(name(nm, room), O_CREAT, 0600, 0), ENOSPC);
    CHECK_EQ(nsem(), SEM_TABLE);
    SYS(sem_close(open_existing(0)));
    unlink_n(0);
    SYS(sem_close(create(room, 0)));
    for (int i = 1; i <= room; i++)
        unlink_n(i);
    CHECK_EQ(nsem(), base);
}
#endif

/* ------------------------------------------------------------ values */

/* sem_trywait takes a unit or fails with EAGAIN at 0; sem_getvalue follows. */
static void trywait_getvalue(void)
{
    sem_t *s = create(0, 2);
    CHECK_EQ(value(s), 2);
    SYS(sem_trywait(s));
    SYS(sem_trywait(s));
    EXPECT_ERR(sem_trywait(s), EAGAIN);
    CHECK_EQ(value(s), 0);
    SYS(sem_post(s));
    CHECK_EQ(value(s), 1);
    SYS(sem_wait(s));
    CHECK_EQ(value(s), 0);
    EXPECT_ERR(sem_trywait(s), EAGAIN);
    SYS(sem_close(s));
    unlink_n(0);
}

/* SEM_VALUE_MAX is a valid start; one more post gives EOVERFLOW. */
static void post_overflow(void)
{
    sem_t *s = create(0, SEM_VALUE_MAX);
    CHECK_EQ(value(s), SEM_VALUE_MAX);
    EXPECT_ERR(sem_post(s), EOVERFLOW);
    CHECK_EQ(value(s), SEM_VALUE_MAX);
    SYS(sem_trywait(s));
    SYS(sem_post(s));
    CHECK_EQ(value(s), SEM_VALUE_MAX);
    SYS(sem_close(s));
    unlink_n(0);
}

#ifdef __shmos__
/* A sem_t that is not an open handle: EINVAL from every call. */
static void bad_handle(void)
{
    sem_t fake;
    memset(&fake, 0, sizeof fake);
    int v;
    EXPECT_ERR(sem_close(&fake), EINVAL);
    EXPECT_ERR(sem_close(NULLPTR), EINVAL);
    EXPECT_ERR(sem_wait(&fake), EINVAL);
    EXPECT_ERR(sem_trywait(&fake), EINVAL);
    EXPECT_ERR(sem_post(&fake), EINVAL);
    EXPECT_ERR(sem_getvalue(&fake, &v), EINVAL);
    sem_t *s = create(0, 1);
    SYS(sem_close(s));
    EXPECT_ERR(sem_close(s), EINVAL);
    EXPECT_ERR(sem_post(s), EINVAL);
    EXPECT_ERR(sem_wait(s), EINVAL);
    unlink_n(0);
}
#endif

/* ------------------------------------------------------------ lifetime */

/* sem_unlink takes the name at once (a new semaphore may take it), open
 * handles here and in a child keep working, and the semaphore itself goes
 * at the last close (the child's exit). */
static void unlink_while_open(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
#ifdef __shmos__
    long base = nsem();
#endif
    sem_t *a = create(0, 5);
    int down[2], up[2];
    SYS(pipe(down));
    SYS(pipe(up));
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        hear(down[0]);
        SYS(sem_wait(a));
        SYS(sem_post(a));
        SYS(sem_post(a));
        tell(up[1]);
        hear(down[0]);
        _exit(0);
    }
    SYS(sem_unlink(nm));
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
    EXPECT_ERR(sem_unlink(nm), ENOENT);
    SYS(sem_wait(a));
    CHECK_EQ(value(a), 4);
    sem_t *b = create(0, 0);
    CHECK(b != a);
    SYS(sem_post(b));
    CHECK_EQ(value(a), 4);
    CHECK_EQ(value(b), 1);
#ifdef __shmos__
    CHECK_EQ(nsem(), base + 2);
#endif
    SYS(sem_close(a));
#ifdef __shmos__
    CHECK_EQ(nsem(), base + 2);               /* the child still has it open */
#endif
    tell(down[1]);
    hear(up[0]);
    CHECK_EQ(value(b), 1);
    tell(down[1]);
    expect_exit(c, 0);
#ifdef __shmos__
    CHECK_EQ(nsem(), base + 1);
#endif
    SYS(sem_close(b));
    SYS(sem_unlink(nm));
#ifdef __shmos__
    CHECK_EQ(nsem(), base);
#endif
}

/* A child uses the parent's handles without opening anything: 200 posts
 * and waits in lock step; the parent's handles work after it exits. */
static void fork_inherits(void)
{
    sem_t *ping = create(0, 0), *pong = create(1, 0);
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        for (int i = 0; i < 100; i++) {
            SYS(sem_wait(ping));
            SYS(sem_post(pong));
        }
        _exit(0);
    }
    for (int i = 0; i < 100; i++) {
        SYS(sem_post(ping));
        SYS(sem_wait(pong));
    }
    expect_exit(c, 0);
    CHECK_EQ(value(ping), 0);
    CHECK_EQ(value(pong), 0);
    SYS(sem_post(ping));
    CHECK_EQ(value(ping), 1);
    SYS(sem_close(ping));
    SYS(sem_close(pong));
    unlink_n(0);
    unlink_n(1);
}

static sem_t *waited;       /* what blocked_waiter waits on */
static int ready_fd;

/* Say so on ready_fd, then block in sem_wait(waited); exit 0 when through. */
static void blocked_waiter(long arg)
{
    (void)arg;
    tell(ready_fd);
    SYS(sem_wait(waited));
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
 * Killing never loses or creates a unit: posts == successful waits +
 * the final value, and the survivor always gets through. */
static void killed_waiter(void)
{
    waited = create(0, 0);
    int p[2];
    SYS(pipe(p));
    ready_fd = p[1];
    for (int round = 0; round < 10; round++) {
        pid_t a = spawn(blocked_waiter, 0);
        hear(p[0]);
        until_blocked(a, 1);
        pid_t b = spawn(blocked_waiter, 0);
        hear(p[0]);
        until_blocked(b, 2);
        int posts = 0, got = 0;
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
            if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
                got++;              /* it had its unit before the kill landed */
            else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
                FAIL("waiter %d ended with status 0x%x", (int)a, (unsigned)st);
            SYS(sem_post(waited));  /* b gets through whoever had the first unit */
            posts++;
        }
        expect_exit(b, 0);
        got++;
        CHECK_EQ(value(waited), posts - got);
        while (sem_trywait(waited) == 0)
            ;
#ifdef __shmos__
        CHECK_EQ(waiters(0), 0);
#endif
    }
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
    waited = create(0, 1);
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
    waited = create(0, 0);
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
    sem_t *m = create(0, 1);
    counter_id = (int)SYS(shmget(key(), sizeof(struct counter), IPC_CREAT | IPC_EXCL | 0600));
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

/* 10,000 cycles in a child: after the first, free pages and the semaphore
 * count never move; after the child is gone they are what they were. */
static void cycles(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
#ifdef __shmos__
    struct meminfo m0 = mem();
#endif
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
#ifdef __shmos__
        struct meminfo m1 = m0;
#endif
        for (int i = 0; i < CYCLES; i++) {
            sem_t *s = sem_open(nm, O_CREAT | O_EXCL, 0600, (unsigned)(i & 7));
            if (s == SEM_FAILED)
                FAIL("cycle %d: sem_open failed: %s", i, errname(errno));
            int v = -1;
            if (sem_getvalue(s, &v) != 0 || v != (i & 7))
                FAIL("cycle %d: value %d, expected %d", i, v, i & 7);
            if (i % 2) {
                SYS(sem_unlink(nm));
                SYS(sem_close(s));
            } else {
                SYS(sem_close(s));
                SYS(sem_unlink(nm));
            }
#ifdef __shmos__
            if (i == 0)
                m1 = mem();
#endif
        }
#ifdef __shmos__
        struct meminfo m2 = mem();
        if (m2.free_pages != m1.free_pages || m2.nsem != m1.nsem)
            FAIL("after %d cycles: free pages %u -> %u, semaphores %u -> %u", CYCLES - 1,
                 (unsigned)m1.free_pages, (unsigned)m2.free_pages, (unsigned)m1.nsem,
                 (unsigned)m2.nsem);
#endif
        _exit(0);
    }
    expect_exit(c, 0);
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
#ifdef __shmos__
    struct meminfo m3 = mem();
    if (m3.free_pages != m0.free_pages || m3.nsem != m0.nsem)
        FAIL("free pages %u -> %u, semaphores %u -> %u", (unsigned)m0.free_pages,
             (unsigned)m3.free_pages, (unsigned)m0.nsem, (unsigned)m3.nsem);
#endif
}

#define T(name, body, timeout, skip) { "sem: " name, guarded, (long)(body), 0, timeout, skip }
#ifdef __shmos__
#define SHMOS_BODY(f) f
#else
#define SHMOS_BODY(f) NULL
#endif

static const struct test tests[] = {
    T("sem_open O_CREAT creates, O_EXCL gives EEXIST, reopening gives the same sem_t",
      open_create_excl, 0, NULL),
    T("sem_open and sem_unlink of a missing name give ENOENT", open_enoent, 0, NULL),
    T("sem_open EINVAL: value above SEM_VALUE_MAX, empty name, '/' inside", open_einval, 0, NULL),
    T("sem_open of a 300-byte name fails (ENAMETOOLONG), 31 bytes work", open_nametoolong, 0,
      NULL),
    T("sem_open EMFILE beyond 16 open, ENOSPC beyond 64 semaphores", SHMOS_BODY(open_limits), 0,
      SHMOS_ONLY("the 16/64 limits are shmos's")),
    T("sem_trywait EAGAIN at 0, sem_getvalue follows posts and waits", trywait_getvalue, 0, NULL),
    T("sem_post EOVERFLOW at SEM_VALUE_MAX", post_overflow, 0, NULL),
    T("a bad or closed sem_t gives EINVAL", SHMOS_BODY(bad_handle), 0,
      SHMOS_ONLY("undefined behaviour on Linux")),
    T("sem_unlink: name gone at once, open handles work, freed at last close",
      unlink_while_open, 0, NULL),
    T("fork inherits open semaphores: 100 rounds of ping-pong", fork_inherits, 0, NULL),
    T("a waiter killed while blocked neither loses nor creates a unit", killed_waiter, 0, NULL),
    T("sem_timedwait: takes, times out, is woken by a post, EINVAL", timed_wait, 0, NULL),
    T("wake-ups are FIFO: 4 blocked waiters get 4 posts in order", fifo_wakeups, 0,
      SHMOS_ONLY("POSIX leaves the wake-up order to the implementation (futexes on Linux)")),
    T("4 processes x 10,000 sem_wait/sem_post around a shared counter: exactly 40,000",
      shared_counter, 0, NULL),
    T("10,000 sem_open/sem_close/sem_unlink cycles leave pages and slots as they were", cycles,
      0, NULL),
};
TEST_GROUP(sem_tests, tests);
