/* POSIX threads, the process they make: one pid and waitpid's view of it,
 * a fault or exit() in any thread ending all of them, the last
 * pthread_exit ending it with status 0, and what its threads share: signal
 * actions, descriptors, the current directory, umask and user ids (and, on
 * shmos, getprocs's view of the threads). The same tests run on Linux
 * (glibc). */
#include "pthread_util.h"           /* MUST; _GNU_SOURCE for glibc's gettid */
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

#define T(name, fn, ...) { "pthread: " name, fn, 0, 0, 60, NULL }
static const struct test tests[] = {
    T("a fault in one thread kills the whole process", fault_kills_process),
    T("exit() in a thread ends the process with its status", exit_from_thread),
    T("main's pthread_exit: the process ends with its last thread, status 0", main_exits_first),
    T("waitpid sees processes, not threads; a thread's fork child is the process's", wait_sees_processes),
    T("signal actions are the process's; pthread_kill reaches one thread", shared_actions),
    T("descriptors are the process's: made, used and closed across threads", shared_descriptors),
    T("4 threads churning one descriptor table", descriptor_churn),
    T("the current directory, umask and user ids are the process's", process_attributes),
    SHMOS_T("getprocs lists each thread with its process's id (ps -T)", threads_listed),
};
TEST_GROUP(153, tests);
