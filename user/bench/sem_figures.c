/*
 * sem_figures.c - bench's semaphore figures (declared in bench.h):
 *
 *   sem_rtt_us        ping-pong of two named semaphores between two
 *                     processes: post ping, wait pong; the partner waits
 *                     ping, posts pong
 *
 * Every wait that may block is a timed one (sem_timedwait), so a side
 * whose other side died notices it within SEM_CHECK_NS and fails the
 * figure instead of waiting for ever. Nothing is left behind: the named
 * semaphores are unlinked once open.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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
 * (given_up: partner_given_up) and *check moved on. 0 taken, RTT_LOST, or
 * -1 on an error (errno). */
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
