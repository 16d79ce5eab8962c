/* The producer/consumer lab's semaphores in three kinds behind one
 * interface (include/portable/pc_sem.h describes the kinds and each
 * function). Portable: built for shmos and for Linux. */
#ifndef __shmos__
#define _GNU_SOURCE         /* semtimedop (and what _DEFAULT_SOURCE gives) under -std=c11 */
#endif
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>
#include <time.h>
#include "pc_sem.h"

/* semctl's fourth argument: the caller's to define, on both systems. */
union pc_semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

const char *pc_kind_name(enum pc_kind kind)
{
    static const char *const name[PC_KINDS] = {
        [PC_NAMED] = "named", [PC_UNNAMED] = "unnamed", [PC_SYSV] = "System V",
    };
    return kind < PC_KINDS ? name[kind] : "unknown";
}

const char *pc_kind_option(enum pc_kind kind)
{
    static const char *const option[PC_KINDS] = {
        [PC_NAMED] = "", [PC_UNNAMED] = "--unnamed", [PC_SYSV] = "--sysv",
    };
    return kind < PC_KINDS ? option[kind] : "";
}

void pc_sems_init(struct pc_sems *s, enum pc_kind kind, key_t key,
                  const char name[PC_NSEMS][PC_NAME_SIZE])
{
    s->kind = kind;
    s->key = key;
    s->semid = -1;
    for (int i = 0; i < PC_NSEMS; i++) {
        s->sem[i] = NULL;
        memcpy(s->name[i], name[i], PC_NAME_SIZE);
    }
}

/* ---------------------------------------------------------------- creating */

/* PC_NAMED: unlink leftovers of the names, then create each exclusively. */
static int create_named(struct pc_sems *s, const unsigned initial[PC_NSEMS], const char **what)
{
    for (int i = 0; i < PC_NSEMS; i++)
        sem_unlink(s->name[i]);
    for (int i = 0; i < PC_NSEMS; i++) {
        sem_t *h = sem_open(s->name[i], O_CREAT | O_EXCL, 0600, initial[i]);
        if (h == SEM_FAILED) {
            int err = errno;
            *what = s->name[i];
            pc_sems_remove(s);
            pc_sems_close(s);
            errno = err;
            return -1;
        }
        s->sem[i] = h;
    }
    return 0;
}

/* PC_UNNAMED: initialise the three process-shared sem_t in the segment. */
static int create_unnamed(struct pc_sems *s, sem_t in_segment[PC_NSEMS],
                          const unsigned initial[PC_NSEMS], const char **what)
{
    for (int i = 0; i < PC_NSEMS; i++) {
        if (sem_init(&in_segment[i], 1, initial[i]) != 0) {
            *what = "sem_init";
            pc_sems_close(s);
            return -1;
        }
        s->sem[i] = &in_segment[i];
    }
    return 0;
}

/* PC_SYSV: remove a leftover set of the key, create the set exclusively,
 * set its three values at once (SETALL). */
static int create_sysv(struct pc_sems *s, const unsigned initial[PC_NSEMS], const char **what)
{
    if (s->key != IPC_PRIVATE) {
        int old = semget(s->key, 0, 0);
        if (old >= 0)
            semctl(old, 0, IPC_RMID);
    }
    s->semid = semget(s->key, PC_NSEMS, IPC_CREAT | IPC_EXCL | 0600);
    if (s->semid < 0) {
        *what = "semget";
        return -1;
    }
    unsigned short value[PC_NSEMS];
    for (int i = 0; i < PC_NSEMS; i++)
        value[i] = (unsigned short)initial[i];
    union pc_semun arg = { .array = value };
    if (semctl(s->semid, 0, SETALL, arg) != 0) {
        int err = errno;
        *what = "semctl SETALL";
        semctl(s->semid, 0, IPC_RMID);
        s->semid = -1;
        errno = err;
        return -1;
    }
    return 0;
}

int pc_sems_create(struct pc_sems *s, sem_t in_segment[PC_NSEMS],
                   const unsigned initial[PC_NSEMS], const char **what)
{
    switch (s->kind) {
    case PC_NAMED:
        return create_named(s, initial, what);
    case PC_UNNAMED:
        return create_unnamed(s, in_segment, initial, what);
    case PC_SYSV:
        return create_sysv(s, initial, what);
    default:
        *what = "semaphore kind";
        errno = EINVAL;
        return -1;
    }
}

