/* POSIX threads synchronisation, continued from pthread_sync.c:
 * read-write locks (concurrent readers, exclusive writers, the errors, a
 * writer that a stream of readers does not starve), barriers (exactly one
 * serial thread a round, rounds reused at once), spin locks, and all
 * three process-shared between fork relatives. The same tests run on
 * Linux (glibc, the oracle), its rwlocks set to prefer writers as
 * shmos's do. */
#include "pthread_util.h"

/* A read-write lock preferring writers: shmos's kind, glibc's on request. */
static void init_rwlock(pthread_rwlock_t *rw, int pshared)
{
    pthread_rwlockattr_t a;
    CHECK_EQ(pthread_rwlockattr_init(&a), 0);
#ifndef __shmos__
    CHECK_EQ(pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP), 0);
#endif
    CHECK_EQ(pthread_rwlockattr_setpshared(&a, pshared), 0);
    CHECK_EQ(pthread_rwlock_init(rw, &a), 0);
    CHECK_EQ(pthread_rwlockattr_destroy(&a), 0);
}

/* ------------------------------------------------------------ read-write locks */
struct rw_view {
    pthread_rwlock_t *rw;
    int reading;                    /* the main thread holds a read lock, else the write lock */
};

/* What another thread can take while the main thread holds a lock. */
static int rw_other(void *arg)
{
    struct rw_view *v = arg;
    if (v->reading) {
        CHECK_EQ(pthread_rwlock_tryrdlock(v->rw), 0);   /* readers share */
        CHECK_EQ(pthread_rwlock_rdlock(v->rw), 0);
        CHECK_EQ(pthread_rwlock_trywrlock(v->rw), EBUSY);
        CHECK_EQ(pthread_rwlock_unlock(v->rw), 0);
        CHECK_EQ(pthread_rwlock_unlock(v->rw), 0);
    } else {
        CHECK_EQ(pthread_rwlock_tryrdlock(v->rw), EBUSY);
        CHECK_EQ(pthread_rwlock_trywrlock(v->rw), EBUSY);
        struct timespec soon = in_ms(CLOCK_REALTIME, 50);
        uint64_t t0 = now_ns();
        CHECK_EQ(pthread_rwlock_timedrdlock(v->rw, &soon), ETIMEDOUT);
        check_waited(t0, 50);
    }
    return 0;
}

/* Readers together, a writer alone; EBUSY, EDEADLK, EINVAL, ETIMEDOUT;
 * the attribute. */
