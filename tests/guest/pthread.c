/* POSIX threads, the thread half: creation and join, detach, thread-local
 * storage and errno, thread-specific data, pthread_once, and the process
 * a group of threads makes (one pid, waitpid sees the process, a fault or
 * exit in any thread ends all of them, the last pthread_exit ends it with
 * status 0). The same tests run on Linux (glibc). */
#define _GNU_SOURCE                 /* glibc's gettid */
#include "tests.h"
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

#define MUST(call) do { \
        int e_ = (call); \
        if (e_ != 0) \
            FAIL("%s returned %d (%s)", #call, e_, errname(e_)); \
    } while (0)

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

static void *fault(void *arg)
{
    (void)arg;
    sleep_ms(20);
    *(volatile int *)opaque(NULL) = 1;
    return NULL;
}

static void *sleep_long(void *arg)
{
    (void)arg;
    for (;;)
        sleep_ms(1000);
    return NULL;
}

/* A fault in one thread kills its whole process, the other threads with
 * it (main waits in pthread_join, a third thread sleeps). */
static void fault_kills_process_child(long unused)
{
    (void)unused;
    pthread_t a, b;
    MUST(pthread_create(&b, NULL, sleep_long, NULL));
    MUST(pthread_create(&a, NULL, fault, NULL));
    pthread_join(a, NULL);
    _exit(3);                       /* must not get here */
}

static void fault_kills_process(long unused)
{
    (void)unused;
    expect_killed(spawn(fault_kills_process_child, 0), SIGSEGV);
}

static void *exit_seven(void *arg)
{
    (void)arg;
    sleep_ms(20);
    exit(7);
}

/* exit() in any thread ends the process with its status. */
static void exit_from_thread_child(long unused)
{
    (void)unused;
    pthread_t a, b;
    MUST(pthread_create(&b, NULL, sleep_long, NULL));
    MUST(pthread_create(&a, NULL, exit_seven, NULL));
    pthread_join(b, NULL);
    _exit(3);
}

static void exit_from_thread(long unused)
{
    (void)unused;
    expect_exit(spawn(exit_from_thread_child, 0), 7);
}

static int report_fd;

static void *outlive_main(void *arg)
{
    (void)arg;
    sleep_ms(100);                  /* main has called pthread_exit by now */
    write(report_fd, "late", 4);
    return NULL;
}

/* pthread_exit in main leaves the process running until its last thread
 * ends; then it exits with status 0 and its stdio flushed. */
static void main_exits_first_child(long fd)
{
    report_fd = (int)fd;
    pthread_t t;
    MUST(pthread_create(&t, NULL, outlive_main, NULL));
    pthread_exit(NULL);
}

static void main_exits_first(long unused)
{
    (void)unused;
    int p[2];
    SYS(pipe(p));
    pid_t c = spawn(main_exits_first_child, p[1]);
    close(p[1]);
    char buf[8] = "";
    read_exact(p[0], buf, 4);
    CHECK(memcmp(buf, "late", 4) == 0);
    expect_exit(c, 0);
    close(p[0]);
}

/* waitpid sees child processes, never the caller's own threads; a child
 * forked by a thread is the process's child, reaped from main. */
static void *fork_in_thread(void *arg)
{
    (void)arg;
    pid_t c = fork();
    if (c == 0)
        _exit(9);
    return (void *)(intptr_t)c;
}

static void wait_sees_processes(long unused)
{
    (void)unused;
    pthread_t s;
    MUST(pthread_create(&s, NULL, sleep_long, NULL));
    int status;
    EXPECT_ERR(waitpid(-1, &status, WNOHANG), ECHILD);
    pthread_t f;
    void *r;
    MUST(pthread_create(&f, NULL, fork_in_thread, NULL));
    MUST(pthread_join(f, &r));
    pid_t c = (pid_t)(intptr_t)r;
    CHECK(c > 0);
    expect_exit(c, 9);
    EXPECT_ERR(waitpid(-1, &status, WNOHANG), ECHILD);
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

#ifdef __shmos__
#include <shmos.h>
static atomic_int listed_tid;

static void *return_tid(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)gettid();
}