/* ---------------------------------------------------------------- opening */

int pc_sems_open(struct pc_sems *s, sem_t in_segment[PC_NSEMS], const char **what)
{
    switch (s->kind) {
    case PC_NAMED:
        for (int i = 0; i < PC_NSEMS; i++) {
            if (s->sem[i] != NULL)
                continue;
            sem_t *h = sem_open(s->name[i], 0);
            if (h == SEM_FAILED) {
                *what = s->name[i];
                return errno == ENOENT ? 1 : -1;
            }
            s->sem[i] = h;
        }
        return 0;
    case PC_UNNAMED:
        for (int i = 0; i < PC_NSEMS; i++)
            s->sem[i] = &in_segment[i];
        return 0;
    case PC_SYSV:
        if (s->key == IPC_PRIVATE) {
            *what = "semget";           /* a private set is only inherited */
            errno = EINVAL;
            return -1;
        }
        s->semid = semget(s->key, PC_NSEMS, 0);
        if (s->semid < 0) {
            *what = "semget";
            return errno == ENOENT ? 1 : -1;
        }
        return 0;
    default:
        *what = "semaphore kind";
        errno = EINVAL;
        return -1;
    }
}

int pc_sems_held(const struct pc_sems *s)
{
    return s->kind == PC_SYSV ? s->semid >= 0 : s->sem[PC_MUTEX] != NULL;
}

int pc_sems_in_segment(const struct pc_sems *s)
{
    return s->kind == PC_UNNAMED;
}

/* ---------------------------------------------------------------- waiting and posting */

/* PC_SYSV: add op to semaphore i, waiting at most *timeout (NULL: no
 * limit); the mutex's operations are undone if this process dies. */
static int sysv_op(struct pc_sems *s, enum pc_sem i, short op, const struct timespec *timeout)
{
    struct sembuf b = {
        .sem_num = (unsigned short)i,
        .sem_op = op,
        .sem_flg = i == PC_MUTEX ? SEM_UNDO : 0,
    };
    return timeout ? semtimedop(s->semid, &b, 1, timeout) : semop(s->semid, &b, 1);
}

int pc_sems_wait(struct pc_sems *s, enum pc_sem i)
{
    for (;;) {
        int r = s->kind == PC_SYSV ? sysv_op(s, i, -1, NULL) : sem_wait(s->sem[i]);
        if (r == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

/* The CLOCK_REALTIME time (sem_timedwait's clock) ms from now. */
static struct timespec realtime_after_ms(long ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    return until;
}

int pc_sems_wait_ms(struct pc_sems *s, enum pc_sem i, long ms)
{
    if (s->kind == PC_SYSV) {
        const struct timespec slice = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
        while (sysv_op(s, i, -1, &slice) != 0) {
            if (errno == EAGAIN)
                return 1;               /* semtimedop's time-out */
            if (errno != EINTR)
                return -1;
        }
        return 0;
    }
    struct timespec until = realtime_after_ms(ms);
    while (sem_timedwait(s->sem[i], &until) != 0) {
        if (errno == ETIMEDOUT)
            return 1;
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

int pc_sems_post(struct pc_sems *s, enum pc_sem i)
{
    return s->kind == PC_SYSV ? sysv_op(s, i, 1, NULL) : sem_post(s->sem[i]);
}

int pc_sems_removed(const struct pc_sems *s, int err)
{
    return s->kind == PC_SYSV && (err == EIDRM || err == EINVAL);
}

/* ---------------------------------------------------------------- removing */

int pc_sems_remove(const struct pc_sems *s)
{
    int removed = 0;
    switch (s->kind) {
    case PC_NAMED:
        for (int i = 0; i < PC_NSEMS; i++)
            removed += sem_unlink(s->name[i]) == 0;
        break;
    case PC_SYSV: {
        int id = s->semid;
        if (id < 0 && s->key != IPC_PRIVATE)
            id = semget(s->key, 0, 0);
        if (id >= 0 && semctl(id, 0, IPC_RMID) == 0)
            removed++;
        break;
    }
    default:
        break;
    }
    return removed;
}

void pc_sems_close(struct pc_sems *s)
{
    for (int i = 0; i < PC_NSEMS; i++) {
        if (s->kind == PC_NAMED && s->sem[i] != NULL)
            sem_close(s->sem[i]);
        s->sem[i] = NULL;
    }
    s->semid = -1;
}
