/* The clock without a system call: clock_gettime(CLOCK_MONOTONIC and
 * CLOCK_REALTIME), gettimeofday and time read the kernel's clock page
 * (<shmos/vclock.h>) in user space. Its readings agree with the kernel's,
 * never go back (across CPUs too, and while the kernel rewrites the page),
 * and the page is the kernel's alone: read-only, not to be unmapped,
 * replaced or re-protected, inherited by fork and mapped again by exec.
 * The semantics of the calls are Linux's (the oracle); the page itself is
 * shmos's. */
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#include <shmos/vclock.h>
#define PAGE_ADDR ((void *)USER_VCLOCK)
#define VC ((const volatile struct vclock *)USER_VCLOCK)
#endif

#define NSEC 1000000000LL

static long long ns_of(const struct timespec *ts)
{
    return (long long)ts->tv_sec * NSEC + ts->tv_nsec;
}

/* libc's reading of clock, which must succeed with tv_nsec in range. */
static long long read_clock(clockid_t clock)
{
    struct timespec ts;
    SYS(clock_gettime(clock, &ts));
    if (ts.tv_nsec < 0 || ts.tv_nsec >= NSEC)
        FAIL("clock %d: tv_nsec %ld out of range", (int)clock, (long)ts.tv_nsec);
    return ns_of(&ts);
}

/* A reading in user space before the system call, the kernel's, and one
 * after: user <= kernel <= user, on both clocks, many times over (a
 * kernel that converted the TSC otherwise than libc would be ahead or
 * behind by its rounding at least now and then). */
static void t_agree(long arg)
{
    (void)arg;
    static const clockid_t clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };
    for (int i = 0; i < 4000; i++) {
        clockid_t c = clocks[i & 1];
        struct timespec k;
        long long before = read_clock(c);
        SYS(clock_gettime_syscall(c, &k));
        long long after = read_clock(c);
        if (ns_of(&k) < before || ns_of(&k) > after)
            FAIL("clock %d: user %lld, kernel %lld, user %lld ns: they disagree", (int)c, before,
                 ns_of(&k), after);
    }
}

/* Shared by the processes of the cross-CPU tests. */
struct shared {
    _Atomic int lock;
    _Atomic int stop;
    _Atomic int arrived;
    _Atomic int cpu_changes;    /* handovers of the lock between CPUs seen */
    int last_cpu;
    long long last;             /* [lock] the latest reading */
    long long rounds;           /* [lock] */
};

static struct shared *shared_new(void)
{
    void *p = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        FAIL("mmap: errno %d (%s)", errno, errname(errno));
    memset(p, 0, sizeof(struct shared));
    return p;
}

static void lock(struct shared *sh)
{
    for (int spins = 0; atomic_exchange(&sh->lock, 1); spins++)
        if (spins % 200 == 199)
            sched_yield();      /* one CPU: let the holder run */
}

/* The CPU this process is running on (-1 on Linux: not asked). */
static int my_cpu(void)
{
#ifdef __shmos__
    static struct procinfo ps[64];
    int n = getprocs(ps, 64);
    for (int i = 0; i < n; i++)
        if (ps[i].pid == getpid())
            return ps[i].cpu;
#endif
    return -1;
}

#define CROSS_PROCS 4
#define CROSS_ROUNDS 1500

/* A member of the cross-CPU test: under the shared lock, read the clock
 * and compare with the latest reading of anyone, so readings are ordered
 * by the lock and the clock must follow that order. */