static void t_rwlock_basics(long arg)
{
    (void)arg;
    pthread_rwlockattr_t a;
    int v;
    CHECK_EQ(pthread_rwlockattr_init(&a), 0);
    CHECK_EQ(pthread_rwlockattr_getpshared(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_PROCESS_PRIVATE);
    CHECK_EQ(pthread_rwlockattr_setpshared(&a, 7), EINVAL);
    CHECK_EQ(pthread_rwlockattr_destroy(&a), 0);

    pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
    struct rw_view view = { &rw, 1 };
    CHECK_EQ(pthread_rwlock_rdlock(&rw), 0);
    CHECK_EQ(pthread_rwlock_tryrdlock(&rw), 0);
    CHECK_EQ(pthread_rwlock_trywrlock(&rw), EBUSY);
    struct timespec soon = in_ms(CLOCK_REALTIME, 50), bad = { 0, 1000000000 }, past = { 0, 0 };
    uint64_t t0 = now_ns();
    CHECK_EQ(pthread_rwlock_timedwrlock(&rw, &soon), ETIMEDOUT);
    check_waited(t0, 50);
    run_crew(1, rw_other, &view);
    CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
    CHECK_EQ(pthread_rwlock_unlock(&rw), 0);

    CHECK_EQ(pthread_rwlock_wrlock(&rw), 0);
    CHECK_EQ(pthread_rwlock_wrlock(&rw), EDEADLK);
    CHECK_EQ(pthread_rwlock_rdlock(&rw), EDEADLK);
    CHECK_EQ(pthread_rwlock_timedrdlock(&rw, &bad), EINVAL);
    CHECK_EQ(pthread_rwlock_timedwrlock(&rw, &bad), EINVAL);
    view.reading = 0;
    run_crew(1, rw_other, &view);
    CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
    CHECK_EQ(pthread_rwlock_timedwrlock(&rw, &past), 0);   /* free: no need to wait */
    CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
    CHECK_EQ(pthread_rwlock_destroy(&rw), 0);
}

struct rw_counter {
    pthread_rwlock_t rw;
    volatile int readers, writers, shared_reads, bad;
    long value;
};

/* Every 8th round writes (alone), the others read (with no writer). */
static int rw_worker(void *arg)
{
    struct rw_counter *c = arg;
    for (int i = 0; i < INCREMENTS / 5; i++) {
        if (i % 8 == 0) {
            CHECK_EQ(pthread_rwlock_wrlock(&c->rw), 0);
            if (__atomic_fetch_add(&c->writers, 1, __ATOMIC_SEQ_CST) ||
                __atomic_load_n(&c->readers, __ATOMIC_SEQ_CST))
                __atomic_fetch_add(&c->bad, 1, __ATOMIC_SEQ_CST);
            c->value++;
            __atomic_fetch_sub(&c->writers, 1, __ATOMIC_SEQ_CST);
        } else {
            CHECK_EQ(pthread_rwlock_rdlock(&c->rw), 0);
            if (__atomic_fetch_add(&c->readers, 1, __ATOMIC_SEQ_CST))
                __atomic_fetch_add(&c->shared_reads, 1, __ATOMIC_SEQ_CST);
            if (__atomic_load_n(&c->writers, __ATOMIC_SEQ_CST))
                __atomic_fetch_add(&c->bad, 1, __ATOMIC_SEQ_CST);
            __atomic_fetch_sub(&c->readers, 1, __ATOMIC_SEQ_CST);
        }
        CHECK_EQ(pthread_rwlock_unlock(&c->rw), 0);
    }
    return 0;
}

/* 4 threads x 20,000 rounds, one in 8 writing: the writes are exact and
 * no reader ever meets a writer, nor a writer anybody. */
static void t_rwlock_counter(long arg)
{
    (void)arg;
    struct rw_counter c = { .value = 0 };
    init_rwlock(&c.rw, PTHREAD_PROCESS_PRIVATE);
    run_crew(WORKERS, rw_worker, &c);
    CHECK_EQ(c.bad, 0);
    CHECK_EQ(c.value, (long)WORKERS * (INCREMENTS / 5 / 8));
    diag("%d reads shared the lock with another reader", c.shared_reads);
}

struct relay {
    pthread_rwlock_t rw;
    volatile int next, turn, stop;
    volatile unsigned handoffs;     /* read holds taken */
    volatile int gave_up;           /* holds let go before the other came in */
    volatile int trying[2];         /* reader i is in pthread_rwlock_rdlock */
};

/* Two readers hand a read hold over to each other: each, once in, moves
 * handoffs on and passes the turn, and lets go only when the other has
 * come in (moved handoffs on again), so the lock is never free of readers
 * - unless the other is stuck in rdlock, when the holder lets go after
 * 200 ms (a reader that is only slow to run does not count). */
static int relay_reader(void *arg)
{
    struct relay *r = arg;
    int me = next_index(&r->next);
    while (!__atomic_load_n(&r->stop, __ATOMIC_SEQ_CST)) {
        if (__atomic_load_n(&r->turn, __ATOMIC_SEQ_CST) != me) {
            sched_yield();
            continue;
        }
        __atomic_store_n(&r->trying[me], 1, __ATOMIC_SEQ_CST);
        CHECK_EQ(pthread_rwlock_rdlock(&r->rw), 0);
        unsigned mine = __atomic_add_fetch(&r->handoffs, 1, __ATOMIC_SEQ_CST);
        __atomic_store_n(&r->trying[me], 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&r->turn, 1 - me, __ATOMIC_SEQ_CST);
        uint64_t give_up = now_ns() + 200000000u;
        while (__atomic_load_n(&r->handoffs, __ATOMIC_SEQ_CST) == mine &&
               !__atomic_load_n(&r->stop, __ATOMIC_SEQ_CST) &&
               !(__atomic_load_n(&r->trying[1 - me], __ATOMIC_SEQ_CST) && now_ns() > give_up))
            sched_yield();
        if (__atomic_load_n(&r->handoffs, __ATOMIC_SEQ_CST) == mine)
            __atomic_fetch_add(&r->gave_up, 1, __ATOMIC_SEQ_CST);
        CHECK_EQ(pthread_rwlock_unlock(&r->rw), 0);
    }
    return 0;
}

/* A writer gets in (within 10 s) although readers keep the lock held. */
static void t_rwlock_writer_first(long arg)
{
    (void)arg;
    struct relay r = { .next = 0 };
    init_rwlock(&r.rw, PTHREAD_PROCESS_PRIVATE);
    struct crew c;
    start_crew(&c, 2, relay_reader, &r);
    while (__atomic_load_n(&r.handoffs, __ATOMIC_SEQ_CST) < 50)
        sched_yield();              /* the relay is going */
    struct timespec later = in_ms(CLOCK_REALTIME, 10000);
    uint64_t t0 = now_ns();
    int gave_up = __atomic_load_n(&r.gave_up, __ATOMIC_SEQ_CST);
    int got = pthread_rwlock_timedwrlock(&r.rw, &later);
    unsigned reads = __atomic_load_n(&r.handoffs, __ATOMIC_SEQ_CST);
    gave_up = __atomic_load_n(&r.gave_up, __ATOMIC_SEQ_CST) - gave_up;
    if (got == 0)
        CHECK_EQ(pthread_rwlock_unlock(&r.rw), 0);
    __atomic_store_n(&r.stop, 1, __ATOMIC_SEQ_CST);
    join_crew(&c);
    diag("the writer waited %llu ms; %d holds were let go of before the handover meanwhile",
         (unsigned long long)((now_ns() - t0) / 1000000), gave_up);
    if (got != 0)
        FAIL("the writer got %d (%s) after %u reads", got, errname(got), reads);
}

struct timed_out {
    pthread_rwlock_t rw;
    volatile int writer_gone, reader_in;
};

static int giving_up_writer(void *arg)
{
    struct timed_out *t = arg;
    struct timespec soon = in_ms(CLOCK_REALTIME, 200);
    CHECK_EQ(pthread_rwlock_timedwrlock(&t->rw, &soon), ETIMEDOUT);
    __atomic_store_n(&t->writer_gone, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static int reader_behind(void *arg)
{
    struct timed_out *t = arg;
    CHECK_EQ(pthread_rwlock_rdlock(&t->rw), 0);
    __atomic_store_n(&t->reader_in, 1 + !__atomic_load_n(&t->writer_gone, __ATOMIC_SEQ_CST),
                     __ATOMIC_SEQ_CST);
    CHECK_EQ(pthread_rwlock_unlock(&t->rw), 0);
    return 0;
}

/* With the lock read-held, a writer waits and a reader queues behind it;
 * when the writer times out, the reader gets in (the lock is not left
 * waiting for a writer that is gone). */
static void t_rwlock_writer_gives_up(long arg)
{
    (void)arg;
    struct timed_out t = { .writer_gone = 0 };
    init_rwlock(&t.rw, PTHREAD_PROCESS_PRIVATE);
    CHECK_EQ(pthread_rwlock_rdlock(&t.rw), 0);
    struct crew w, r;
    start_crew(&w, 1, giving_up_writer, &t);
    sleep_ms(50);                   /* the writer waits */
    start_crew(&r, 1, reader_behind, &t);
    join_crew(&w);
    uint64_t give_up = now_ns() + 5000000000ull;
    while (!__atomic_load_n(&t.reader_in, __ATOMIC_SEQ_CST) && now_ns() < give_up)
        sleep_ms(5);
    int in = __atomic_load_n(&t.reader_in, __ATOMIC_SEQ_CST);
    if (!in)
        FAIL("the reader stayed out for 5 s after the writer gave up");
    CHECK_EQ(pthread_rwlock_unlock(&t.rw), 0);
    join_crew(&r);
    diag("the reader came in %s the writer gave up", in == 2 ? "before" : "after");
}

/* ------------------------------------------------------------ barriers */
#define ROUNDS 200

struct rounds {
    pthread_barrier_t b;
    volatile int arrived[ROUNDS], serial[ROUNDS], early;
};

/* ROUNDS rounds: nobody leaves a round before all have arrived. */
static int barrier_worker(void *arg)
{
    struct rounds *r = arg;
    for (int i = 0; i < ROUNDS; i++) {
        __atomic_fetch_add(&r->arrived[i], 1, __ATOMIC_SEQ_CST);
        int got = pthread_barrier_wait(&r->b);
        if (got == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_fetch_add(&r->serial[i], 1, __ATOMIC_SEQ_CST);
        else
            CHECK_EQ(got, 0);
        if (__atomic_load_n(&r->arrived[i], __ATOMIC_SEQ_CST) != WORKERS)
            __atomic_fetch_add(&r->early, 1, __ATOMIC_SEQ_CST);
    }
    return 0;
}

/* 4 threads through 200 rounds of one barrier: one serial thread a round,
 * nobody out early; EINVAL for a count of 0; a barrier of one. */
static void t_barrier(long arg)
{
    (void)arg;
    pthread_barrierattr_t a;
    int v;
    CHECK_EQ(pthread_barrierattr_init(&a), 0);
    CHECK_EQ(pthread_barrierattr_getpshared(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_PROCESS_PRIVATE);
    CHECK_EQ(pthread_barrierattr_setpshared(&a, 7), EINVAL);
    struct rounds *r = calloc(1, sizeof *r);
    CHECK(r != NULL);
    CHECK_EQ(pthread_barrier_init(&r->b, &a, 0), EINVAL);
    CHECK_EQ(pthread_barrier_init(&r->b, &a, 1), 0);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pthread_barrier_wait(&r->b), PTHREAD_BARRIER_SERIAL_THREAD);
    CHECK_EQ(pthread_barrier_destroy(&r->b), 0);
    CHECK_EQ(pthread_barrier_init(&r->b, &a, WORKERS), 0);
    CHECK_EQ(pthread_barrierattr_destroy(&a), 0);
    run_crew(WORKERS, barrier_worker, r);
    CHECK_EQ(r->early, 0);
    for (int i = 0; i < ROUNDS; i++)
        if (r->serial[i] != 1)
            FAIL("round %d had %d serial threads", i, r->serial[i]);
    CHECK_EQ(pthread_barrier_destroy(&r->b), 0);
    free(r);
}

/* ------------------------------------------------------------ spin locks */
struct spun {
    pthread_spinlock_t s;
    volatile int inside, overlaps;
    long value;
};

static int spin_worker(void *arg)
{
    struct spun *c = arg;
    for (int i = 0; i < INCREMENTS; i++) {
        CHECK_EQ(pthread_spin_lock(&c->s), 0);
        if (c->inside++)
            c->overlaps++;
        c->value++;
        c->inside--;
        CHECK_EQ(pthread_spin_unlock(&c->s), 0);
    }
    return 0;
}

/* trylock: EBUSY while held; 4 threads x 100,000 increments: exact. */
static void t_spin(long arg)
{
    (void)arg;
    struct spun c = { .value = 0 };
    CHECK_EQ(pthread_spin_init(&c.s, PTHREAD_PROCESS_PRIVATE), 0);
    CHECK_EQ(pthread_spin_trylock(&c.s), 0);
    CHECK_EQ(pthread_spin_trylock(&c.s), EBUSY);
    CHECK_EQ(pthread_spin_unlock(&c.s), 0);
    run_crew(WORKERS, spin_worker, &c);
    CHECK_EQ(c.overlaps, 0);
    CHECK_EQ(c.value, (long)WORKERS * INCREMENTS);
    CHECK_EQ(pthread_spin_destroy(&c.s), 0);
}

/* ------------------------------------------------------------ process-shared */
struct across {
    pthread_barrier_t b;
    pthread_rwlock_t rw;
    pthread_spinlock_t s;
    volatile int serials;
    long written, spun;
};

/* One process's share: writes under the rwlock, a barrier, increments
 * under the spin lock, a barrier. 0, or the failing call's error. */
static int across_side(struct across *x)
{
    int r = 0, got;
    for (int i = 0; i < INCREMENTS / 5 && r == 0; i++) {
        if ((r = i % 4 ? pthread_rwlock_wrlock(&x->rw) : pthread_rwlock_rdlock(&x->rw)) != 0)
            break;
        if (i % 4)
            x->written++;
        r = pthread_rwlock_unlock(&x->rw);
    }
    for (int phase = 0; phase < 2 && r == 0; phase++) {
        if ((got = pthread_barrier_wait(&x->b)) == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_fetch_add(&x->serials, 1, __ATOMIC_SEQ_CST);
        else if (got != 0)
            return got;
        for (int i = 0; i < INCREMENTS / 5 && phase == 0; i++) {
            pthread_spin_lock(&x->s);
            x->spun++;
            pthread_spin_unlock(&x->s);
        }
    }
    return r;
}

/* 4 processes (this one and 3 fork children) share a rwlock, a barrier
 * and a spin lock in a MAP_SHARED page: exact counts, 2 serial threads. */
static void t_pshared_others(long arg)
{
    (void)arg;
    struct across *x = shared_page();
    pthread_barrierattr_t ba;
    CHECK_EQ(pthread_barrierattr_init(&ba), 0);
    CHECK_EQ(pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED), 0);
    CHECK_EQ(pthread_barrierattr_getpshared(&ba, &(int){0}), 0);
    CHECK_EQ(pthread_barrier_init(&x->b, &ba, WORKERS), 0);
    init_rwlock(&x->rw, PTHREAD_PROCESS_SHARED);
    CHECK_EQ(pthread_spin_init(&x->s, PTHREAD_PROCESS_SHARED), 0);
    pid_t pids[WORKERS - 1];
    for (int i = 0; i < WORKERS - 1; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0)
            _exit(across_side(x));
    }
    CHECK_EQ(across_side(x), 0);
    for (int i = 0; i < WORKERS - 1; i++)
        expect_exit(pids[i], 0);
    CHECK_EQ(x->serials, 2);
    CHECK_EQ(x->written, (long)WORKERS * (INCREMENTS / 5 - INCREMENTS / 5 / 4));
    CHECK_EQ(x->spun, (long)WORKERS * (INCREMENTS / 5));
    SYS(munmap(x, PAGE));
}

#define T(name, fn, timeout) { "pthread: " name, fn, 0, 0, timeout, NULL }
static const struct test tests[] = {
    T("rwlock: readers share, a writer is alone; EBUSY, EDEADLK, EINVAL, ETIMEDOUT",
      t_rwlock_basics, 0),
    T("rwlock: 4 threads x 20,000 rounds, 1 in 8 writing: exact, writers alone", t_rwlock_counter,
      120),
    T("rwlock: a writer gets in although a relay of readers always holds the lock",
      t_rwlock_writer_first, 60),
    T("rwlock: a reader queued behind a waiting writer gets in when the writer times out",
      t_rwlock_writer_gives_up, 0),
    T("barrier: 4 threads x 200 rounds: one serial thread a round, nobody out early; EINVAL",
      t_barrier, 120),
    T("spin lock: EBUSY while held; 4 threads x 100,000 increments: exact", t_spin, 120),
    T("process-shared rwlock, barrier and spin lock among 4 processes in MAP_SHARED memory",
      t_pshared_others, 120),
};
TEST_GROUP(149, tests);