static void *note_tid_and_sleep(void *arg)
{
    (void)arg;
    atomic_store(&listed_tid, gettid());
    for (;;)
        sleep_ms(1000);
    return NULL;
}

/* getprocs (ps -T) lists each thread with its process's pid as tgid; a
 * thread that ended is listed no more. */
static void threads_listed(long unused)
{
    (void)unused;
    pthread_t t;
    MUST(pthread_create(&t, NULL, note_tid_and_sleep, NULL));
    while (atomic_load(&listed_tid) == 0)
        sleep_ms(1);
    static struct procinfo procs[128];
    int n = SYS(getprocs(procs, 128));
    int seen_thread = 0, seen_main = 0;
    for (int i = 0; i < n; i++) {
        if (procs[i].pid == atomic_load(&listed_tid))
            seen_thread = procs[i].tgid == getpid();
        if (procs[i].pid == getpid())
            seen_main = procs[i].tgid == getpid();
    }
    CHECK(seen_thread && seen_main);
    pthread_t u;
    void *r;
    MUST(pthread_create(&u, NULL, return_tid, NULL));
    MUST(pthread_join(u, &r));
    /* The join returns as the thread's exit begins (its id word is
     * zeroed first): the slot goes a moment later. */
    for (int tries = 0;; tries++) {
        bool listed = false;
        n = SYS(getprocs(procs, 128));
        for (int i = 0; i < n; i++)
            listed |= procs[i].pid == (pid_t)(intptr_t)r;
        if (!listed)
            break;
        if (tries == 1000)
            FAIL("thread %d is still listed 1 s after its join", (int)(intptr_t)r);
        sleep_ms(1);
    }
}
#define SHMOS_T(name, fn) { "pthread: " name, fn, 0, 0, 60, NULL }
#else
#define SHMOS_T(name, fn) { "pthread: " name, NULL, 0, 0, 0, "getprocs is shmos-only" }
#endif

static atomic_int usr1_hits;
static atomic_int usr1_in_thread;
static __thread int i_am_worker;

static void on_usr1(int sig)
{
    (void)sig;
    atomic_fetch_add(&usr1_hits, 1);
    if (i_am_worker)
        atomic_fetch_add(&usr1_in_thread, 1);
}

static void *install_then_wait(void *arg)
{
    (void)arg;
    i_am_worker = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);      /* for the whole process */
    while (atomic_load(&usr1_in_thread) == 0)
        sleep_ms(1);
    return NULL;
}

/* Signal actions belong to the process: a handler one thread installs
 * runs in another; pthread_kill reaches the thread named. */
static void shared_actions(long unused)
{
    (void)unused;
    pthread_t t;
    MUST(pthread_create(&t, NULL, install_then_wait, NULL));
    while (1) {
        struct sigaction now;
        sigaction(SIGUSR1, NULL, &now);
        if (now.sa_handler == on_usr1)
            break;
        sleep_ms(1);
    }
    MUST(pthread_kill(pthread_self(), SIGUSR1));    /* main runs the thread's handler */
    CHECK_EQ(atomic_load(&usr1_hits), 1);
    CHECK_EQ(atomic_load(&usr1_in_thread), 0);
    MUST(pthread_kill(t, SIGUSR1));
    MUST(pthread_join(t, NULL));
    CHECK_EQ(atomic_load(&usr1_in_thread), 1);
    CHECK_EQ(atomic_load(&usr1_hits), 2);
}

static int shared_pipe[2];

static void *make_pipe(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)pipe(shared_pipe);
}

static void *close_read_end(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)close(shared_pipe[0]);
}

/* The descriptors are the process's: a pipe one thread makes, another
 * uses; a descriptor one thread closes is closed for all. */
