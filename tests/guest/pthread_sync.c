/* POSIX threads synchronisation: mutexes of each kind and their errors,
 * timed locks and waits, condition variables (signal, broadcast, a
 * bounded queue), read-write locks (concurrent readers, exclusive
 * writers, a writer not starved by a stream of readers), barriers,
 * spin locks (pthread_rwlock.c), and the process-shared forms in
 * MAP_SHARED memory and in a System V segment between fork relatives.
 * The same tests run on Linux (glibc, the oracle). Threads come from
 * pthread_util.c's crews. */
#include "pthread_util.h"

/* ------------------------------------------------------------ mutexes */
struct counted {
    pthread_mutex_t m;
    volatile long value;
    volatile int inside, overlaps;
    int rounds;
};

static int mutex_worker(void *arg)
{
    struct counted *c = arg;
    for (int i = 0; i < c->rounds; i++) {
        CHECK_EQ(pthread_mutex_lock(&c->m), 0);
        if (c->inside++)
            c->overlaps++;
        c->value++;
        c->inside--;
        CHECK_EQ(pthread_mutex_unlock(&c->m), 0);
    }
    return 0;
}

/* WORKERS threads x rounds increments under a mutex of kind: exact, and
 * never two inside. */
static void t_mutex_counter(long kind)
{
    struct counted c = { .rounds = kind == PTHREAD_MUTEX_NORMAL ? INCREMENTS : INCREMENTS / 5 };
    pthread_mutexattr_t a;
    CHECK_EQ(pthread_mutexattr_init(&a), 0);
    CHECK_EQ(pthread_mutexattr_settype(&a, (int)kind), 0);
    CHECK_EQ(pthread_mutex_init(&c.m, &a), 0);
    CHECK_EQ(pthread_mutexattr_destroy(&a), 0);
    run_crew(WORKERS, mutex_worker, &c);
    CHECK_EQ(c.overlaps, 0);
    CHECK_EQ(c.value, (long)WORKERS * c.rounds);
    CHECK_EQ(pthread_mutex_destroy(&c.m), 0);
}

/* What a second thread finds of a mutex the first holds. */
struct other_view {
    pthread_mutex_t *m;
    int unlock, trylock;            /* the errors it must get */
};

static int other_thread(void *arg)
{
    struct other_view *v = arg;
    CHECK_EQ(pthread_mutex_unlock(v->m), v->unlock);
    CHECK_EQ(pthread_mutex_trylock(v->m), v->trylock);
    if (v->trylock == 0)
        CHECK_EQ(pthread_mutex_unlock(v->m), 0);
    return 0;
}

static void from_other_thread(pthread_mutex_t *m, int unlock, int trylock)
{
    struct other_view v = { m, unlock, trylock };
    run_crew(1, other_thread, &v);
}

/* The attributes, and each kind's answers to relocking, trylock and an
 * unlock by a thread that does not hold it. */
