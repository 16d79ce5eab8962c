/* Unnamed POSIX semaphores (sem_init): in private memory, and
 * process-shared inside a System V segment and an mmap'd page, across
 * fork; an exact counter under heavy contention. The same tests run on
 * Linux (the oracle). */
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include "tests.h"

/* sem_init's value limit, and the calls on a private semaphore. */
static void t_private(long arg)
{
    (void)arg;
    sem_t s;
    EXPECT_ERR(sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1), EINVAL);
    SYS(sem_init(&s, 0, 2));
    int v;
    SYS(sem_getvalue(&s, &v));
    CHECK_EQ(v, 2);
    SYS(sem_wait(&s));
    SYS(sem_trywait(&s));
    EXPECT_ERR(sem_trywait(&s), EAGAIN);
    struct timespec past = { 0, 0 };
    EXPECT_ERR(sem_timedwait(&s, &past), ETIMEDOUT);
    struct timespec bad = { 0, 1000000000 };
    EXPECT_ERR(sem_timedwait(&s, &bad), EINVAL);
    struct timespec soon;
    SYS(clock_gettime(CLOCK_REALTIME, &soon));
    soon.tv_nsec += 50 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) {
        soon.tv_sec++;
        soon.tv_nsec -= 1000000000;
    }
    uint64_t t0 = now_ns();
    EXPECT_ERR(sem_timedwait(&s, &soon), ETIMEDOUT);
    CHECK(now_ns() - t0 >= 40ull * 1000 * 1000);
    SYS(sem_post(&s));
    SYS(sem_getvalue(&s, &v));
    CHECK_EQ(v, 1);
    SYS(sem_destroy(&s));
}

struct pingpong {
    sem_t ping, pong;
    volatile int rounds;
};

/* 1000 rounds of ping-pong between a parent and a fork child through two
 * process-shared semaphores in the shared memory at pp. */
static void ping_pong(struct pingpong *pp)
{
    SYS(sem_init(&pp->ping, 1, 0));
    SYS(sem_init(&pp->pong, 1, 0));
    pp->rounds = 0;
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        for (int i = 0; i < 1000; i++) {
            if (sem_wait(&pp->ping) < 0)
                _exit(1);
            pp->rounds++;
            if (sem_post(&pp->pong) < 0)
                _exit(2);
        }
        _exit(0);
    }
    for (int i = 0; i < 1000; i++) {
        SYS(sem_post(&pp->ping));
        SYS(sem_wait(&pp->pong));
    }
    expect_exit(pid, 0);
    CHECK_EQ(pp->rounds, 1000);
    SYS(sem_destroy(&pp->ping));
    SYS(sem_destroy(&pp->pong));
}

static void t_in_segment(long arg)
{
    (void)arg;
    int id = (int)SYS(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600));
    struct pingpong *pp = shmat(id, NULL, 0);
    CHECK(pp != (void *)-1);
    ping_pong(pp);
    SYS(shmdt(pp));
    SYS(shmctl(id, IPC_RMID, NULL));
}

static void t_in_mmap(long arg)
{
    (void)arg;
    struct pingpong *pp = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(pp != MAP_FAILED);
    ping_pong(pp);
    SYS(munmap(pp, PAGE));
}

struct counter {
    sem_t mutex;
    volatile long value;
    volatile int inside;
    volatile int overlaps;
};

#define WORKERS 4
#define INCREMENTS 100000

static void counter_worker(long arg)
{
    struct counter *c = (struct counter *)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        if (sem_wait(&c->mutex) < 0)
            _exit(1);
        if (c->inside++)
            c->overlaps++;
        c->value++;
        c->inside--;
        if (sem_post(&c->mutex) < 0)
            _exit(2);
    }
}

/* 4 processes x 100,000 increments of a shared counter under one
 * process-shared semaphore: exactly 400,000, never two inside at once. */
static void t_counter(long arg)
{
    (void)arg;
    struct counter *c = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(c != MAP_FAILED);
    SYS(sem_init(&c->mutex, 1, 1));
    pid_t pids[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pids[i] = spawn(counter_worker, (long)c);
    for (int i = 0; i < WORKERS; i++)
        expect_exit(pids[i], 0);
    CHECK_EQ(c->overlaps, 0);
    CHECK_EQ(c->value, (long)WORKERS * INCREMENTS);
    int v;
    SYS(sem_getvalue(&c->mutex, &v));
    CHECK_EQ(v, 1);
    SYS(sem_destroy(&c->mutex));
    SYS(munmap(c, PAGE));
}

/* A waiter killed in sem_wait neither takes nor loses a unit: a post
 * afterwards is still there for the next wait. */
static void t_killed_waiter(long arg)
{
    (void)arg;
    sem_t *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(s != MAP_FAILED);
    SYS(sem_init(s, 1, 0));
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        sem_wait(s);
        _exit(3);
    }
    sleep_ms(100);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    SYS(sem_post(s));
    int v;
    SYS(sem_getvalue(s, &v));
    CHECK_EQ(v, 1);
    SYS(sem_trywait(s));
    SYS(munmap(s, PAGE));
}

static const struct test tests[] = {
    { "sem_init: EINVAL above SEM_VALUE_MAX; wait, trywait, timedwait (ETIMEDOUT, EINVAL), post",
      t_private, 0, 0, 0, NULL },
    { "sem_init pshared in a System V segment: 1000 rounds of ping-pong with a fork child",
      t_in_segment, 0, 0, 0, NULL },
    { "sem_init pshared in MAP_SHARED|MAP_ANONYMOUS memory: 1000 rounds with a fork child",
      t_in_mmap, 0, 0, 0, NULL },
    { "sem_init: 4 processes x 100,000 increments under one semaphore: exactly 400,000",
      t_counter, 0, 0, 120, NULL },
    { "sem_init: a waiter killed in sem_wait neither takes nor loses a unit",
      t_killed_waiter, 0, 0, 0, NULL },
};
TEST_GROUP(142, tests);