static void shared_descriptors(long unused)
{
    (void)unused;
    pthread_t t;
    void *r;
    MUST(pthread_create(&t, NULL, make_pipe, NULL));
    MUST(pthread_join(t, &r));
    CHECK_EQ((intptr_t)r, 0);
    SYS(write(shared_pipe[1], "hi", 2));
    char buf[2];
    read_exact(shared_pipe[0], buf, 2);
    CHECK(memcmp(buf, "hi", 2) == 0);
    MUST(pthread_create(&t, NULL, close_read_end, NULL));
    MUST(pthread_join(t, &r));
    CHECK_EQ((intptr_t)r, 0);
    EXPECT_ERR(read(shared_pipe[0], buf, 1), EBADF);
    close(shared_pipe[1]);
}

static atomic_int churn_stop;

static void *fd_churn(void *arg)
{
    unsigned seed = (unsigned)(intptr_t)arg;
    while (!atomic_load(&churn_stop)) {
        seed = seed * 1103515245u + 12345u;
        int fd = 3 + (int)((seed >> 16) % 24);
        switch ((seed >> 8) % 4) {
        case 0: {
            int p[2];
            if (pipe(p) == 0 && (seed & 1)) {
                close(p[0]);
                close(p[1]);
            }
            break;
        }
        case 1:
            close(fd);
            break;
        case 2:
            dup2(0, fd);
            break;
        default: {
            struct stat st;             /* may fail with EBADF; never blocks */
            fstat(fd, &st);
            lseek(fd, 0, SEEK_CUR);
            break;
        }
        }
    }
    return NULL;
}

/* Four threads open, duplicate, use and close descriptors of one table
 * at random: nothing breaks, and closing them all leaves nothing open. */
static void descriptor_churn(long unused)
{
    (void)unused;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        MUST(pthread_create(&t[i], NULL, fd_churn, (void *)(intptr_t)(i + 7)));
    sleep_ms(1500);
    atomic_store(&churn_stop, 1);
    for (int i = 0; i < 4; i++)
        MUST(pthread_join(t[i], NULL));
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
}

static void *chdir_umask_setuid(void *arg)
{
    (void)arg;
    if (chdir("/tmp") != 0)
        return (void *)1;
    umask(077);
    if (setuid(1000) != 0)          /* glibc's setuid changes every thread's */
        return (void *)2;
    return NULL;
}

/* The current directory, the umask and the user ids are the process's:
 * what one thread changes, the others have. */
static void process_attributes(long unused)
{
    (void)unused;
    if (getuid() != 0)
        return;                     /* needs root, to become another user */
    SYS(chdir("/"));
    umask(022);
    pthread_t t;
    void *r;
    MUST(pthread_create(&t, NULL, chdir_umask_setuid, NULL));
    MUST(pthread_join(t, &r));
    CHECK_EQ((intptr_t)r, 0);
    char buf[64];
    CHECK(getcwd(buf, sizeof(buf)) != NULL);
    CHECK(strcmp(buf, "/tmp") == 0);
    CHECK_EQ((int)umask(022), 077);
    CHECK_EQ((int)getuid(), 1000);
    CHECK_EQ((int)geteuid(), 1000);
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
    T("a fault in one thread kills the whole process", fault_kills_process),
    T("exit() in a thread ends the process with its status", exit_from_thread),
    T("main's pthread_exit: the process ends with its last thread, status 0", main_exits_first),
    T("waitpid sees processes, not threads; a thread's fork child is the process's", wait_sees_processes),
    T("printf from 8 threads writes whole lines", printf_whole_lines),
    T("malloc and free from 4 threads at once", malloc_threads),
    T("attributes: bad values, a stack size, join of oneself", bad_attributes),
    T("signal actions are the process's; pthread_kill reaches one thread", shared_actions),
    T("descriptors are the process's: made, used and closed across threads", shared_descriptors),
    T("4 threads churning one descriptor table", descriptor_churn),
    T("the current directory, umask and user ids are the process's", process_attributes),
    T("pthread_sigmask: each thread its own mask", own_masks),
    SHMOS_T("getprocs lists each thread with its process's id (ps -T)", threads_listed),
};
TEST_GROUP(151, tests);
