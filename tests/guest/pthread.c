/* POSIX threads, the thread half: creation and join, detach, thread-local
 * storage and errno, thread-specific data, pthread_once, attributes, masks,
 * and the C library under threads (stdio, malloc). The process a group of
 * threads makes is pthread_process.c's; the synchronisation,
 * pthread_sync.c's and pthread_rwlock.c's. The same tests run on Linux
 * (glibc). */
#include "pthread_util.h"           /* MUST; _GNU_SOURCE for glibc's gettid */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void *twice(void *arg)
{
    return (void *)((intptr_t)arg * 2);
}

/* 100 threads alive at once, each joined with its own result. */
static void create_join_100(long unused)
{
    (void)unused;
    enum { N = 100 };
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        MUST(pthread_create(&t[i], NULL, twice, (void *)(intptr_t)i));
    for (int i = 0; i < N; i++) {
        void *r;
        MUST(pthread_join(t[i], &r));
        CHECK_EQ((intptr_t)r, 2 * i);
    }
}

static void *ret_seven(void *arg)
{
    (void)arg;
    return (void *)7;
}

/* A thread that ended long before the join still gives its value, and
 * many such create/join rounds leave nothing behind. */
static void join_finished(long unused)
{
    (void)unused;
    pthread_t t;
    MUST(pthread_create(&t, NULL, ret_seven, NULL));
    sleep_ms(50);
    void *r = NULL;
    MUST(pthread_join(t, &r));
    CHECK_EQ((intptr_t)r, 7);
    for (int i = 0; i < 300; i++) {
        MUST(pthread_create(&t, NULL, ret_seven, NULL));
        MUST(pthread_join(t, NULL));
    }
}

static atomic_int done_count;
static atomic_int release_flag;

static void *count_and_leave(void *arg)
{
    (void)arg;
    while (!atomic_load(&release_flag))
        sleep_ms(1);
    atomic_fetch_add(&done_count, 1);
    return NULL;
}

/* Detached threads run to their end with nobody joining them; joining
 * one while it runs is EINVAL; pthread_detach of a joinable one works. */
static void detached(long unused)
{
    (void)unused;
    pthread_attr_t a;
    MUST(pthread_attr_init(&a));
    MUST(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED));
    int state = -1;
    MUST(pthread_attr_getdetachstate(&a, &state));
    CHECK_EQ(state, PTHREAD_CREATE_DETACHED);
    pthread_t t[20];
    for (int i = 0; i < 20; i++)
        MUST(pthread_create(&t[i], &a, count_and_leave, NULL));
    CHECK_EQ(pthread_join(t[0], NULL), EINVAL);
    pthread_t j;
    MUST(pthread_create(&j, NULL, count_and_leave, NULL));
    MUST(pthread_detach(j));
    atomic_store(&release_flag, 1);
    for (int i = 0; i < 5000 && atomic_load(&done_count) < 21; i++)
        sleep_ms(1);
    CHECK_EQ(atomic_load(&done_count), 21);
    MUST(pthread_attr_destroy(&a));
    pthread_t k;                    /* and threads can still be made */
    MUST(pthread_create(&k, NULL, ret_seven, NULL));
    MUST(pthread_join(k, NULL));
}

static __thread int tls_counter = 41;   /* .tdata: each thread starts from 41 */
static __thread char tls_zeroes[64];    /* .tbss: each thread starts from zeroes */

struct ids {
    pid_t pid, tid;
    int err_after;
    int tls_start;
    int tls_zero;
};

static void *report_ids(void *arg)
{
    struct ids *out = arg;
    out->pid = getpid();
    out->tid = gettid();
    out->tls_start = tls_counter;
    out->tls_zero = 1;
    for (size_t i = 0; i < sizeof(tls_zeroes); i++)
        if (tls_zeroes[i])
            out->tls_zero = 0;
    tls_counter = 1000;
    memset(tls_zeroes, 'x', sizeof(tls_zeroes));
    errno = 0;
    close(-1);                      /* EBADF, in this thread's errno only */
    out->err_after = errno;
    return NULL;
}

/* One pid for every thread, an id of each thread's own, and thread-local
 * variables (errno among them) that no other thread sees. */
