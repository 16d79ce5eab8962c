/* The producer/consumer protocol's functions (include/portable/pc.h
 * describes the protocol and each function; the semaphores are behind
 * pc_sem.h, in pc_sem.c). Portable: built for shmos and for Linux. */
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

int pc_parse_kind(const char *arg, enum pc_kind *kind)
{
    for (int k = 0; k < PC_KINDS; k++) {
        const char *option = pc_kind_option((enum pc_kind)k);
        if (*option != '\0' && strcmp(arg, option) == 0) {
            *kind = (enum pc_kind)k;
            return 1;
        }
    }
    return 0;
}

void pc_run_init(struct pc_run *r, int run, enum pc_kind kind)
{
    static const char *const base[PC_NSEMS] = {
        "/shmos-pc-empty", "/shmos-pc-full", "/shmos-pc-mutex",
    };
    char name[PC_NSEMS][PC_NAME_SIZE];
    for (int i = 0; i < PC_NSEMS; i++) {
        if (run == 0)
            snprintf(name[i], PC_NAME_SIZE, "%s", base[i]);
        else
            snprintf(name[i], PC_NAME_SIZE, "%s-%d", base[i], run);
    }
    r->run = run;
    r->key = (key_t)(PC_KEY + run);
    r->shmid = -1;
    r->ring = NULL;
    pc_sems_init(&r->sems, kind, r->key, (const char (*)[PC_NAME_SIZE])name);
}

key_t pc_key(const struct pc_run *r)
{
    return r->key;
}

int pc_wait(struct pc_run *r, enum pc_sem s)
{
    return pc_sems_wait(&r->sems, s);
}

int pc_post(struct pc_run *r, enum pc_sem s)
{
    return pc_sems_post(&r->sems, s);
}

int pc_wait_watch(struct pc_run *r, enum pc_sem s, pc_lost_fn *lost)
{
    for (;;) {
        int got = pc_sems_wait_ms(&r->sems, s, PC_CHECK_MS);
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
    static struct procinfo ps[PC_PROCS_MAX];     /* 48 KiB: not on the stack */
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
    int removed = pc_sems_remove(&r->sems);
    if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) == 0)
        removed++;
    return removed;
}

void pc_release(struct pc_run *r)
{
    if (r->ring != NULL)
        shmdt(r->ring);
    r->ring = NULL;
    pc_sems_close(&r->sems);
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

/* Under the mutex: whether this process is to remove run r - the run is
 * not over, it is finished (every item taken, some consumer joined) or
 * abandoned, and alone says no one else is in it - in which case it sets
 * over. */
static int claim_last(struct pc_run *r, int alone)
{
    struct pc_ring *q = r->ring;
    int last = alone && !q->over &&
               (q->aborted != PC_RUNNING || (q->taken == q->total && q->consumers > 0));
    if (last)
        q->over = 1;
    return last;
}

/* pc_leave with the semaphores outside the segment: detach under the
 * mutex, then post it. */
static int leave_detaching_first(struct pc_run *r)
{
    int last = 0, err = 0;
    if (pc_wait(r, PC_MUTEX) == 0) {
        long attached = pc_attached(r);
        if (attached < 0)
            err = errno;
        else
            last = claim_last(r, attached == 1);
        shmdt(r->ring);
        r->ring = NULL;
        if (pc_post(r, PC_MUTEX) != 0 && err == 0)
            err = errno;
    } else {
        err = errno;
    }
    if (err != 0 && pc_sems_removed(&r->sems, err))
        err = 0;                    /* the set is gone: the run was removed */
    if (last)
        pc_remove(r, r->shmid);
    pc_release(r);
    errno = err;
    return err != 0 ? -1 : last;
}

/* Whether run r's segment (detached by this process) has no attachment
 * left and is not marked for removal: everyone else has left too. */
static int nobody_attached(const struct pc_run *r)
{
    struct shmid_ds ds;
    return shmctl(r->shmid, IPC_STAT, &ds) == 0 && ds.shm_nattch == 0 &&
           !(ds.shm_perm.mode & SHM_DEST);
}

/* pc_leave with the semaphores in the segment: post the mutex, then
 * detach; if this process was not alone, and after its detach no one is
 * attached, attach again and decide under the mutex, without the alone
 * test (everyone who was attached has left since), whether to remove. */
static int leave_posting_first(struct pc_run *r)
{
    int last = 0, err = 0;
    for (int again = 0; err == 0; again = 1) {
        if (pc_wait(r, PC_MUTEX) != 0) {
            err = errno;
            break;
        }
        long attached = again ? 1 : pc_attached(r);
        if (attached < 0)
            err = errno;
        else
            last = claim_last(r, attached == 1);
        if (pc_post(r, PC_MUTEX) != 0 && err == 0)
            err = errno;
        shmdt(r->ring);
        r->ring = NULL;
        if (last || again || err != 0 || !nobody_attached(r))
            break;
        void *p = shmat(r->shmid, NULL, 0);
        if (p == (void *)-1)
            break;                  /* removed meanwhile */
        r->ring = p;
        const char *what;
        pc_sems_open(&r->sems, r->ring->sem, &what);
    }
    if (last)
        pc_remove(r, r->shmid);
    pc_release(r);
    errno = err;
    return err != 0 ? -1 : last;
}

int pc_leave(struct pc_run *r)
{
    if (pc_sems_in_segment(&r->sems))
        return leave_posting_first(r);
    return leave_detaching_first(r);
}