static void cross_member(struct shared *sh, long idx, clockid_t clock)
{
    atomic_fetch_add(&sh->arrived, 1);
    while (atomic_load(&sh->arrived) < CROSS_PROCS)
        sched_yield();
    for (int i = 0; i < CROSS_ROUNDS; i++) {
        int cpu = (i % 8 == 0) ? my_cpu() : -1;
        lock(sh);
        long long t = read_clock(clock);
        long long last = sh->last;
        sh->last = t;
        sh->rounds++;
        if (cpu >= 0) {
            if (sh->last_cpu != cpu && sh->rounds > 1)
                atomic_fetch_add(&sh->cpu_changes, 1);
            sh->last_cpu = cpu;
        }
        atomic_store(&sh->lock, 0);
        if (t < last)
            FAIL("process %ld read %lld ns after another read %lld ns: back by %lld ns", idx, t,
                 last, last - t);
    }
}

/* One attempt: CROSS_PROCS processes take turns; how many times the lock
 * went from one CPU to another (any reading back in time fails at once). */
static int cross_attempt(clockid_t clock)
{
    struct shared *sh = shared_new();
    pid_t pid[CROSS_PROCS];
    for (long i = 0; i < CROSS_PROCS; i++) {
        if ((pid[i] = fork()) == 0) {
            cross_member(sh, i, clock);
            _exit(0);
        }
        CHECK(pid[i] > 0);
    }
    for (int i = 0; i < CROSS_PROCS; i++)
        expect_exit(pid[i], 0);
    CHECK_EQ(sh->rounds, CROSS_PROCS * CROSS_ROUNDS);
    int changes = atomic_load(&sh->cpu_changes);
    munmap(sh, sizeof(*sh));
    return changes;
}

/* The processes may all be kept on one CPU (the scheduler keeps a yielding
 * process where it is; a loaded host may not run the other virtual CPU for
 * a while): then nothing was compared across CPUs, and the test tries
 * again, up to 5 times. */
static void t_cross_cpu(long arg)
{
#ifdef __shmos__
    int changes = 0;
    for (int attempt = 0; attempt < 5 && changes == 0; attempt++)
        changes = cross_attempt((clockid_t)arg);
    diag("%d lock handovers between CPUs seen", changes);
    if (mem().ncpu >= 2 && changes == 0)
        FAIL("on %u CPUs, every reading seen came from one CPU in 5 attempts: nothing was "
             "compared across CPUs", (unsigned)mem().ncpu);
#else
    cross_attempt((clockid_t)arg);  /* the CPU of a reading is not known here */
#endif
}

#define TORN_READERS 3
#define TORN_WRITES 60          /* kernel rewrites of the page to read through */

/* A reader of the torn-read test: read as fast as possible until told to
 * stop; a reading built from two versions of the page (an old base with a
 * new TSC offset, or half of a new 64-bit base) is off by a base step,
 * 8-17 ms, or by seconds, so it shows as a step back here. */
static void torn_reader(struct shared *sh, long idx)
{
    clockid_t c = idx & 1 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    long long prev = read_clock(c);
    atomic_fetch_add(&sh->arrived, 1);
    for (long n = 0; !atomic_load(&sh->stop); n++) {
        long long t = read_clock(c);
        if (t < prev)
            FAIL("reader %ld, read %ld: the clock went back by %lld ns", idx, n, prev - t);
        prev = t;
    }
}

/* Readers on every CPU while the kernel rewrites the page (its ticks move
 * the base on): each must see its clock only go forward. On shmos the test
 * runs until the page's sequence counter shows TORN_WRITES rewrites; on
 * Linux for one second. */
static void t_torn(long arg)
{
    (void)arg;
    struct shared *sh = shared_new();
    pid_t pid[TORN_READERS];
    for (long i = 0; i < TORN_READERS; i++) {
        if ((pid[i] = fork()) == 0) {
            torn_reader(sh, i);
            _exit(0);
        }
        CHECK(pid[i] > 0);
    }
    while (atomic_load(&sh->arrived) < TORN_READERS)
        sleep_ms(1);
    long long start = read_clock(CLOCK_MONOTONIC);
#ifdef __shmos__
    uint32_t seq0 = VC->seq, writes = 0;
    while ((writes = (VC->seq - seq0) / 2) < TORN_WRITES &&
           read_clock(CLOCK_MONOTONIC) - start < 20 * NSEC)
        sleep_ms(5);
#else
    while (read_clock(CLOCK_MONOTONIC) - start < NSEC)
        sleep_ms(5);
#endif
    atomic_store(&sh->stop, 1);
    for (int i = 0; i < TORN_READERS; i++)
        expect_exit(pid[i], 0);
#ifdef __shmos__
    if (writes < TORN_WRITES)
        FAIL("the kernel rewrote the clock page %u times in 20 s: the test read through none",
             (unsigned)writes);
#endif
}