static void t_mutex_kinds(long arg)
{
    (void)arg;
    pthread_mutexattr_t a;
    int v;
    CHECK_EQ(pthread_mutexattr_init(&a), 0);
    CHECK_EQ(pthread_mutexattr_gettype(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_MUTEX_DEFAULT);
    CHECK_EQ(pthread_mutexattr_settype(&a, 99), EINVAL);
    CHECK_EQ(pthread_mutexattr_getpshared(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_PROCESS_PRIVATE);
    CHECK_EQ(pthread_mutexattr_setpshared(&a, 7), EINVAL);
    CHECK_EQ(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
    CHECK_EQ(pthread_mutexattr_getpshared(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_PROCESS_SHARED);
    CHECK_EQ(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
    CHECK_EQ(pthread_mutexattr_gettype(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_MUTEX_RECURSIVE);
    CHECK_EQ(pthread_mutexattr_destroy(&a), 0);

    pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
    CHECK_EQ(pthread_mutex_lock(&normal), 0);
    CHECK_EQ(pthread_mutex_trylock(&normal), EBUSY);
    CHECK_EQ(pthread_mutex_destroy(&normal), EBUSY);
    from_other_thread(&normal, 0, 0);   /* a normal mutex: anyone's unlock releases it */
    CHECK_EQ(pthread_mutex_trylock(&normal), 0);
    CHECK_EQ(pthread_mutex_unlock(&normal), 0);
    CHECK_EQ(pthread_mutex_destroy(&normal), 0);

    pthread_mutex_t check = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
    CHECK_EQ(pthread_mutex_unlock(&check), EPERM);
    CHECK_EQ(pthread_mutex_lock(&check), 0);
    CHECK_EQ(pthread_mutex_lock(&check), EDEADLK);
    CHECK_EQ(pthread_mutex_trylock(&check), EBUSY);
    from_other_thread(&check, EPERM, EBUSY);
    CHECK_EQ(pthread_mutex_unlock(&check), 0);
    CHECK_EQ(pthread_mutex_unlock(&check), EPERM);
    from_other_thread(&check, EPERM, 0);

    pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pthread_mutex_lock(&rec), 0);
    CHECK_EQ(pthread_mutex_trylock(&rec), 0);
    from_other_thread(&rec, EPERM, EBUSY);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pthread_mutex_unlock(&rec), 0);
    from_other_thread(&rec, EPERM, EBUSY);  /* still held once */
    CHECK_EQ(pthread_mutex_unlock(&rec), 0);
    CHECK_EQ(pthread_mutex_unlock(&rec), EPERM);
    from_other_thread(&rec, EPERM, 0);
}

struct handover {
    pthread_mutex_t m;
    volatile int waiting;
};

static int timedlock_waiter(void *arg)
{
    struct handover *h = arg;
    struct timespec later = in_ms(CLOCK_REALTIME, 10000);
    __atomic_store_n(&h->waiting, 1, __ATOMIC_SEQ_CST);
    CHECK_EQ(pthread_mutex_timedlock(&h->m, &later), 0);
    CHECK_EQ(pthread_mutex_unlock(&h->m), 0);
    return 0;
}

/* timedlock: EINVAL for a bad deadline, ETIMEDOUT at a past one and
 * about 50 ms after a near one; the lock when it is released in time. */
static void t_mutex_timedlock(long arg)
{
    (void)arg;
    struct handover h = { PTHREAD_MUTEX_INITIALIZER, 0 };
    CHECK_EQ(pthread_mutex_lock(&h.m), 0);
    struct timespec bad = { 0, 1000000000 }, past = { 0, 0 };
    CHECK_EQ(pthread_mutex_timedlock(&h.m, &bad), EINVAL);
    CHECK_EQ(pthread_mutex_timedlock(&h.m, &past), ETIMEDOUT);
    struct timespec soon = in_ms(CLOCK_REALTIME, 50);
    uint64_t t0 = now_ns();
    CHECK_EQ(pthread_mutex_timedlock(&h.m, &soon), ETIMEDOUT);   /* a normal one deadlocks */
    check_waited(t0, 50);

    struct crew c;
    start_crew(&c, 1, timedlock_waiter, &h);
    while (!__atomic_load_n(&h.waiting, __ATOMIC_SEQ_CST))
        sched_yield();
    sleep_ms(50);
    CHECK_EQ(pthread_mutex_unlock(&h.m), 0);
    join_crew(&c);

    pthread_mutex_t check = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
    CHECK_EQ(pthread_mutex_lock(&check), 0);
    soon = in_ms(CLOCK_REALTIME, 50);
    CHECK_EQ(pthread_mutex_timedlock(&check, &soon), EDEADLK);
    CHECK_EQ(pthread_mutex_unlock(&check), 0);
}

/* ------------------------------------------------------------ condition variables */
/* timedwait on a condition variable of clock (arg): ETIMEDOUT after
 * about 50 ms with the mutex held again; EINVAL for a bad deadline; the
 * attribute's clocks; EPERM waiting with an error-checking mutex one
 * does not hold. */
static void t_cond_timedwait(long clock)
{
    pthread_condattr_t a;
    clockid_t got;
    int v;
    CHECK_EQ(pthread_condattr_init(&a), 0);
    CHECK_EQ(pthread_condattr_getclock(&a, &got), 0);
    CHECK_EQ(got, CLOCK_REALTIME);
    CHECK_EQ(pthread_condattr_setclock(&a, 12345), EINVAL);
    CHECK_EQ(pthread_condattr_setclock(&a, (clockid_t)clock), 0);
    CHECK_EQ(pthread_condattr_getclock(&a, &got), 0);
    CHECK_EQ(got, clock);
    CHECK_EQ(pthread_condattr_getpshared(&a, &v), 0);
    CHECK_EQ(v, PTHREAD_PROCESS_PRIVATE);
    CHECK_EQ(pthread_condattr_setpshared(&a, 7), EINVAL);
    pthread_cond_t c;
    CHECK_EQ(pthread_cond_init(&c, &a), 0);
    CHECK_EQ(pthread_condattr_destroy(&a), 0);

    pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
    CHECK_EQ(pthread_cond_wait(&c, &m), EPERM);
    CHECK_EQ(pthread_mutex_lock(&m), 0);
    struct timespec bad = { 0, -1 };
    CHECK_EQ(pthread_cond_timedwait(&c, &m, &bad), EINVAL);
    struct timespec soon = in_ms((clockid_t)clock, 50);
    uint64_t t0 = now_ns();
    int r;
    while ((r = pthread_cond_timedwait(&c, &m, &soon)) == 0)
        ;                           /* a spurious wake-up: wait on */
    CHECK_EQ(r, ETIMEDOUT);
    check_waited(t0, 50);
    CHECK_EQ(pthread_mutex_lock(&m), EDEADLK);  /* held again */
    CHECK_EQ(pthread_mutex_unlock(&m), 0);
    CHECK_EQ(pthread_cond_destroy(&c), 0);
}

struct gate {
    pthread_mutex_t m;
    pthread_cond_t c, ready_c;
    int ready, tokens, open, through;
};

/* Counts itself ready, then waits for a token (or for the gate to open). */
static int gate_waiter(void *arg)
{
    struct gate *g = arg;
    CHECK_EQ(pthread_mutex_lock(&g->m), 0);
    g->ready++;
    CHECK_EQ(pthread_cond_signal(&g->ready_c), 0);
    while (!g->open && g->tokens == 0)
        CHECK_EQ(pthread_cond_wait(&g->c, &g->m), 0);
    if (!g->open)
        g->tokens--;
    g->through++;
    CHECK_EQ(pthread_mutex_unlock(&g->m), 0);
    return 0;
}

/* WORKERS threads asleep on one condition variable; then arg == 0: one
 * signal per token, each reaching a waiter; arg == 1: one broadcast
 * waking them all. */
static void t_cond_wake(long broadcast)
{
    struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                      PTHREAD_COND_INITIALIZER, 0, 0, 0, 0 };
    struct crew c;
    start_crew(&c, WORKERS, gate_waiter, &g);
    CHECK_EQ(pthread_mutex_lock(&g.m), 0);
    while (g.ready < WORKERS)
        CHECK_EQ(pthread_cond_wait(&g.ready_c, &g.m), 0);
    CHECK_EQ(pthread_mutex_unlock(&g.m), 0);
    sleep_ms(50);                   /* into the futex, all of them */
    for (int i = 0; i < (broadcast ? 1 : WORKERS); i++) {
        CHECK_EQ(pthread_mutex_lock(&g.m), 0);
        if (broadcast) {
            g.open = 1;
            CHECK_EQ(pthread_cond_broadcast(&g.c), 0);
        } else {
            g.tokens++;
            CHECK_EQ(pthread_cond_signal(&g.c), 0);
        }
        CHECK_EQ(pthread_mutex_unlock(&g.m), 0);
    }
    uint64_t give_up = now_ns() + 10ull * 1000000000u;
    for (;;) {
        CHECK_EQ(pthread_mutex_lock(&g.m), 0);
        int through = g.through;
        CHECK_EQ(pthread_mutex_unlock(&g.m), 0);
        if (through == WORKERS)
            break;
        if (now_ns() > give_up)
            FAIL("%d of %d waiters woke", through, WORKERS);
        sleep_ms(5);
    }
    join_crew(&c);
    CHECK_EQ(g.tokens, 0);
    CHECK_EQ(pthread_cond_destroy(&g.c), 0);
}

#define QUEUE 4
#define ITEMS 20000

struct queue {
    pthread_mutex_t m;
    pthread_cond_t not_full, not_empty;
    int items[QUEUE];
    int head, count;
    volatile int next;
    long sums[WORKERS];
};

/* Workers 0 and 1 put ITEMS / 2 items each, 2 and 3 take as many. */
static int queue_worker(void *arg)
{
    struct queue *q = arg;
    int me = next_index(&q->next);
    for (int i = 1; i <= ITEMS / 2; i++) {
        CHECK_EQ(pthread_mutex_lock(&q->m), 0);
        if (me < 2) {
            while (q->count == QUEUE)
                CHECK_EQ(pthread_cond_wait(&q->not_full, &q->m), 0);
            q->items[(q->head + q->count++) % QUEUE] = i;
            q->sums[me] += i;
            CHECK_EQ(pthread_cond_signal(&q->not_empty), 0);
        } else {
            while (q->count == 0)
                CHECK_EQ(pthread_cond_wait(&q->not_empty, &q->m), 0);
            q->sums[me] += q->items[q->head];
            q->head = (q->head + 1) % QUEUE;
            q->count--;
            CHECK_EQ(pthread_cond_signal(&q->not_full), 0);
        }
        CHECK_EQ(pthread_mutex_unlock(&q->m), 0);
    }
    return 0;
}

/* Two producers and two consumers through a 4-slot queue, every wake-up
 * a single signal: all 20,000 items arrive (a lost wake-up hangs it). */
static void t_cond_queue(long arg)
{
    (void)arg;
    struct queue q = { .m = PTHREAD_MUTEX_INITIALIZER, .not_full = PTHREAD_COND_INITIALIZER,
                       .not_empty = PTHREAD_COND_INITIALIZER };
    run_crew(WORKERS, queue_worker, &q);
    CHECK_EQ(q.count, 0);
    CHECK_EQ(q.sums[0] + q.sums[1], q.sums[2] + q.sums[3]);
    CHECK_EQ(q.sums[0], (long)(ITEMS / 2) * (ITEMS / 2 + 1) / 2);
}

/* ------------------------------------------------------------ process-shared */
struct pingpong {
    pthread_mutex_t m;
    pthread_cond_t c;
    int turn, rounds;
    long value;
};

/* Side me (0 parent, 1 child) of 1000 rounds of turn-taking, then
 * INCREMENTS / 5 increments of value; returns 0, or the failing call's error. */
static int pingpong_side(struct pingpong *p, int me)
{
    int r = 0;
    for (int i = 0; i < 1000 && r == 0; i++) {
        if ((r = pthread_mutex_lock(&p->m)) != 0)
            break;
        while (p->turn != me && r == 0)
            r = pthread_cond_wait(&p->c, &p->m);
        p->turn = 1 - me;
        p->rounds++;
        if (r == 0)
            r = pthread_cond_signal(&p->c);
        if (r == 0)
            r = pthread_mutex_unlock(&p->m);
    }
    for (int i = 0; i < INCREMENTS / 5 && r == 0; i++) {
        if ((r = pthread_mutex_lock(&p->m)) != 0)
            break;
        p->value++;
        r = pthread_mutex_unlock(&p->m);
    }
    return r;
}

/* A process-shared mutex and condition variable at p, used by this
 * process and a fork child. */
static void pingpong(struct pingpong *p)
{
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    CHECK_EQ(pthread_mutexattr_init(&ma), 0);
    CHECK_EQ(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED), 0);
    CHECK_EQ(pthread_mutex_init(&p->m, &ma), 0);
    CHECK_EQ(pthread_condattr_init(&ca), 0);
    CHECK_EQ(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED), 0);
    CHECK_EQ(pthread_cond_init(&p->c, &ca), 0);
    p->turn = p->rounds = 0;
    p->value = 0;
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        _exit(pingpong_side(p, 1));
    CHECK_EQ(pingpong_side(p, 0), 0);
    expect_exit(pid, 0);
    CHECK_EQ(p->rounds, 2000);
    CHECK_EQ(p->value, 2L * (INCREMENTS / 5));
    CHECK_EQ(pthread_cond_destroy(&p->c), 0);
    CHECK_EQ(pthread_mutex_destroy(&p->m), 0);
}

static void t_pshared_mmap(long arg)
{
    (void)arg;
    struct pingpong *p = shared_page();
    pingpong(p);
    SYS(munmap(p, PAGE));
}

static void t_pshared_sysv(long arg)
{
    (void)arg;
    int id = (int)SYS(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600));
    struct pingpong *p = shmat(id, NULL, 0);
    CHECK(p != (void *)-1);
    SYS(shmctl(id, IPC_RMID, NULL));        /* gone at the last detach */
    pingpong(p);
    SYS(shmdt(p));
}

