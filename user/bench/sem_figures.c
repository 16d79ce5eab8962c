/*
 * sem_figures.c - bench's semaphore figures (declared in bench.h):
 *
 *   sem_rtt_us        ping-pong of two named semaphores between two
 *                     processes: post ping, wait pong; the partner waits
 *                     ping, posts pong
 *   sem_pair_ns       sem_post + sem_wait on an unnamed private semaphore
 *                     (sem_init(.., 0, 0)), uncontended, in one process
 *   sem_counter4_ns   ns per increment of a counter in shared memory that
 *                     4 processes (bench and 3 forked workers) increment,
 *                     n in all, under one process-shared unnamed
 *                     semaphore used as a mutex, in the same page; the
 *                     count must come out exact
 *   sysv_sem_rtt_us   ping-pong through a System V set of 2 semaphores
 *                     between two processes: semop +1 on ping, semtimedop
 *                     -1 on pong; the partner the other way round
 *
 * Every wait that may block is a timed one (sem_timedwait, or semtimedop
 * with a relative timeout), so a side whose other side died notices it
 * within SEM_CHECK_NS and fails the figure instead of waiting for ever.
 * Nothing is left behind: the named semaphores are unlinked once open,
 * the System V set is removed, the shared page unmapped.
 */
#ifndef __shmos__
#define _GNU_SOURCE         /* semtimedop */
#endif
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "monotime.h"
#include "bench.h"

#define SEM_CHECK_NS INT64_C(200000000)     /* a waiting side looks at the other this often */

/* ---------------------------------------------------------------- named ping-pong */


/* The CLOCK_REALTIME time (sem_timedwait's clock) ns from now. */
static struct timespec realtime_in(int64_t ns)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    int64_t at = (int64_t)t.tv_sec * 1000000000 + t.tv_nsec + ns;
    t.tv_sec = (time_t)(at / 1000000000);
    t.tv_nsec = (long)(at % 1000000000);
    return t;
}

/* Takes a unit of s. The wait is sem_timedwait against *check, which the
 * caller moves SEM_CHECK_NS ahead every 1024 waits (a clock read per wait
 * would show in the figure); when it passes, the other side is looked at
 * (given_up: partner_given_up, or crew_given_up for the counter's
 * workers) and *check moved on. 0 taken, RTT_LOST, or -1 on an error
 * (errno). */
static int sem_take(sem_t *s, struct timespec *check, bool (*given_up)(int64_t *since))
{
    int64_t since = 0;
    while (sem_timedwait(s, check) != 0) {
        if (errno == EINTR)
            continue;
        if (errno != ETIMEDOUT)
            return -1;
        if (given_up(&since))
            return RTT_LOST;
        *check = realtime_in(SEM_CHECK_NS);
    }
    return 0;
}

/* A new semaphore of value 0 for this process alone: its name carries the
 * pid (runs never collide) and is unlinked as soon as it is open, so
 * nothing is left behind whatever happens later (the handle, which fork
 * passes on, is all the partners need). NULL on failure (printed). */
static sem_t *sem_private(const char *what)
{
    char name[32];
    snprintf(name, sizeof name, "/bench-%s-%d", what, (int)getpid());
    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (s == SEM_FAILED) {
        fail(name);
        return NULL;
    }
    if (sem_unlink(name) != 0) {
        fail(name);
        sem_close(s);
        return NULL;
    }
    return s;
}

/* The partner's side: n times, wait for ping and post pong; then exit 0
 * (3 on an error, 4 if the parent is lost). */
static _Noreturn void sem_echo(sem_t *ping, sem_t *pong, long n)
{
    struct timespec check;
    for (long i = 0; i < n; i++) {
        if (i % 1024 == 0)
            check = realtime_in(SEM_CHECK_NS);
        int got = sem_take(ping, &check, partner_given_up);
        if (got != 0)
            _exit(got == RTT_LOST ? 4 : 3);
        if (sem_post(pong) != 0)
            _exit(3);
    }
    _exit(0);
}