static void ids_and_tls(long unused)
{
    (void)unused;
    CHECK_EQ(gettid(), getpid());   /* the main thread's id is the pid */
    tls_counter = 5;
    errno = ENOENT;
    struct ids ids[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        MUST(pthread_create(&t[i], NULL, report_ids, &ids[i]));
    for (int i = 0; i < 4; i++)
        MUST(pthread_join(t[i], NULL));
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(tls_counter, 5);
    CHECK_EQ(tls_zeroes[0], 0);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(ids[i].pid, getpid());
        CHECK(ids[i].tid != getpid());
        for (int j = 0; j < i; j++)
            CHECK(ids[i].tid != ids[j].tid);
        CHECK_EQ(ids[i].err_after, EBADF);
        CHECK_EQ(ids[i].tls_start, 41);
        CHECK_EQ(ids[i].tls_zero, 1);
    }
    CHECK(pthread_equal(pthread_self(), pthread_self()));
}

static pthread_key_t key;
static atomic_int destructed;
static atomic_int destructor_sum;

static void destructor(void *value)
{
    atomic_fetch_add(&destructed, 1);
    atomic_fetch_add(&destructor_sum, (int)(intptr_t)value);
    if ((intptr_t)value == 100)     /* sets a value again: runs once more */
        pthread_setspecific(key, (void *)1);
}

static void *set_specific(void *arg)
{
    if (pthread_getspecific(key) != NULL)
        return (void *)1;
    pthread_setspecific(key, arg);
    return pthread_getspecific(key) == arg ? NULL : (void *)2;
}

/* Each thread's value of a key is its own; destructors run at the
 * thread's end with its value, again if they set one, never for NULL. */
static void specific_data(long unused)
{
    (void)unused;
    MUST(pthread_key_create(&key, destructor));
    MUST(pthread_setspecific(key, (void *)5));
    pthread_t t[3];
    MUST(pthread_create(&t[0], NULL, set_specific, (void *)10));
    MUST(pthread_create(&t[1], NULL, set_specific, (void *)100));
    MUST(pthread_create(&t[2], NULL, set_specific, NULL));
    for (int i = 0; i < 3; i++) {
        void *r;
        MUST(pthread_join(t[i], &r));
        CHECK_EQ((intptr_t)r, 0);
    }
    CHECK_EQ(atomic_load(&destructed), 3);      /* 10, 100, then the 1 it set */
    CHECK_EQ(atomic_load(&destructor_sum), 111);
    CHECK_EQ((intptr_t)pthread_getspecific(key), 5);
    MUST(pthread_key_delete(key));
    CHECK_EQ(pthread_setspecific(key, NULL), EINVAL);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs;
static atomic_int once_seen_done;

static void once_init(void)
{
    sleep_ms(20);                   /* the others arrive meanwhile and must wait */
    atomic_fetch_add(&once_runs, 1);
}

static void *call_once(void *arg)
{
    (void)arg;
    pthread_once(&once, once_init);
    if (atomic_load(&once_runs) == 1)
        atomic_fetch_add(&once_seen_done, 1);
    return NULL;
}

static void once_only(long unused)
{
    (void)unused;
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        MUST(pthread_create(&t[i], NULL, call_once, NULL));
    for (int i = 0; i < 8; i++)
        MUST(pthread_join(t[i], NULL));
    CHECK_EQ(atomic_load(&once_runs), 1);
    CHECK_EQ(atomic_load(&once_seen_done), 8);
}

#define LINES 100
static void *print_lines(void *arg)
{
    int n = (int)(intptr_t)arg;
    for (int i = 0; i < LINES; i++)
        printf("thread %d line %03d of this test's output\n", n, i);
    return NULL;
}

static void printf_lines_child(long fd)
{
    dup2((int)fd, 1);
    setvbuf(stdout, NULL, _IOFBF, 256);     /* many flushes, mid-line too */
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        MUST(pthread_create(&t[i], NULL, print_lines, (void *)(intptr_t)i));
    for (int i = 0; i < 8; i++)
        MUST(pthread_join(t[i], NULL));
    fflush(stdout);
    _exit(0);
}

/* printf from 8 threads at once: every line arrives whole. */
static void printf_whole_lines(long unused)
{
    (void)unused;
    int p[2];
    SYS(pipe(p));
    pid_t c = spawn(printf_lines_child, p[1]);
    close(p[1]);
    FILE *in = fdopen(p[0], "r");
    CHECK(in != NULL);
    char line[128];
    int count[8] = { 0 }, total = 0;
    while (fgets(line, sizeof(line), in)) {
        int n, i;
        char tail[64];
        if (sscanf(line, "thread %d line %d of this %63s", &n, &i, tail) != 3 || n < 0 || n > 7 ||
            strcmp(tail, "test's") != 0 || strlen(line) != 40)
            FAIL("a torn line: \"%s\"", line);
        CHECK_EQ(i, count[n]);       /* each thread's lines in its own order */
        count[n]++;
        total++;
    }
    fclose(in);
    CHECK_EQ(total, 8 * LINES);
    expect_exit(c, 0);
}

static void *malloc_storm(void *arg)
{
    unsigned seed = (unsigned)(intptr_t)arg;
    enum { SLOTS = 64 };
    unsigned char *slot[SLOTS] = { 0 };
    size_t size[SLOTS] = { 0 };
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 16) % SLOTS);
        if (slot[k]) {
            for (size_t i = 0; i < size[k]; i++)
                if (slot[k][i] != (unsigned char)k)
                    return (void *)1;
            free(slot[k]);
            slot[k] = NULL;
        } else {
            size[k] = 1 + (seed >> 8) % 700;
            slot[k] = malloc(size[k]);
            if (!slot[k])
                return (void *)2;
            memset(slot[k], k, size[k]);
        }
    }
    for (int k = 0; k < SLOTS; k++)
        free(slot[k]);
    return NULL;
}

