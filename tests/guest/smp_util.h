/* Helpers shared by the SMP stress tests (smp.c, smp_pool.c): keys and
 * the semaphore name derived from the guard's pid, a shared scratch
 * mapping, a start barrier, crews of children reaped as they end (one
 * failing stops the others), the kernel-wide counts each test must leave
 * as it found them, and the guarded test entry with its sweep. Every
 * helper is static: each test file gets its own copy, and unused ones
 * cost nothing.
 *
 * Waiting sides spin at most SPINS checks between two sched_yield()
 * calls, so every test also passes on one CPU. A child whose body is gone
 * (after a failure) exits instead of waiting for ever. */
#ifndef TESTS_GUEST_SMP_UTIL_H
#define TESTS_GUEST_SMP_UTIL_H
#define SMP_HELPER static __attribute__((unused))
#include <fcntl.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define BODY_LIMIT_MS 25000         /* under the runner's 30 s default */
#define SPINS 200                   /* checks of a shared word between two yields */
#define MAX_CREW 8
#define SMP_KEYS 8                  /* System V keys key(0..SMP_KEYS-1) per test */

SMP_HELPER pid_t guard;             /* keys and the semaphore name derive from its pid */
SMP_HELPER pid_t boss;              /* the body: its children exit when it is gone */

SMP_HELPER key_t key(int n)
{
    return (key_t)(0x50000000 | ((guard & 0x3FFFFF) << 8) | n);
}

SMP_HELPER char *sem_name(char *buf, size_t size)
{
    fmt(buf, size, "/smp%d", (int)guard);
    return buf;
}

/* ------------------------------------------------------------ helpers */

/* A zero-filled shared mapping of size bytes that fork passes on: an
 * IPC_PRIVATE segment removed at once, so it goes with its last
 * attachment whatever happens. */
SMP_HELPER void *scratch_new(size_t size)
{
    int id = (int)SYS(shmget(IPC_PRIVATE, size, IPC_CREAT | 0600));
    void *p = shmat(id, NULL, 0);
    if (p == (void *)-1)
        FAIL("shmat of the scratch segment failed: %s", errname(errno));
    SYS(shmctl(id, IPC_RMID, NULL));
    return p;
}

/* In a child of the body: exit at once if the body is gone (its failure
 * is reported already), so no child is left spinning. */
SMP_HELPER void still_needed(void)
{
    if (getppid() != boss)
        _exit(3);
}

/* Arrive at a barrier of n processes, then wait for the others, so that
 * they all start at once (on as many CPUs as there are). */
SMP_HELPER void barrier(_Atomic int *arrived, int n)
{
    atomic_fetch_add(arrived, 1);
    for (unsigned checks = 1; atomic_load(arrived) < n; checks++)
        if (checks % SPINS == 0) {
            still_needed();
            sched_yield();
        }
}

/* Deepen the stack once, so pages it demand-fills later are not counted
 * as a leak. */
SMP_HELPER void __attribute__((noinline)) warm_stack(void)
{
    volatile char big[16384];
    for (size_t i = 0; i < sizeof big; i += 512)
        big[i] = (char)i;
}

/* The kernel-wide counts a test must leave as it found them (all 0 on
 * Linux, whose counts are not ours to check). */
struct counts { long free_pages, nproc, nshm, nsem; };

SMP_HELPER struct counts counts_now(void)
{
    struct counts c = { 0, 0, 0, 0 };
#ifdef __shmos__
    struct meminfo mi;
    SYS(meminfo(&mi));
    c = (struct counts){ (long)mi.free_pages, (long)mi.nproc, (long)mi.nshm, (long)mi.nsem };
#endif
    return c;
}

SMP_HELPER int same_counts(struct counts a, struct counts b)
{
    return a.free_pages == b.free_pages && a.nproc == b.nproc &&
           a.nshm == b.nshm && a.nsem == b.nsem;
}

/* The counts once they have stopped moving (an earlier test's orphan may
 * still be on its way out): three equal readings 20 ms apart, or the last
 * of 100 readings. */
