/* Helpers of the SMP stress tests (smp_util.h says what each does). */
#include "smp_util.h"

pid_t smp_guard;
pid_t boss;

key_t smp_key(int n)
{
    return (key_t)(0x50000000 | ((smp_guard & 0x3FFFFF) << 8) | n);
}

char *sem_name(char *buf, size_t size)
{
    fmt(buf, size, "/smp%d", (int)smp_guard);
    return buf;
}

void *scratch_new(size_t size)
{
    int id = (int)SYS(shmget(IPC_PRIVATE, size, IPC_CREAT | 0600));
    void *p = shmat(id, NULL, 0);
    if (p == (void *)-1)
        FAIL("shmat of the scratch segment failed: %s", errname(errno));
    SYS(shmctl(id, IPC_RMID, NULL));
    memset(p, 0, size);         /* its pages exist now: counts taken later stay put */
    return p;
}

void still_needed(void)
{
    if (getppid() != boss)
        _exit(3);
}

void barrier(_Atomic int *arrived, int n)
{
    atomic_fetch_add(arrived, 1);
    for (unsigned checks = 1; atomic_load(arrived) < n; checks++)
        if (checks % SPINS == 0) {
            still_needed();
            sched_yield();
        }
}

void __attribute__((noinline)) warm_stack(void)
{
    volatile char big[16384];
    for (size_t i = 0; i < sizeof big; i += 512)
        big[i] = (char)i;
}

struct counts counts_now(void)
{
    struct counts c = { 0, 0, 0, 0 };
#ifdef __shmos__
    struct meminfo mi = mem();
    c = (struct counts){ (long)mi.free_pages, (long)mi.nproc, (long)mi.nshm, (long)mi.nsem };
#endif
    return c;
}

int same_counts(struct counts a, struct counts b)
{
    return a.free_pages == b.free_pages && a.nproc == b.nproc &&
           a.nshm == b.nshm && a.nsem == b.nsem;
}

struct counts settled_counts(void)
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

void expect_counts_back(struct counts before)
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

void crew_start(struct crew *c, int n, void (*fn)(long))
{
    boss = getpid();
    c->n = n;
    for (int i = 0; i < n; i++)
        c->pid[i] = spawn(fn, i);
}

void crew_finish(struct crew *c, const char *what)
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

#ifdef __shmos__
#define MAX_SEGS 128
static struct shminfo_rec seg_recs[MAX_SEGS];
static int old_ids[MAX_SEGS], nold;

static int listed_before(int id)
{
    for (int i = 0; i < nold; i++)
        if (old_ids[i] == id)
            return 1;
    return 0;
}
#endif

/* Remove what a test left: its keys, its semaphore name and, on shmos,
 * keyless segments made since the test started. How many existed. */
static int sweep(void)
{
    int found = 0;
    for (int n = 0; n < SMP_KEYS; n++) {
        int id = shmget(smp_key(n), 0, 0);
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

void smp_guarded(long arg)
{
    smp_guard = getpid();
#ifdef __shmos__
    nold = (int)SYS(shm_list(seg_recs, MAX_SEGS));
    for (int i = 0; i < nold; i++)
        old_ids[i] = seg_recs[i].id;
#endif
    run_guarded_body((void (*)(void))arg, BODY_LIMIT_MS, sweep, "key(s), name(s) or segment(s)");
}
