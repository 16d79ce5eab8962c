/* futex(2): the value check, timeouts, how many a wake wakes, a word seen
 * through two mappings at different addresses, killed waiters, and a
 * page unmapped under a waiter. The same tests run on Linux (the oracle)
 * through syscall(SYS_futex, ...). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <linux/futex.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
static long futex_call(uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
    return futex(addr, op, val, ts, NULL, 0);
}
#else
#include <sys/syscall.h>
static long futex_call(uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}
#endif

static uint32_t *shared_page(void)
{
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    return p;
}

/* A value that is not the word's gives EAGAIN at once; the errors. */
static void t_errors(long arg)
{
    (void)arg;
    static uint32_t word = 5;
    EXPECT_ERR(futex_call(&word, FUTEX_WAIT, 4, NULL), EAGAIN);
    EXPECT_ERR(futex_call((uint32_t *)((char *)&word + 1), FUTEX_WAIT, 5, NULL), EINVAL);
    EXPECT_ERR(futex_call(opaque(NULL), FUTEX_WAIT, 0, NULL), EFAULT);
    EXPECT_ERR(futex_call(&word, 77, 0, NULL), ENOSYS);
    struct timespec bad = { 0, 1000000000 };
    EXPECT_ERR(futex_call(&word, FUTEX_WAIT, 5, &bad), EINVAL);
    CHECK_EQ(futex_call(&word, FUTEX_WAKE, 1, NULL), 0);        /* nobody waits */
    CHECK_EQ(futex_call(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL), 0);
}

/* A relative timeout ends the wait with ETIMEDOUT, not before it. */
static void t_timeout(long arg)
{
    (void)arg;
    static uint32_t word;
    struct timespec ts = { 0, 60 * 1000 * 1000 };
    uint64_t t0 = now_ns();
    EXPECT_ERR(futex_call(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &ts), ETIMEDOUT);
    uint64_t waited = now_ns() - t0;
    if (waited < 60ull * 1000 * 1000)
        FAIL("woke after %llu ns, before the 60 ms timeout", (unsigned long long)waited);
}

/* Wait on *word (shared) until it is non-zero; exits 0 woken, 1 on error. */
static void sleeper(long arg)
{
    uint32_t *word = (uint32_t *)arg;
    atomic_fetch_add((_Atomic uint32_t *)&word[1], 1);     /* "about to sleep" */
    while (__atomic_load_n(&word[0], __ATOMIC_SEQ_CST) == 0)
        if (futex_call(word, FUTEX_WAIT, 0, NULL) < 0 && errno != EAGAIN && errno != EINTR)
            _exit(1);
}

/* FUTEX_WAKE wakes at most as many as asked, and says how many. */
static void t_wake_count(long arg)
{
    (void)arg;
    uint32_t *word = shared_page();
    pid_t pids[3];
    for (int i = 0; i < 3; i++)
        pids[i] = spawn(sleeper, (long)word);
    while (__atomic_load_n(&word[1], __ATOMIC_SEQ_CST) < 3)
        sleep_ms(5);
    sleep_ms(100);                          /* let them reach the wait */
    CHECK_EQ(futex_call(word, FUTEX_WAKE, 2, NULL), 2);
    __atomic_store_n(&word[0], 1, __ATOMIC_SEQ_CST);
    long rest = futex_call(word, FUTEX_WAKE, 10, NULL);
    CHECK(rest >= 0 && rest <= 3);
    for (int i = 0; i < 3; i++)
        expect_exit(pids[i], 0);
    SYS(munmap(word, PAGE));
}

/* A child waits on a System V segment's word at 0x20000000; the parent,
 * with the segment at 0x10000000, wakes it: the key is the memory, not
 * the address. */
static void t_two_addresses(long arg)
{
    (void)arg;
    int id = (int)SYS(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600));
    uint32_t *mine = shmat(id, (void *)0x10000000, 0);
    CHECK(mine == (uint32_t *)0x10000000);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        SYS(shmdt(mine));
        uint32_t *theirs = shmat(id, (void *)0x20000000, 0);
        if (theirs != (uint32_t *)0x20000000) {
            mine = shmat(id, (void *)0x10000000, 0);    /* let the parent go on */
            __atomic_store_n(&mine[1], 99, __ATOMIC_SEQ_CST);
            _exit(2);
        }
        sleeper((long)theirs);
        _exit(theirs[0] == 7 ? 0 : 3);
    }
    while (__atomic_load_n(&mine[1], __ATOMIC_SEQ_CST) < 1)
        sleep_ms(5);
    sleep_ms(100);
    __atomic_store_n(&mine[0], 7, __ATOMIC_SEQ_CST);
    long woken = 0;
    for (int tries = 0; tries < 100 && woken == 0; tries++) {
        woken = futex_call(mine, FUTEX_WAKE, 1, NULL);
        CHECK(woken >= 0);
        if (woken == 0)
            sleep_ms(10);
    }
    CHECK_EQ(woken, 1);
    expect_exit(pid, 0);
    SYS(shmdt(mine));
    SYS(shmctl(id, IPC_RMID, NULL));
}