/* Post ping, wait for pong. 0, RTT_LOST or -1 (printed). */
static int sem_round_trip(sem_t *ping, sem_t *pong, struct timespec *check)
{
    if (sem_post(ping) != 0)
        return (int)fail("sem_post");
    int got = sem_take(pong, check, partner_given_up);
    return got == -1 ? (int)fail("sem_timedwait") : got;
}

int64_t time_sem_rtt(long n)
{
    sem_t *ping = sem_private("ping");
    sem_t *pong = ping ? sem_private("pong") : NULL;
    if (!pong) {
        if (ping)
            sem_close(ping);
        return -1;
    }
    int64_t elapsed = -1;
    int err = -1;
    pid_t pid = partner_fork("semaphore partner");
    if (pid == 0)
        sem_echo(ping, pong, n + 1);        /* + the warm-up */
    if (pid < 0) {
        fail("fork");
    } else {
        struct timespec check = realtime_in(SEM_CHECK_NS);
        int got = sem_round_trip(ping, pong, &check);   /* the partner is running */
        if (got == 0) {
            int64_t t0 = mono_ns();
            for (long i = 0; i < n; i++) {
                if (i % 1024 == 0)
                    check = realtime_in(SEM_CHECK_NS);
                if ((got = sem_round_trip(ping, pong, &check)) != 0)
                    break;
            }
            elapsed = mono_ns() - t0;
        }
        if (got == RTT_LOST)
            partner_lost();
        else if (got != 0)
            partner_stop();
        else
            err = partner_reap();
    }
    bool closed = sem_close(ping) == 0;
    if (!(sem_close(pong) == 0 && closed) && err == 0)
        err = (int)fail("sem_close");
    return err < 0 ? -1 : elapsed;
}

/* ---------------------------------------------------------------- uncontended pair */

int64_t time_sem_pair(long n)
{
    sem_t s;
    if (sem_init(&s, 0, 0) != 0)
        return fail("sem_init");
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        if (sem_post(&s) != 0 || sem_wait(&s) != 0) {
            fail("sem_post/sem_wait");
            sem_destroy(&s);
            return -1;
        }
    }
    int64_t elapsed = mono_ns() - t0;
    if (sem_destroy(&s) != 0)
        return fail("sem_destroy");
    return elapsed;
}

/* ---------------------------------------------------------------- contended counter */

#define COUNTER_PROCS 4                     /* bench itself and 3 workers */

/* The page the counter's processes share (MAP_SHARED | MAP_ANONYMOUS,
 * inherited by fork). Every semaphore is process-shared. */
struct counter_page {
    sem_t lock;         /* the mutex: value 1 when free */
    sem_t ready;        /* each worker posts it once, when it runs */
    sem_t go;           /* bench posts it once per worker: the clock runs */
    sem_t done;         /* each worker posts it once its share is done */
    long count;         /* [lock] the counter */
};

static pid_t crew[COUNTER_PROCS - 1];       /* in bench: the workers not yet reaped */
static pid_t crew_parent;                   /* bench's pid */
static bool crew_worker;                    /* this process is a worker */

/* The counter's check after a wait has lasted SEM_CHECK_NS: in a worker,
 * true if bench is gone; in bench, true if a worker ended other than with
 * status 0 (reaped here, and said), or if no unit has come for
 * RTT_PATIENCE_NS since the first call after *since was set to 0. */
static bool crew_given_up(int64_t *since)
{
    if (crew_worker && getppid() != crew_parent)
        return true;
    for (int i = 0; !crew_worker && i < COUNTER_PROCS - 1; i++) {
        int status;
        if (crew[i] <= 0 || waitpid(crew[i], &status, WNOHANG) != crew[i])
            continue;
        pid_t pid = crew[i];
        crew[i] = 0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("bench: FAILED the counter worker %d ended with status 0x%x\n", (int)pid,
                   status);
            return true;
        }
    }
    int64_t now = mono_ns();
    if (*since == 0)
        *since = now;
    if (now - *since <= RTT_PATIENCE_NS)
        return false;
    printf("bench: FAILED the counter's processes made no progress for %d s\n",
           (int)(RTT_PATIENCE_NS / 1000000000));
    return true;
}