SMP_HELPER struct counts settled_counts(void)
{
    struct counts c = counts_now();
    for (int same = 0, tries = 0; same < 2 && tries < 100; tries++) {
        sleep_ms(20);
        struct counts n = counts_now();
        same = same_counts(c, n) ? same + 1 : 0;
        c = n;
    }
    return c;
}

/* Fails unless the counts come back to before within 3 s (a child that
 * was reaped on one CPU may still be releasing memory on another). */
SMP_HELPER void expect_counts_back(struct counts before)
{
    struct counts now = counts_now();
    for (int tries = 0; !same_counts(before, now) && tries < 150; tries++) {
        sleep_ms(20);
        now = counts_now();
    }
    if (!same_counts(before, now))
        FAIL("not back: free pages %ld -> %ld, processes %ld -> %ld, segments %ld -> %ld, "
             "semaphores %ld -> %ld", before.free_pages, now.free_pages, before.nproc,
             now.nproc, before.nshm, now.nshm, before.nsem, now.nsem);
}

/* n children running fn(0..n-1) at the same time. */
struct crew {
    int n;
    pid_t pid[MAX_CREW];
};

SMP_HELPER void crew_start(struct crew *c, int n, void (*fn)(long))
{
    boss = getpid();
    c->n = n;
    for (int i = 0; i < n; i++)
        c->pid[i] = spawn(fn, i);
}

/* Reap the crew in the order they end. The first member that did not exit
 * 0 fails the test, after the others are killed and reaped. */
SMP_HELPER void crew_finish(struct crew *c, const char *what)
{
    for (int left = c->n; left > 0; left--) {
        int st = 0, i = 0;
        pid_t r;
        while ((r = waitpid(-1, &st, 0)) < 0 && errno == EINTR)
            ;
        while (i < c->n && c->pid[i] != r)
            i++;
        if (i == c->n)
            FAIL("waitpid(-1) returned %d (errno %s), not a %s", (int)r, errname(errno), what);
        c->pid[i] = 0;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            continue;
        for (int j = 0; j < c->n; j++)
            if (c->pid[j] != 0) {
                kill(c->pid[j], SIGKILL);
                wait_status(c->pid[j]);
            }
        if (WIFEXITED(st))
            FAIL("%s %d exited with status %d", what, i, WEXITSTATUS(st));
        FAIL("%s %d was killed by signal %d", what, i, WTERMSIG(st));
    }
}

/* ------------------------------------------------------------ guard */

#ifdef __shmos__
#define MAX_SEGS 128
SMP_HELPER struct shminfo_rec seg_recs[MAX_SEGS];
SMP_HELPER int old_ids[MAX_SEGS], nold;

SMP_HELPER int listed_before(int id)
{
    for (int i = 0; i < nold; i++)
        if (old_ids[i] == id)
            return 1;
    return 0;
}
#endif

/* Remove what a test left: its keys, its semaphore name and, on shmos,
 * keyless segments made since the test started. How many existed. */
SMP_HELPER int sweep(void)
{
    int found = 0;
    for (int n = 0; n < SMP_KEYS; n++) {
        int id = shmget(key(n), 0, 0);
        found += id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
    }
    char nm[32];
    found += sem_unlink(sem_name(nm, sizeof nm)) == 0;
#ifdef __shmos__
    int n = shm_list(seg_recs, MAX_SEGS);
    for (int i = 0; i < n; i++)
        if (!(seg_recs[i].flags & SHMINFO_REMOVED) && !listed_before(seg_recs[i].id))
            found += shm_destroy(seg_recs[i].id) == 0;
#endif
    return found;
}

/* The test function of every entry: runs the body arg (a void (*)(void))
 * guarded. */
SMP_HELPER void guarded(long arg)
{
    guard = getpid();
#ifdef __shmos__
    nold = (int)SYS(shm_list(seg_recs, MAX_SEGS));
    for (int i = 0; i < nold; i++)
        old_ids[i] = seg_recs[i].id;
#endif
    run_guarded_body((void (*)(void))arg, BODY_LIMIT_MS, sweep, "key(s), name(s) or segment(s)");
}

/* A test entry: body runs guarded, with the runner's default timeout. */
#define T(name, body, skip) { "smp: " name, guarded, (long)(body), 0, 0, skip }

#endif