/* gettimeofday and time() tell CLOCK_REALTIME's time, in microseconds and
 * seconds, truncated. Linux's time() reads the seconds of the last tick
 * (it may lag clock_gettime by one tick); shmos's reads the clock itself. */
static void t_gettimeofday_time(long arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        long long before = read_clock(CLOCK_REALTIME);
        struct timeval tv;
        SYS(gettimeofday(&tv, NULL));
        time_t t1, t2 = time(&t1);
        long long after = read_clock(CLOCK_REALTIME);
        if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
            FAIL("tv_usec %ld out of range", (long)tv.tv_usec);
        long long us = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
        if (us < before / 1000 || us > after / 1000)
            FAIL("gettimeofday %lld us outside CLOCK_REALTIME's [%lld, %lld] ns", us, before, after);
        CHECK_EQ(t1, t2);
#ifdef __shmos__
        long long lag = 0;
#else
        long long lag = 1;
#endif
        if (t2 < before / NSEC - lag || t2 > after / NSEC)
            FAIL("time() %ld outside CLOCK_REALTIME's [%lld, %lld] ns", (long)t2, before, after);
    }
    SYS(gettimeofday(NULLPTR, NULL));       /* Linux allows it (glibc declares it nonnull) */
    CHECK(time(NULL) != (time_t)-1);
    struct timezone tz = { 77, 77 };
    struct timeval tv;
    SYS(gettimeofday(&tv, &tz));
#ifdef __shmos__
    CHECK_EQ(tz.tz_minuteswest, 0);
    CHECK_EQ(tz.tz_dsttime, 0);
#endif
}

/* Clock ids the page has not go to the kernel, which refuses them. */
static void t_other_ids(long arg)
{
    (void)arg;
    struct timespec ts;
    EXPECT_ERR(clock_gettime(12345, &ts), EINVAL);
    EXPECT_ERR(clock_gettime(12345, NULLPTR), EINVAL);  /* the id is checked first */
    EXPECT_ERR(clock_gettime_syscall(12345, &ts), EINVAL);
}

/* With the time written in user space, a bad pointer faults in the
 * caller, as with glibc's vDSO: the child dies of SIGSEGV (the system
 * call's EFAULT is efault.c's). A NULL timeval is no error: it asks only
 * for the time zone. */
static void t_bad_pointer(long arg)
{
    void *bad = opaque((void *)16);     /* in page 0 */
    if (arg == 0)
        clock_gettime(CLOCK_MONOTONIC, bad);
    else
        gettimeofday(bad, NULL);
    FAIL("wrote the time through a pointer into page 0 and lived");
}

#ifdef __shmos__
/* The page's contents, for comparing two processes' views. */
static void page_facts(uint32_t *mult, uint32_t *shift)
{
    *mult = VC->mult;
    *shift = VC->shift;
    if (*mult == 0 || *shift > 32)
        FAIL("the clock page says mult %u shift %u", (unsigned)*mult, (unsigned)*shift);
}

/* A store to the page kills the process with SIGSEGV. */
static void t_write_kills(long arg)
{
    volatile uint32_t *p = opaque(PAGE_ADDR);
    p[arg] = 0;
    FAIL("wrote the clock page and lived");
}