/* ------------------------------------------------------------ no system call */
#ifdef __shmos__
#include <shmos.h>
#include <shmos/trace.h>
#include "syscall_nr.h"

/* Uncontended: every lock, unlock and signal a thread makes without
 * anybody to wait for or to wake. */
static void uncontended(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
    pthread_spinlock_t s;
    pthread_barrier_t b;
    pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&b, NULL, 1);
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&m);
        pthread_cond_signal(&c);
        pthread_cond_broadcast(&c);
        pthread_mutex_unlock(&m);
        pthread_mutex_trylock(&m);
        pthread_mutex_unlock(&m);
        pthread_rwlock_rdlock(&rw);
        pthread_rwlock_tryrdlock(&rw);
        pthread_rwlock_unlock(&rw);
        pthread_rwlock_unlock(&rw);
        pthread_spin_lock(&s);
        pthread_spin_unlock(&s);
        pthread_barrier_wait(&b);
    }
}

/* A traced child runs the uncontended paths: its records show no call
 * between the close after trace() and its _exit. */
static void t_no_syscall(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[0]);
        SYS(trace(p[1], 0));
        close(p[1]);
        uncontended();
        _exit(0);
    }
    close(p[1]);
    static struct { struct trace_record h; char data[4096]; } r;
    int calls = 0;
    while (read(p[0], &r.h, sizeof(r.h)) == (long)sizeof(r.h) && r.h.type != TRACE_EXITED) {
        if (r.h.size > sizeof(r.h))
            read_exact(p[0], r.data, r.h.size - sizeof(r.h));
        if (r.h.nr != SYS_close && r.h.nr != SYS_exit) {
            diag("system call %u made", (unsigned)r.h.nr);
            calls++;
        }
    }
    close(p[0]);
    expect_exit(pid, 0);
    CHECK_EQ(calls, 0);
}
#else
#define t_no_syscall NULL
#endif