/* malloc and free from 4 threads at once: nothing corrupted. */
static void malloc_threads(long unused)
{
    (void)unused;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        MUST(pthread_create(&t[i], NULL, malloc_storm, (void *)(intptr_t)(i + 1)));
    for (int i = 0; i < 4; i++) {
        void *r;
        MUST(pthread_join(t[i], &r));
        CHECK_EQ((intptr_t)r, 0);
    }
#ifdef __shmos__
    int __malloc_check(void *stats);
    CHECK_EQ(__malloc_check(NULL), 0);
#endif
}

static void *block_usr2(void *arg)
{
    (void)arg;
    sigset_t s, now;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    if (pthread_sigmask(SIG_BLOCK, &s, NULL) != 0)
        return (void *)1;
    pthread_sigmask(SIG_SETMASK, NULL, &now);
    return sigismember(&now, SIGUSR2) ? NULL : (void *)2;
}

/* pthread_sigmask changes the calling thread's mask only; a bad how is
 * EINVAL, returned, not in errno. */
static void own_masks(long unused)
{
    (void)unused;
    pthread_t t;
    void *r;
    MUST(pthread_create(&t, NULL, block_usr2, NULL));
    MUST(pthread_join(t, &r));
    CHECK_EQ((intptr_t)r, 0);
    sigset_t now;
    MUST(pthread_sigmask(SIG_SETMASK, NULL, &now));
    CHECK(!sigismember(&now, SIGUSR2));
    errno = 0;
    CHECK_EQ(pthread_sigmask(12345, &now, NULL), EINVAL);
    CHECK_EQ(errno, 0);
}

static void bad_attributes(long unused)
{
    (void)unused;
    pthread_attr_t a;
    MUST(pthread_attr_init(&a));
    CHECK_EQ(pthread_attr_setdetachstate(&a, 99), EINVAL);
    CHECK_EQ(pthread_attr_setstacksize(&a, 16), EINVAL);
    MUST(pthread_attr_setstacksize(&a, 64 * 1024));
    size_t s = 0;
    MUST(pthread_attr_getstacksize(&a, &s));
    CHECK_EQ(s, (size_t)64 * 1024);
    pthread_t t;
    MUST(pthread_create(&t, &a, twice, (void *)4));
    void *r;
    MUST(pthread_join(t, &r));
    CHECK_EQ((intptr_t)r, 8);
    CHECK_EQ(pthread_join(pthread_self(), NULL), EDEADLK);
    MUST(pthread_attr_destroy(&a));
}

#define T(name, fn, ...) { "pthread: " name, fn, 0, 0, 60, NULL }
static const struct test tests[] = {
    T("100 threads alive at once, created and joined, each with its result", create_join_100),
    T("a join after the thread ended; 300 create/join rounds", join_finished),
    T("detached threads run to their end; join of one is EINVAL", detached),
    T("one pid, own thread ids, own errno and __thread variables", ids_and_tls),
    T("thread-specific data and its destructors", specific_data),
    T("pthread_once runs its routine once, the others wait for it", once_only),
    T("printf from 8 threads writes whole lines", printf_whole_lines),
    T("malloc and free from 4 threads at once", malloc_threads),
    T("attributes: bad values, a stack size, join of oneself", bad_attributes),
    T("pthread_sigmask: each thread its own mask", own_masks),
};
TEST_GROUP(151, tests);