/* The kernel does not write it for the program either. */
static void t_copyout_refused(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    SYS(write(p[1], "xxxx", 4));
    EXPECT_ERR(read(p[0], PAGE_ADDR, 4), EFAULT);
    EXPECT_ERR(pipe(PAGE_ADDR), EFAULT);
    struct timespec *ts = PAGE_ADDR;
    EXPECT_ERR(clock_gettime_syscall(CLOCK_MONOTONIC, ts), EFAULT);
    close(p[0]);
    close(p[1]);
    uint32_t mult, shift;
    page_facts(&mult, &shift);
}

/* munmap over it fails with EINVAL and unmaps nothing, also when the
 * range holds another mapping; MAP_FIXED fails (EINVAL, EEXIST for
 * MAP_FIXED_NOREPLACE) and leaves the page; a hint there is not taken;
 * mprotect changes nothing (EACCES), PROT_READ itself is fine; shmat and
 * shm_attach there fail with EINVAL. The clock works throughout. */
static void t_not_replaceable(long arg)
{
    (void)arg;
    uint32_t mult, shift, m2, s2;
    page_facts(&mult, &shift);
    char *page = PAGE_ADDR, *below = page - PAGE;
    CHECK(mmap(below, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
               0) == below);
    below[0] = 'b';
    EXPECT_ERR(munmap(page, PAGE), EINVAL);
    EXPECT_ERR(munmap(below, 2 * PAGE), EINVAL);
    EXPECT_ERR(munmap(page - 16 * PAGE, 64 * PAGE), EINVAL);
    CHECK_EQ(below[0], 'b');            /* still mapped: nothing was unmapped */
    EXPECT_ERR((long)mmap(page, PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
    EXPECT_ERR((long)mmap(below, 2 * PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1,
                          0), EINVAL);
    CHECK_EQ(below[0], 'b');
    EXPECT_ERR((long)mmap(page, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                          -1, 0), EEXIST);
    void *hinted = mmap(page, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(hinted != MAP_FAILED && hinted != (void *)page);
    SYS(munmap(hinted, PAGE));
    EXPECT_ERR(mprotect(page, PAGE, PROT_READ | PROT_WRITE), EACCES);
    EXPECT_ERR(mprotect(page, PAGE, PROT_NONE), EACCES);
    EXPECT_ERR(mprotect(page, PAGE, PROT_READ | PROT_EXEC), EACCES);
    EXPECT_ERR(mprotect(below, 2 * PAGE, PROT_READ | PROT_WRITE), EACCES);
    SYS(mprotect(page, PAGE, PROT_READ));
    SYS(mprotect(below, 2 * PAGE, PROT_READ));  /* the page keeps its protection: fine */
    SYS(mprotect(below, PAGE, PROT_READ | PROT_WRITE));
    int id = (int)SYS(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600));
    EXPECT_ERR((long)shmat(id, page, 0), EINVAL);
    EXPECT_ERR((long)shmat(id, page, SHM_RDONLY), EINVAL);
    SYS(shmctl(id, IPC_RMID, NULL));
    int xid = (int)SYS(shm_create(PAGE));
    EXPECT_ERR(shm_attach(xid, page), EINVAL);
    SYS(shm_destroy(xid));
    below[1] = 'c';
    SYS(munmap(below, PAGE));
    page_facts(&m2, &s2);
    CHECK_EQ(m2, mult);
    CHECK_EQ(s2, shift);
    long long a = read_clock(CLOCK_MONOTONIC), b = read_clock(CLOCK_MONOTONIC);
    CHECK(a <= b);
}

/* fork: the child has the page (the same one: the same scale, and the
 * kernel's rewrites show in both). */
static void t_fork(long arg)
{
    (void)arg;
    uint32_t mult, shift;
    page_facts(&mult, &shift);
    long long t0 = read_clock(CLOCK_MONOTONIC);
    pid_t pid = fork();
    if (pid == 0) {
        uint32_t m, s;
        page_facts(&m, &s);
        if (m != mult || s != shift)
            FAIL("the child's page says mult %u shift %u, the parent's %u %u", (unsigned)m,
                 (unsigned)s, (unsigned)mult, (unsigned)shift);
        if (read_clock(CLOCK_MONOTONIC) < t0)
            FAIL("the child's clock is behind the parent's");
        _exit(0);
    }
    CHECK(pid > 0);
    expect_exit(pid, 0);
}

/* exec: a new image has the page again (the helper reads it directly and
 * checks its clock against the time its parent passed). */
static void t_exec(long arg)
{
    (void)arg;
    char when[32];
    fmt(when, sizeof when, "%lld", read_clock(CLOCK_MONOTONIC));
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { "tests", VCLOCK_HELPER, when, NULL };
        execv(self_path(), argv);
        _exit(99);
    }
    CHECK(pid > 0);
    expect_exit(pid, 0);
}
#endif

int vclock_helper_main(int argc, char **argv)
{
#ifdef __shmos__
    if (argc != 3 || VC->mult == 0)
        return 2;
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 3;
    long long then = 0;
    for (const char *s = argv[2]; *s; s++)
        then = then * 10 + (*s - '0');
    return ns_of(&ts) >= then ? 0 : 4;
#else
    (void)argc;
    (void)argv;
    return 1;
#endif
}

#ifndef __shmos__
/* The page is shmos's: these tests are reported as skipped on Linux. */
static void no_page(long arg)
{
    (void)arg;
}
#define t_write_kills no_page
#define t_copyout_refused no_page
#define t_not_replaceable no_page
#define t_fork no_page
#define t_exec no_page
#endif
#define PAGE_ONLY SHMOS_ONLY("the clock page is shmos's")

static const struct test tests[] = {
    { "vclock: user readings and the kernel's clock agree", t_agree, 0, 0, 0, NULL },
    { "vclock: CLOCK_MONOTONIC never goes back across CPUs (readings ordered by a lock)",
      t_cross_cpu, CLOCK_MONOTONIC, 0, 60, NULL },
    { "vclock: CLOCK_REALTIME never goes back across CPUs (readings ordered by a lock)",
      t_cross_cpu, CLOCK_REALTIME, 0, 60, NULL },
    { "vclock: no torn reads while the kernel rewrites the page", t_torn, 0, 0, 60, NULL },
    { "vclock: gettimeofday and time() tell CLOCK_REALTIME's time", t_gettimeofday_time, 0, 0,
      0, NULL },
    { "vclock: other clock ids go to the kernel: EINVAL", t_other_ids, 0, 0, 0, NULL },
    { "vclock: clock_gettime into page 0 dies of SIGSEGV (as with glibc's vDSO)", t_bad_pointer, 0,
      SIGSEGV, 0, NULL },
    { "vclock: gettimeofday into page 0 dies of SIGSEGV (as with glibc's vDSO)", t_bad_pointer, 1,
      SIGSEGV, 0, NULL },
    { "vclock: a store to the clock page kills with SIGSEGV", t_write_kills, 100, SIGSEGV, 0,
      PAGE_ONLY },
    { "vclock: a store to the page's sequence counter kills with SIGSEGV", t_write_kills, 0,
      SIGSEGV, 0, PAGE_ONLY },
    { "vclock: read(), pipe() and the system call into the page fail with EFAULT",
      t_copyout_refused, 0, 0, 0, PAGE_ONLY },
    { "vclock: munmap, MAP_FIXED, mprotect, shmat, shm_attach over the page are refused",
      t_not_replaceable, 0, 0, 0, PAGE_ONLY },
    { "vclock: fork inherits the page", t_fork, 0, 0, 0, PAGE_ONLY },
    { "vclock: exec maps the page again", t_exec, 0, 0, 0, PAGE_ONLY },
};
TEST_GROUP(75, tests);
