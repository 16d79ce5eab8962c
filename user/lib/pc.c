/* The producer/consumer protocol's functions (include/portable/pc.h
 * describes the protocol and each function). Portable: built for shmos
 * and for Linux. */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* kill, sem_timedwait, SHM_DEST even with -std=c11 */
#endif
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <time.h>
#ifdef __shmos__
#include <shmos.h>
#endif
#include "pc.h"

void pc_report_as(const char *prog, const char *what, int err)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
}

int pc_parse(const char *s, long max, long *out)
{
    long v = 0;
    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (max - (*s - '0')) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 0;
}

void pc_run_init(struct pc_run *r, int run)
{
    static const char *const base[PC_NSEMS] = {
        "/shmos-pc-empty", "/shmos-pc-full", "/shmos-pc-mutex",
    };
    r->run = run;
    r->shmid = -1;
    r->ring = NULL;
    for (int i = 0; i < PC_NSEMS; i++) {
        r->sem[i] = NULL;
        if (run == 0)
            snprintf(r->name[i], PC_NAME_SIZE, "%s", base[i]);
        else
            snprintf(r->name[i], PC_NAME_SIZE, "%s-%d", base[i], run);
    }
}

key_t pc_key(const struct pc_run *r)
{
    return (key_t)(PC_KEY + r->run);
}

int pc_wait(struct pc_run *r, enum pc_sem s)
{
    while (sem_wait(r->sem[s]) != 0)
        if (errno != EINTR)
            return -1;
    return 0;
}

int pc_post(struct pc_run *r, enum pc_sem s)
{
    return sem_post(r->sem[s]);
}

int pc_sem_wait_ms(sem_t *s, long ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);      /* sem_timedwait's clock */
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait(s, &until) != 0) {
        if (errno == ETIMEDOUT)
            return 1;
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

int pc_wait_watch(struct pc_run *r, enum pc_sem s, pc_lost_fn *lost)
{
    for (;;) {
        int got = pc_sem_wait_ms(r->sem[s], PC_CHECK_MS);
        if (got <= 0)
            return got;
        if (lost(r))
            return 1;
    }
}

enum pc_step pc_put(struct pc_run *r, int v, pc_lost_fn *lost)
{
    struct pc_ring *q = r->ring;
    int got = pc_wait_watch(r, PC_EMPTY, lost);
    if (got != 0)
        return got > 0 ? PC_STEP_LOST : PC_STEP_ERROR;
    if (pc_wait(r, PC_MUTEX) != 0)
        return PC_STEP_ERROR;
    q->slot[q->in] = v;
    q->in = (q->in + 1) % PC_SLOTS;
    if (pc_post(r, PC_MUTEX) != 0 || pc_post(r, PC_FULL) != 0)
        return PC_STEP_ERROR;
    return PC_STEP_DONE;
}

enum pc_step pc_take(struct pc_run *r, int *v, pc_lost_fn *lost)
{
    struct pc_ring *q = r->ring;
    int got = pc_wait_watch(r, PC_FULL, lost);
    if (got != 0)
        return got > 0 ? PC_STEP_LOST : PC_STEP_ERROR;
    if (pc_wait(r, PC_MUTEX) != 0)
        return PC_STEP_ERROR;
    if (q->aborted != PC_RUNNING || q->taken == q->total) {
        enum pc_step why = q->aborted != PC_RUNNING ? PC_STEP_ABANDONED : PC_STEP_END;
        /* The unit goes back whatever the mutex post said: the other
         * consumers must still wake and end. */
        pc_post(r, PC_MUTEX);
        return pc_post(r, PC_FULL) != 0 ? PC_STEP_ERROR : why;
    }
    *v = q->slot[q->out];
    q->out = (q->out + 1) % PC_SLOTS;
    q->taken++;
    if (pc_post(r, PC_MUTEX) != 0 || pc_post(r, PC_EMPTY) != 0)
        return PC_STEP_ERROR;
    return PC_STEP_DONE;
}

long pc_attached(const struct pc_run *r)
{
    struct shmid_ds ds;
    if (shmctl(r->shmid, IPC_STAT, &ds) != 0)
        return -1;
    return (long)ds.shm_nattch;
}

int pc_zombie(pid_t pid)
{
#ifdef __shmos__
    struct procinfo ps[PC_PROCS_MAX];
    int n = getprocs(ps, PC_PROCS_MAX);
    for (int i = 0; i < n; i++)
        if (ps[i].pid == pid)
            return ps[i].state == PS_ZOMBIE;
    return 0;
#else
    char path[40], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* "pid (name) S ...": the name may hold ')' itself, the state follows the last. */
    const char *p = strrchr(buf, ')');
    return p != NULL && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
#endif
}

int pc_alive(pid_t pid)
{
    if (kill(pid, 0) != 0 && errno == ESRCH)
        return 0;
    return !pc_zombie(pid);
}

int pc_remove(const struct pc_run *r, int shmid)
{
    int removed = 0;
    for (int i = 0; i < PC_NSEMS; i++)
        removed += sem_unlink(r->name[i]) == 0;
    if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) == 0)
        removed++;
    return removed;
}

void pc_release(struct pc_run *r)
{
    if (r->ring != NULL)
        shmdt(r->ring);
    r->ring = NULL;
    for (int i = 0; i < PC_NSEMS; i++) {
        if (r->sem[i] != NULL)
            sem_close(r->sem[i]);
        r->sem[i] = NULL;
    }
}

int pc_abandon(struct pc_run *r, enum pc_abort why)
{
    int locked = pc_wait(r, PC_MUTEX) == 0, err = errno;
    if (r->ring->aborted == PC_RUNNING)
        r->ring->aborted = why;
    pc_post(r, PC_FULL);
    if (locked)
        pc_post(r, PC_MUTEX);
    errno = err;
    return locked ? 0 : -1;
}

int pc_leave(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    int last = 0, err = 0;
    if (pc_wait(r, PC_MUTEX) == 0) {
        long attached = pc_attached(r);
        if (attached < 0) {
            err = errno;
        } else {
            last = attached == 1 && !q->over &&
                   (q->aborted != PC_RUNNING || (q->taken == q->total && q->consumers > 0));
            if (last)
                q->over = 1;
        }
        shmdt(q);
        r->ring = NULL;
        if (pc_post(r, PC_MUTEX) != 0 && err == 0)
            err = errno;
    } else {
        err = errno;
    }
    if (last)
        pc_remove(r, r->shmid);
    pc_release(r);
    errno = err;
    return err != 0 ? -1 : last;
}
