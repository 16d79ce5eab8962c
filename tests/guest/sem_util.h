/* Helpers shared by the named-semaphore tests (sem.c, sem_wait.c): names
 * and the key derived from the guard's pid, shortcuts, the sweep that
 * removes what a test left, and the guarded test entry. Every helper is
 * static: each test file gets its own copy, and unused ones cost nothing. */
#ifndef TESTS_GUEST_SEM_UTIL_H
#define TESTS_GUEST_SEM_UTIL_H
#define SEM_HELPER static __attribute__((unused))
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
int sem_list(struct seminfo_rec *buf, int max);
#endif

#define NNAMES  72                  /* names name(0..NNAMES-1) per test */
#define NAME_SIZE 320
#define SEM_TABLE 64                /* shmos: semaphores system-wide */
#define SEM_OPEN_MAX 16             /* shmos: open per process */
#define BODY_LIMIT_MS 25000         /* under the runner's 30 s default */
#define CYCLES 10000

SEM_HELPER pid_t guard;                 /* the pid names and the key derive from */

/* The System V key of this test (the shared counter's segment). */
SEM_HELPER key_t key(void)
{
    return (key_t)(0x40000000 | ((guard & 0x3FFFFF) << 8));
}

/* Name n of this test, into buf[NAME_SIZE]. */
SEM_HELPER char *name(char *buf, int n)
{
    fmt(buf, NAME_SIZE, "/se%d.%d", (int)guard, n);
    return buf;
}

/* A name of this test with exactly len bytes after its '/'. */
SEM_HELPER char *long_name(char *buf, int len)
{
    int n = fmt(buf, NAME_SIZE, "/se%d-", (int)guard);
    while (n < len + 1 && n < NAME_SIZE - 1)
        buf[n++] = 'L';
    buf[n] = '\0';
    return buf;
}

/* call must return SEM_FAILED with errno err. */
#define EXPECT_OPEN_ERR(call, err) do { \
    errno = 0; \
    sem_t *s_ = (call); \
    int e_ = errno; \
    if (s_ != SEM_FAILED || e_ != (err)) \
        FAIL("%s returned %p errno %s, expected SEM_FAILED with %s", \
             #call, (void *)s_, errname(e_), errname(err)); \
} while (0)

/* sem_open(name(n), O_CREAT | O_EXCL, 0600, value), which must work. */
SEM_HELPER sem_t *create(int n, unsigned value)
{
    char nm[NAME_SIZE];
    sem_t *s = sem_open(name(nm, n), O_CREAT | O_EXCL, 0600, value);
    if (s == SEM_FAILED)
        FAIL("sem_open(%s, O_CREAT | O_EXCL, %u) failed: %s", nm, value, errname(errno));
    return s;
}

/* sem_open(name(n), 0), which must work. */
SEM_HELPER sem_t *open_existing(int n)
{
    char nm[NAME_SIZE];
    sem_t *s = sem_open(name(nm, n), 0);
    if (s == SEM_FAILED)
        FAIL("sem_open(%s, 0) failed: %s", nm, errname(errno));
    return s;
}

/* sem_unlink(name(n)), which must work. */
SEM_HELPER void unlink_n(int n)
{
    char nm[NAME_SIZE];
    SYS(sem_unlink(name(nm, n)));
}

/* sem_getvalue of s, which must work. */
SEM_HELPER int value(sem_t *s)
{
    int v = -1;
    SYS(sem_getvalue(s, &v));
    return v;
}

#ifdef __shmos__
SEM_HELPER struct meminfo mem(void)
{
    struct meminfo mi;
    SYS(meminfo(&mi));
    return mi;
}
SEM_HELPER long nsem(void) { return (long)mem().nsem; }

/* Processes blocked in sem_wait on name(n), from the kernel's listing. */
SEM_HELPER long waiters(int n)
{
    static struct seminfo_rec recs[SEM_TABLE];
    char nm[NAME_SIZE];
    name(nm, n);
    int count = (int)SYS(sem_list(recs, SEM_TABLE));
    for (int i = 0; i < count; i++)
        if (!(recs[i].flags & SHMINFO_REMOVED) && strcmp(recs[i].name, nm + 1) == 0)
            return (long)recs[i].nwait;
    FAIL("%s is not listed by sem_list", nm);
}
#endif

/* Unlink every name of this test and remove its segment. Returns how
 * many existed. */
SEM_HELPER int sweep(void)
{
    char nm[NAME_SIZE];
    int found = 0, id = shmget(key(), 0, 0);
    found += id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
    for (int n = 0; n < NNAMES; n++)
        found += sem_unlink(name(nm, n)) == 0;
    found += sem_unlink(long_name(nm, 31)) == 0;
    found += sem_unlink(long_name(nm, 32)) == 0;
    return found;
}

/* The test function of every entry: runs the body arg (a void (*)(void))
 * guarded; keys and names derive from this process's pid. */
SEM_HELPER void guarded(long arg)
{
    guard = getpid();
    run_guarded_body((void (*)(void))arg, BODY_LIMIT_MS, sweep, "semaphore name(s) or segment(s)");
}


#define T(name, body, timeout, skip) { "sem: " name, guarded, (long)(body), 0, timeout, skip }
#ifdef __shmos__
#define SHMOS_BODY(f) f
#else
#define SHMOS_BODY(f) NULL
#endif

#endif