/* A waiter killed in its wait leaves the queue: a later wake finds
 * nobody (and the suite's leak check counts no waiter). */
static void t_killed_waiter(long arg)
{
    (void)arg;
    uint32_t *word = shared_page();
    pid_t pid = spawn(sleeper, (long)word);
    while (__atomic_load_n(&word[1], __ATOMIC_SEQ_CST) < 1)
        sleep_ms(5);
    sleep_ms(100);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    CHECK_EQ(futex_call(word, FUTEX_WAKE, 1, NULL), 0);
    SYS(munmap(word, PAGE));
}

#ifdef __shmos__
#define STACK_SIZE 16384
static char thread_stack[STACK_SIZE] __attribute__((aligned(16)));
static volatile int thread_result = -1;

/* A thread waits 300 ms on the word; meanwhile its page is unmapped. */
static int timed_waiter(void *arg)
{
    uint32_t *word = arg;
    struct timespec ts = { 0, 300 * 1000 * 1000 };
    long r = futex_call(word, FUTEX_WAIT, 0, &ts);
    thread_result = r < 0 ? errno : 0;
    return 0;
}

/* The page of a word is unmapped while a thread sleeps on it: the waiter
 * stays safely asleep (its key keeps the memory) and times out; nothing
 * is left behind. */
static void t_unmapped_under_waiter(long arg)
{
    (void)arg;
    uint32_t *word = shared_page();
    struct meminfo before = mem();
    pid_t t = (pid_t)SYS(thread_spawn(timed_waiter, word, thread_stack, STACK_SIZE));
    while (mem().nfutex == before.nfutex)
        sleep_ms(5);
    SYS(munmap(word, PAGE));
    CHECK_EQ(futex_call(word, FUTEX_WAKE, 1, NULL) == -1 ? errno : 0, EFAULT);
    expect_exit(t, 0);
    CHECK_EQ(thread_result, ETIMEDOUT);
    CHECK_EQ(mem().nfutex, before.nfutex);
}
#else
static void t_unmapped_under_waiter(long arg)
{
    (void)arg;
}
#endif

static void wake0_sleeper(long arg)
{
    uint32_t *word = (uint32_t *)arg;
    __atomic_add_fetch(&word[1], 1, __ATOMIC_SEQ_CST);
    futex_call(word, FUTEX_WAIT, 0, NULL);
}

/* FUTEX_WAKE with n = 0 wakes one on Linux. */
static void p_wake0(long arg)
{
    (void)arg;
    uint32_t *w = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(w != MAP_FAILED);
    pid_t pid = spawn(wake0_sleeper, (long)w);
    while (__atomic_load_n(&w[1], __ATOMIC_SEQ_CST) < 1)
        sleep_ms(5);
    sleep_ms(100);
    long n = futex_call(w, FUTEX_WAKE, 0, NULL);
    __atomic_store_n(&w[0], 1, __ATOMIC_SEQ_CST);
    futex_call(w, FUTEX_WAKE, 10, NULL);
    expect_exit(pid, 0);
    CHECK_EQ(n, 1);
}

static const struct test tests[] = {
    { "futex: EAGAIN for another value, EINVAL, EFAULT, ENOSYS; a wake with no waiter is 0",
      t_errors, 0, 0, 0, NULL },
    { "futex: a 60 ms timeout gives ETIMEDOUT after 60 ms", t_timeout, 0, 0, 0, NULL },
    { "futex: FUTEX_WAKE 2 of 3 waiters wakes 2, then the last", t_wake_count, 0, 0, 0, NULL },
    { "futex: mapped at 0x10000000 and 0x20000000, one key: the wake reaches the other",
      t_two_addresses, 0, 0, 0, NULL },
    { "futex: a waiter killed while asleep leaves the queue", t_killed_waiter, 0, 0, 0, NULL },
    { "futex: a page unmapped under a waiter: it times out safely, nothing left",
      t_unmapped_under_waiter, 0, 0, 0, SHMOS_ONLY("thread_spawn is shmos-only") },
    { "futex: FUTEX_WAKE with a count of 0 wakes one, as Linux", p_wake0, 0, 0, 0, NULL },
};
TEST_GROUP(145, tests);