/* share increments of pg->count, each under pg->lock. 0, RTT_LOST, or -1
 * (errno). */
static int counter_share(struct counter_page *pg, long share)
{
    struct timespec check;
    for (long i = 0; i < share; i++) {
        if (i % 1024 == 0)
            check = realtime_in(SEM_CHECK_NS);
        int got = sem_take(&pg->lock, &check, crew_given_up);
        if (got != 0)
            return got;
        pg->count++;
        if (sem_post(&pg->lock) != 0)
            return -1;
    }
    return 0;
}

/* A worker: say it runs, wait for the start, do its share, say it is
 * done. Exits 0; 3 on an error, 4 if bench is gone. */
static _Noreturn void counter_work(struct counter_page *pg, long share)
{
    struct timespec check = realtime_in(SEM_CHECK_NS);
    if (sem_post(&pg->ready) != 0)
        _exit(3);
    int got = sem_take(&pg->go, &check, crew_given_up);
    if (got == 0)
        got = counter_share(pg, share);
    if (got == 0 && sem_post(&pg->done) != 0)
        got = -1;
    _exit(got == 0 ? 0 : got == RTT_LOST ? 4 : 3);
}

/* Worker i's part of n increments (i = 0 is bench's own). */
static long counter_part(long n, int i)
{
    return n / COUNTER_PROCS + (i < n % COUNTER_PROCS);
}

/* Waits for count units of s, each with sem_take. 0, RTT_LOST or -1. */
static int take_units(sem_t *s, int count)
{
    struct timespec check = realtime_in(SEM_CHECK_NS);
    for (int i = 0; i < count; i++) {
        int got = sem_take(s, &check, crew_given_up);
        if (got != 0)
            return got;
    }
    return 0;
}

/* Ends the workers not reaped yet: killed if kill is set, then reaped.
 * 0 if every one of them exited with status 0, else -1 (said). */
static int crew_end(bool kill_them)
{
    int err = 0;
    for (int i = 0; i < COUNTER_PROCS - 1; i++) {
        if (crew[i] <= 0)
            continue;
        int status = 0;
        if (kill_them)
            kill(crew[i], SIGKILL);
        if (waitpid(crew[i], &status, 0) != crew[i]) {
            err = (int)fail("waitpid");
        } else if (!kill_them && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
            printf("bench: FAILED the counter worker %d ended with status 0x%x\n",
                   (int)crew[i], status);
            err = -1;
        }
        crew[i] = 0;
    }
    return err;
}

/* Forks the workers and has them ready (each posted ready). 0, or -1
 * (said) with any worker forked still to be ended. */
static int crew_start(struct counter_page *pg, long n)
{
    crew_parent = getpid();
    for (int i = 0; i < COUNTER_PROCS - 1; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            crew_worker = true;
            counter_work(pg, counter_part(n, i + 1));
        }
        if (pid < 0)
            return (int)fail("fork");
        crew[i] = pid;
    }
    int got = take_units(&pg->ready, COUNTER_PROCS - 1);
    return got == 0 ? 0 : got == RTT_LOST ? -1 : (int)fail("sem_timedwait");
}

/* The counter's page with its semaphores set up, or NULL (said). */
static struct counter_page *counter_page_new(void)
{
    struct counter_page *pg = mmap(NULL, sizeof *pg, PROT_READ | PROT_WRITE,
                                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pg == MAP_FAILED) {
        fail("mmap");
        return NULL;
    }
    pg->count = 0;
    if (sem_init(&pg->lock, 1, 1) != 0 || sem_init(&pg->ready, 1, 0) != 0 ||
        sem_init(&pg->go, 1, 0) != 0 || sem_init(&pg->done, 1, 0) != 0) {
        fail("sem_init");
        munmap(pg, sizeof *pg);
        return NULL;
    }
    return pg;
}