#define T(name, fn, arg, timeout) { "pthread: " name, fn, arg, 0, timeout, NULL }
static const struct test tests[] = {
    T("4 threads x 100,000 increments under a normal mutex: exact", t_mutex_counter,
      PTHREAD_MUTEX_NORMAL, 120),
    T("4 threads x 20,000 increments under a recursive mutex: exact", t_mutex_counter,
      PTHREAD_MUTEX_RECURSIVE, 120),
    T("4 threads x 20,000 increments under an error-checking mutex: exact", t_mutex_counter,
      PTHREAD_MUTEX_ERRORCHECK, 120),
    T("mutex attributes; EBUSY, EDEADLK and EPERM by kind, from the owner and another thread",
      t_mutex_kinds, 0, 0),
    T("mutex_timedlock: EINVAL, ETIMEDOUT at a past and a 50 ms deadline, the lock in time",
      t_mutex_timedlock, 0, 0),
    T("cond_timedwait on CLOCK_REALTIME: ETIMEDOUT after 50 ms with the mutex held; EINVAL, EPERM",
      t_cond_timedwait, CLOCK_REALTIME, 0),
    T("cond_timedwait on CLOCK_MONOTONIC (condattr_setclock): ETIMEDOUT after 50 ms",
      t_cond_timedwait, CLOCK_MONOTONIC, 0),
    T("cond_signal: each of 4 sleeping waiters gets its signal", t_cond_wake, 0, 0),
    T("cond_broadcast: all 4 sleeping waiters wake", t_cond_wake, 1, 0),
    T("cond_signal: 2 producers, 2 consumers, 20,000 items through a 4-slot queue",
      t_cond_queue, 0, 120),
    T("process-shared mutex and cond in MAP_SHARED memory: 1000 rounds with a fork child",
      t_pshared_mmap, 0, 120),
    T("process-shared mutex and cond in a System V segment: 1000 rounds with a fork child",
      t_pshared_sysv, 0, 120),
    { "pthread: uncontended mutex, cond signal, rwlock read, spin, barrier: no system call",
      t_no_syscall, 0, 0, 0, SHMOS_ONLY("trace() is shmos's") },
};
TEST_GROUP(148, tests);