int64_t time_sem_counter4(long n)
{
    struct counter_page *pg = counter_page_new();
    if (!pg)
        return -1;
    int64_t elapsed = -1;
    int got = crew_start(pg, n);
    if (got == 0) {
        int64_t t0 = mono_ns();
        for (int i = 0; i < COUNTER_PROCS - 1 && got == 0; i++)
            if (sem_post(&pg->go) != 0)
                got = (int)fail("sem_post");
        if (got == 0 && (got = counter_share(pg, counter_part(n, 0))) == -1)
            fail("sem_timedwait");
        if (got == 0 && (got = take_units(&pg->done, COUNTER_PROCS - 1)) == -1)
            fail("sem_timedwait");
        elapsed = mono_ns() - t0;
    }
    if (crew_end(got != 0) != 0)
        got = -1;
    if (got == 0 && pg->count != n) {
        printf("bench: FAILED the counter is %ld after %ld increments\n", pg->count, n);
        got = -1;
    }
    sem_destroy(&pg->lock);
    sem_destroy(&pg->ready);
    sem_destroy(&pg->go);
    sem_destroy(&pg->done);
    if (munmap(pg, sizeof *pg) != 0 && got == 0)
        got = (int)fail("munmap");
    return got == 0 ? elapsed : -1;
}

/* ---------------------------------------------------------------- System V ping-pong */

enum { SYSV_PING, SYSV_PONG };

/* semctl's fourth argument: the caller's to define. */
union bench_semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* Takes a unit of semaphore num of set id: semtimedop with a relative
 * timeout of SEM_CHECK_NS, the partner looked at after each one that
 * passes. 0 taken, RTT_LOST, or -1 on an error (errno). */
static int sysv_take(int id, unsigned short num)
{
    struct sembuf op = { .sem_num = num, .sem_op = -1, .sem_flg = 0 };
    const struct timespec slice = { .tv_sec = 0, .tv_nsec = SEM_CHECK_NS };
    int64_t since = 0;
    while (semtimedop(id, &op, 1, &slice) != 0) {
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return -1;
        if (partner_given_up(&since))
            return RTT_LOST;
    }
    return 0;
}

/* Gives a unit to semaphore num of set id. 0, or -1 (errno). */
static int sysv_give(int id, unsigned short num)
{
    struct sembuf op = { .sem_num = num, .sem_op = 1, .sem_flg = 0 };
    return semop(id, &op, 1);
}

/* The partner's side: n times, take ping and give pong; then exit 0 (3 on
 * an error, 4 if the parent is lost). */
static _Noreturn void sysv_echo(int id, long n)
{
    for (long i = 0; i < n; i++) {
        int got = sysv_take(id, SYSV_PING);
        if (got != 0)
            _exit(got == RTT_LOST ? 4 : 3);
        if (sysv_give(id, SYSV_PONG) != 0)
            _exit(3);
    }
    _exit(0);
}

/* Give ping, take pong. 0, RTT_LOST or -1 (printed). */
static int sysv_round_trip(int id)
{
    if (sysv_give(id, SYSV_PING) != 0)
        return (int)fail("semop");
    int got = sysv_take(id, SYSV_PONG);
    return got == -1 ? (int)fail("semtimedop") : got;
}

int64_t time_sysv_sem_rtt(long n)
{
    int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    if (id < 0)
        return fail("semget");
    unsigned short zero[2] = { 0, 0 };
    union bench_semun arg = { .array = zero };
    int64_t elapsed = -1;
    int err = -1;
    if (semctl(id, 0, SETALL, arg) != 0) {
        fail("semctl SETALL");
        goto remove;
    }
    pid_t pid = partner_fork("System V semaphore partner");
    if (pid == 0)
        sysv_echo(id, n + 1);               /* + the warm-up */
    if (pid < 0) {
        fail("fork");
        goto remove;
    }
    int got = sysv_round_trip(id);          /* the partner is running */
    if (got == 0) {
        int64_t t0 = mono_ns();
        for (long i = 0; i < n && got == 0; i++)
            got = sysv_round_trip(id);
        elapsed = mono_ns() - t0;
    }
    if (got == RTT_LOST)
        partner_lost();
    else if (got != 0)
        partner_stop();
    else
        err = partner_reap();
remove:
    if (semctl(id, 0, IPC_RMID) != 0 && err == 0)
        err = (int)fail("semctl IPC_RMID");
    return err < 0 ? -1 : elapsed;
}
