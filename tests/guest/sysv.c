/* System V shared memory: shmget / shmat / shmdt / shmctl with every error
 * code, IPC_RMID while attached, nattch through fork, and 10,000 create /
 * attach / detach / remove cycles that must leave no page or slot behind.
 * (The counter shared by four processes under a semaphore is in sem.c.)
 *
 * The same file runs on Linux, the reference. What is shmos's own — its
 * limits (1 GiB, 4096 segments), meminfo counts, the kernel's address range,
 * EIDRM for a removed segment — is under #ifdef __shmos__ or SKIP there.
 *
 * Every body runs in a worker process forked by guarded(). Keys are
 * derived from the guard's pid (parallel runs on Linux cannot collide);
 * when the worker is gone the guard removes every segment with one of its
 * keys, even after a failed check, and a passing body that left one
 * behind fails. */
#include <signal.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define NKEYS   80                  /* keys key(0..NKEYS-1) per test (the table test: more) */
#define ADDR_A  0x10000000u         /* fixed addresses free on shmos and Linux */
#define ADDR_B  0x20000000u
#define ADDR_C  0x30000000u
#define SHM_LIMIT (1ul << 30)       /* shmos: largest segment (SHMMAX) */
#define SHM_TABLE SHM_SEGS_MAX      /* shmos: segments system-wide */
#define BODY_LIMIT_MS 25000         /* under the runner's 30 s default */
#define CYCLES  10000

static pid_t guard;                 /* the pid keys derive from */

static key_t key(int n)
{
    return (key_t)(0x40000000 | ((guard & 0x3FFF) << 16) | n);
}

static void *addr(uint32_t a) { return (void *)(uintptr_t)a; }
static void *page_of(const void *p) { return (void *)((uintptr_t)p & ~(PAGE - 1)); }
static int aligned(const void *p) { return ((uintptr_t)p & (PAGE - 1)) == 0; }

/* A new segment with key(n); fails the test if it exists. */
static int mkseg(int n, size_t size)
{
    return (int)SYS(shmget(key(n), size, IPC_CREAT | IPC_EXCL | 0600));
}

static void rmid(int id) { SYS(shmctl(id, IPC_RMID, NULL)); }
static void dt(const void *p) { SYS(shmdt(p)); }

/* shmat that must work; returns the address. */
static void *at(int id, const void *where, int flags)
{
    void *p = shmat(id, where, flags);
    if (p == (void *)-1)
        FAIL("shmat(%d, %p, 0%o) failed: %s", id, where, (unsigned)flags, errname(errno));
    return p;
}

/* IPC_STAT of id, which must work. */
static struct shmid_ds stat_of(int id)
{
    struct shmid_ds ds;
    SYS(shmctl(id, IPC_STAT, &ds));
    return ds;
}

static long nattch(int id) { return (long)stat_of(id).shm_nattch; }

#ifdef __shmos__
#define HAVE_MEMINFO 1

/* A kernel-chosen attachment lies in the range set aside for it. */
static void check_chosen(const void *p, size_t len)
{
    uintptr_t a = (uintptr_t)p;
    if (a < USER_MMAP_BASE || a + len > USER_MMAP_TOP)
        FAIL("kernel-chosen address %p is outside [0x%x, 0x%x)", p, USER_MMAP_BASE, USER_MMAP_TOP);
}
#else
#define HAVE_MEMINFO 0
static long free_pages(void) { return 0; }  /* kernel-wide counts are shmos's */
static void check_chosen(const void *p, size_t len) { (void)p; (void)len; }
#endif

/* Remove every segment of this test. Returns how many existed. */
static int sweep(void)
{
    int found = 0;
#ifdef __shmos__
    /* Every segment with one of this guard's keys (a table's worth). */
    static struct shminfo_rec all[SHM_SEGS_MAX];
    int n = (int)SYS(shm_list(all, SHM_SEGS_MAX));
    for (int i = 0; i < n; i++)
        if (((uint32_t)all[i].key & 0xFFFF0000u) == ((uint32_t)key(0) & 0xFFFF0000u))
            found += shmctl(all[i].id, IPC_RMID, NULL) == 0;
#else
    for (int n = 0; n < NKEYS; n++) {
        int id = shmget(key(n), 0, 0);
        found += id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
    }
#endif
    return found;
}

/* The test function of every entry: runs the body arg (a void (*)(void))
 * guarded; keys and names derive from this process's pid. */
static void guarded(long arg)
{
    guard = getpid();
    run_guarded_body((void (*)(void))arg, BODY_LIMIT_MS, sweep, "segment(s)");
}

/* ------------------------------------------------------------ shmget */

/* Absent keys, IPC_EXCL, one id per key, IPC_PRIVATE always new. */
static void get_create_find(void)
{
    EXPECT_ERR(shmget(key(0), PAGE, 0), ENOENT);
    EXPECT_ERR(shmget(key(0), PAGE, IPC_EXCL), ENOENT);
    int id = (int)SYS(shmget(key(0), PAGE, IPC_CREAT | 0600));
    CHECK_EQ(shmget(key(0), PAGE, IPC_CREAT | 0600), id);
    CHECK_EQ(shmget(key(0), 0, 0), id);
    CHECK_EQ(shmget(key(0), 1, IPC_EXCL), id);
    EXPECT_ERR(shmget(key(0), PAGE, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
    EXPECT_ERR(shmget(key(0), 0, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
    int other = mkseg(1, PAGE);
    CHECK(other != id);
    int p1 = (int)SYS(shmget(IPC_PRIVATE, PAGE, 0600));
    int p2 = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | IPC_EXCL | 0600);
    shmctl(p1, IPC_RMID, NULL);     /* before any check: private ones escape the sweep */
    if (p2 >= 0)
        shmctl(p2, IPC_RMID, NULL);
    CHECK(p2 >= 0);
    CHECK(p1 != p2 && p1 != id && p2 != id);
    rmid(id);
    rmid(other);
    EXPECT_ERR(shmget(key(0), 0, 0), ENOENT);
}

/* EINVAL for size 0, above 4 MiB (shmos) or above the existing segment;
 * nothing allocated by the failures. */
static void get_einval(void)
{
#ifdef __shmos__
    long fp = free_pages();
#endif
    EXPECT_ERR(shmget(key(0), 0, IPC_CREAT | 0600), EINVAL);
    EXPECT_ERR(shmget(IPC_PRIVATE, 0, 0600), EINVAL);
    int id = mkseg(0, 2 * PAGE + 1);
    CHECK_EQ(stat_of(id).shm_segsz, 2 * PAGE + 1);
    EXPECT_ERR(shmget(key(0), 2 * PAGE + 2, 0), EINVAL);
    EXPECT_ERR(shmget(key(0), 3 * PAGE, IPC_CREAT | 0600), EINVAL);
    CHECK_EQ(shmget(key(0), 2 * PAGE + 1, 0), id);
    rmid(id);
#ifdef __shmos__
    EXPECT_ERR(shmget(key(1), SHM_LIMIT + 1, IPC_CREAT | 0600), EINVAL);
    EXPECT_ERR(shmget(IPC_PRIVATE, SHM_LIMIT + 1, 0600), EINVAL);
    EXPECT_ERR(shmget(key(1), 0xFFFFFFFFu, IPC_CREAT | 0600), EINVAL);
    EXPECT_ERR(shmget(key(1), SHM_LIMIT, IPC_CREAT | 0600), ENOMEM);   /* more than memory */
    CHECK_EQ(free_pages(), fp);
    int big = mkseg(1, 16ul << 20);             /* no 4 MiB cap any more */
    CHECK_EQ(stat_of(big).shm_segsz, 16ul << 20);
    rmid(big);
    CHECK_EQ(free_pages(), fp);
#endif
}

#ifdef __shmos__
/* Fill the table with one-page segments: ENOSPC for keyed and private
 * creates, without allocating; a freed slot is usable again. */
static void get_enospc(void)
{
    long fp = free_pages(), used = (long)mem().nshm;
    int ids[SHM_TABLE + 1], n = 0;
    while (n <= SHM_TABLE && (ids[n] = shmget(key(n), 1, IPC_CREAT | IPC_EXCL | 0600)) >= 0)
        n++;
    int err = errno;
    if (n != SHM_TABLE - used || err != ENOSPC)
        FAIL("%d creates worked (table %d, %ld in use), then %s", n, SHM_TABLE, used, errname(err));
    long full = free_pages();
    EXPECT_ERR(shmget(key(n), 1, IPC_CREAT | 0600), ENOSPC);
    EXPECT_ERR(shmget(IPC_PRIVATE, 1, 0600), ENOSPC);
    CHECK_EQ(free_pages(), full);
    CHECK_EQ(shmget(key(0), 1, 0), ids[0]);
    rmid(ids[0]);
    ids[0] = mkseg(n, 1);
    for (int i = 0; i < n; i++)
        rmid(ids[i]);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(mem().nshm, used);
}

/* 4 MiB segments until memory runs out: ENOMEM only when another one
 * really does not fit, and the failed create keeps no page. */
static void get_enomem(void)
{
    long fp = free_pages();
    int ids[SHM_TABLE], n = 0;
    while (n < SHM_TABLE && (ids[n] = shmget(key(n), SHM_LIMIT, IPC_CREAT | IPC_EXCL | 0600)) >= 0)
        n++;
    int err = errno;
    long low = free_pages();
    for (int i = 0; i < n; i++)
        rmid(ids[i]);
    if (err != ENOMEM)
        FAIL("creating 4 MiB segments stopped after %d with %s, expected ENOMEM", n, errname(err));
    if (low > (long)(SHM_LIMIT / PAGE))
        FAIL("ENOMEM with %ld pages free, enough for another 4 MiB", low);
    CHECK_EQ(free_pages(), fp);
}
#endif

/* ------------------------------------------------------------ shmat */

/* NULL: the kernel picks page-aligned, non-overlapping addresses; two
 * attachments in one process and one in a child all see the same bytes. */
static void at_null(void)
{
    int id = mkseg(0, 3 * PAGE);
    unsigned char *p = at(id, NULL, 0), *q = at(id, NULL, 0);
    CHECK(aligned(p) && aligned(q));
    CHECK(p + 3 * PAGE <= q || q + 3 * PAGE <= p);
    check_chosen(p, 3 * PAGE);
    check_chosen(q, 3 * PAGE);
    for (size_t i = 0; i < 3 * PAGE; i++)
        if (p[i] != 0)
            FAIL("new segment byte %zu is 0x%x", i, p[i]);
    p[0] = 1;
    p[3 * PAGE - 1] = 2;
    CHECK(q[0] == 1 && q[3 * PAGE - 1] == 2);
    CHECK_EQ(nattch(id), 2);
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        unsigned char *r = at(id, NULL, 0);
        check_chosen(r, 3 * PAGE);
        CHECK(r[0] == 1 && r[3 * PAGE - 1] == 2);
        r[PAGE] = 7;
        p[2] = 9;               /* the inherited attachment is shared too */
        dt(r);
        _exit(0);
    }
    expect_exit(c, 0);
    CHECK(q[PAGE] == 7 && q[2] == 9);
    dt(p);
    dt(q);
    rmid(id);
}

/* Below SHMLBA, SHM_RND rounds to 0. shmos refuses (EINVAL: page 0 is never
 * mapped); Linux keeps MAP_FIXED: page 0 if the caller may (root), else
 * EPERM. Returns 1 if it attached (at *where). */
static int at_rounded_to_zero(int id, void **where)
{
    errno = 0;
    void *k = *where = shmat(id, addr(0x123), SHM_RND);
#ifdef __shmos__
    if (k != (void *)-1 || errno != EINVAL)
        FAIL("shmat(0x123, SHM_RND) gave %p errno %s, expected EINVAL", k, errname(errno));
#else
    if (k == (void *)-1 ? errno != EPERM && errno != EACCES : k != NULL)
        FAIL("shmat(0x123, SHM_RND) gave %p errno %s, not page 0 or EPERM", k, errname(errno));
    diag("Linux makes 0x123 with SHM_RND a fixed attachment at page 0 (%s); shmos refuses",
         k == NULL ? "allowed: privileged" : errname(errno));
#endif
    return k != (void *)-1;
}

/* Fixed addresses; SHM_RND rounds down; unaligned without SHM_RND is EINVAL. */
static void at_fixed_rnd(void)
{
    int id = mkseg(0, PAGE);
    CHECK(at(id, addr(ADDR_A), 0) == addr(ADDR_A));
    CHECK(at(id, addr(ADDR_B + 0x123), SHM_RND) == addr(ADDR_B));
    void *k;
    int zero = at_rounded_to_zero(id, &k);
    EXPECT_ERR(shmat(id, addr(ADDR_C + 0x123), 0), EINVAL);
    EXPECT_ERR(shmat(id, addr(ADDR_C + 8), 0), EINVAL);
    EXPECT_ERR(shmat(id, addr(0x123), 0), EINVAL);
    CHECK_EQ(nattch(id), 2 + zero);
    *(volatile char *)addr(ADDR_A) = 'f';
    CHECK(*(volatile char *)addr(ADDR_B) == 'f');
    if (zero) {
        CHECK(*(volatile char *)opaque(k) == 'f');
        dt(k);
    }
    dt(addr(ADDR_A));
    dt(addr(ADDR_B));
    rmid(id);
}

/* SHM_RDONLY: reads see the writers' data; read() into it gives EFAULT
 * (so does IPC_STAT into it); write() from it works; a store kills. */
static void at_rdonly(void)
{
    int id = mkseg(0, PAGE);
    char *rw = at(id, NULL, 0);
    const char *ro = at(id, NULL, SHM_RDONLY);
    memcpy(rw, "hello", 6);
    CHECK(strcmp(ro, "hello") == 0);
    rw[0] = 'j';
    CHECK(ro[0] == 'j');
    int p[2];
    SYS(pipe(p));
    write_all(p[1], "abc", 3);
    EXPECT_ERR(read(p[0], (void *)ro, 3), EFAULT);
    CHECK(strcmp(ro, "jello") == 0);
    CHECK_EQ(write(p[1], ro, 5), 5);
    close(p[0]);
    close(p[1]);
    EXPECT_ERR(shmctl(id, IPC_STAT, (struct shmid_ds *)(void *)ro), EFAULT);
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        *(volatile char *)opaque((void *)ro) = 'x';
        diag("a store into a SHM_RDONLY attachment did not fault");
        _exit(0);
    }
    expect_killed(c, SIGSEGV);
    CHECK(strcmp(ro, "jello") == 0);
    CHECK_EQ(nattch(id), 2);
    dt(rw);
    dt(ro);
    rmid(id);
}

static int some_data = 1;

/* Bad ids; addresses over attachments, text, data, heap, stack, and (on
 * shmos) the stack's guard gap and kernel: EINVAL, and no reference kept. */
static void at_einval(void)
{
    int stale = mkseg(1, PAGE);
    rmid(stale);
    int id = mkseg(0, 2 * PAGE);
    EXPECT_ERR(shmat(-1, NULL, 0), EINVAL);
    EXPECT_ERR(shmat(stale, NULL, 0), EINVAL);
    EXPECT_ERR(shmat(0x7FFFFFFF, NULL, 0), EINVAL);
    char *p = at(id, addr(ADDR_A), 0);
    EXPECT_ERR(shmat(id, addr(ADDR_A), 0), EINVAL);
    EXPECT_ERR(shmat(id, addr(ADDR_A - PAGE), 0), EINVAL);
    EXPECT_ERR(shmat(id, addr(ADDR_A + PAGE), 0), EINVAL);
    char local = 0;
    EXPECT_ERR(shmat(id, page_of(opaque(&local)), 0), EINVAL);
    EXPECT_ERR(shmat(id, page_of((void *)(uintptr_t)at_einval), 0), EINVAL);
    EXPECT_ERR(shmat(id, page_of(&some_data), 0), EINVAL);
    EXPECT_ERR(shmat(id, heap_edge() - PAGE, 0), EINVAL);
#ifdef __shmos__
    EXPECT_ERR(shmat(id, KADDR(KERNBASE), 0), EINVAL);
    EXPECT_ERR(shmat(id, KADDR(0xFFFFF000u), 0), EINVAL);
    EXPECT_ERR(shmat(id, KADDR(USER_TOP - PAGE), 0), EINVAL);
    EXPECT_ERR(shmat(id, KADDR(USER_STACK_BOTTOM - PAGE), 0), EINVAL);
    EXPECT_ERR(shmat(id, KADDR(USER_STACK_BOTTOM - 17 * PAGE), 0), EINVAL);
    EXPECT_ERR(shmat(id, KADDR(USER_STACK_GAP_BOTTOM), 0), EINVAL);
    EXPECT_ERR(shmat(id, KADDR(USER_STACK_GAP_BOTTOM - PAGE), 0), EINVAL);
#endif
    CHECK_EQ(nattch(id), 1);
    dt(p);
    rmid(id);
}

/* After IPC_RMID: shmos refuses new attachments with EIDRM (documented in
 * docs/architecture.md); Linux, the reference, allows them. */
static void at_removed(void)
{
    int id = mkseg(0, PAGE);
    char *p = at(id, NULL, 0);
    p[0] = 'r';
    rmid(id);
    errno = 0;
    char *q = shmat(id, NULL, 0);
#ifdef __shmos__
    if (q != (void *)-1 || errno != EIDRM)
        FAIL("shmat of a removed segment returned %p errno %s, expected EIDRM", q, errname(errno));
#else
    if (q == (void *)-1)
        FAIL("Linux refused to attach a removed segment: %s", errname(errno));
    diag("Linux attaches a segment marked for removal; shmos gives EIDRM (a documented difference)");
    CHECK(q[0] == 'r');
    dt(q);
#endif
    CHECK_EQ(nattch(id), 1);
    dt(p);
    EXPECT_ERR(shmat(id, NULL, 0), EINVAL);
    struct shmid_ds ds;
    EXPECT_ERR(shmctl(id, IPC_STAT, &ds), EINVAL);
}

/* ------------------------------------------------------------ shmdt */

/* shmdt of NULL, of an address inside an attachment, of the stack, text
 * or heap, or twice: EINVAL; after it the pages are gone. */
static void dt_einval(void)
{
    int id = mkseg(0, 2 * PAGE);
    char *p = at(id, NULL, 0);
    char local = 0;
    EXPECT_ERR(shmdt(NULL), EINVAL);
    EXPECT_ERR(shmdt(p + 1), EINVAL);
    EXPECT_ERR(shmdt(p + PAGE), EINVAL);
    EXPECT_ERR(shmdt(page_of(opaque(&local))), EINVAL);
    EXPECT_ERR(shmdt(page_of((void *)(uintptr_t)dt_einval)), EINVAL);
    EXPECT_ERR(shmdt(heap_edge() - PAGE), EINVAL);
    CHECK_EQ(nattch(id), 1);
    p[PAGE] = 1;
    dt(p);
    EXPECT_ERR(shmdt(p), EINVAL);
    CHECK_EQ(nattch(id), 0);
    rmid(id);
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        *(volatile char *)opaque(p + PAGE) = 2;
        diag("a store to a detached page did not fault");
        _exit(0);
    }
    expect_killed(c, SIGSEGV);
}

/* ------------------------------------------------------------ shmctl */

/* IPC_STAT: size, mode, key, creator, last attach/detach pid, times. */
static void ctl_stat(void)
{
    int id = (int)SYS(shmget(key(0), 5000, IPC_CREAT | IPC_EXCL | 0640));
    struct shmid_ds ds = stat_of(id);
    CHECK_EQ(ds.shm_segsz, 5000);
    CHECK_EQ(ds.shm_perm.mode, 0640);
    CHECK_EQ(ds.shm_perm.__key, key(0));
    CHECK_EQ(ds.shm_cpid, getpid());
    CHECK_EQ(ds.shm_lpid, 0);
    CHECK_EQ(ds.shm_nattch, 0);
    CHECK_EQ(ds.shm_atime, 0);
    CHECK_EQ(ds.shm_dtime, 0);
    int down[2], up[2];
    SYS(pipe(down));
    SYS(pipe(up));
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        at(id, NULL, 0);
        tell(up[1]);
        hear(down[0]);
        _exit(0);                       /* exit detaches */
    }
    hear(up[0]);
    ds = stat_of(id);
    CHECK_EQ(ds.shm_nattch, 1);
    CHECK_EQ(ds.shm_lpid, c);
    CHECK_EQ(ds.shm_cpid, getpid());
    CHECK(ds.shm_atime >= ds.shm_ctime);
    tell(down[1]);
    expect_exit(c, 0);
    struct shmid_ds after = stat_of(id);
    CHECK_EQ(after.shm_nattch, 0);
    CHECK_EQ(after.shm_lpid, c);
    CHECK(after.shm_dtime >= ds.shm_atime);
    void *p = at(id, NULL, 0);
    CHECK_EQ(stat_of(id).shm_lpid, getpid());
    dt(p);
    CHECK_EQ(stat_of(id).shm_lpid, getpid());
    rmid(id);
}

/* IPC_SET changes the permission bits only (not SHM_DEST, not the size). */
static void ctl_set(void)
{
    int id = mkseg(0, PAGE);
    struct shmid_ds ds = stat_of(id);
    ds.shm_perm.mode = 0644;
    SYS(shmctl(id, IPC_SET, &ds));
    struct shmid_ds now = stat_of(id);
    CHECK_EQ(now.shm_perm.mode, 0644);
    CHECK(now.shm_ctime >= ds.shm_ctime);
    ds.shm_perm.mode = SHM_DEST | 0600;
    ds.shm_segsz = 1 << 20;
    SYS(shmctl(id, IPC_SET, &ds));
    now = stat_of(id);
    CHECK_EQ(now.shm_perm.mode, 0600);
    CHECK_EQ(now.shm_segsz, PAGE);
    CHECK_EQ(shmget(key(0), 0, 0), id);
    rmid(id);
}

/* IPC_RMID while attached here and in a child: the key goes at once (a new
 * segment may take it), the data stays readable and writable on both
 * sides, and the pages go only at the last detach. */
static void ctl_rmid_attached(void)
{
    int id = mkseg(0, 4 * PAGE);
    unsigned char *p = at(id, NULL, 0);
    memset(p, 3, 4 * PAGE);
    int down[2], up[2];
    SYS(pipe(down));
    SYS(pipe(up));
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        hear(down[0]);
        for (size_t i = 0; i < 4 * PAGE; i++)
            if (p[i] != 4)
                FAIL("child: byte %zu of the removed segment is %d, expected 4", i, p[i]);
        memset(p, 5, 4 * PAGE);
        tell(up[1]);
        hear(down[0]);
        _exit(0);
    }
    long fp = free_pages();
    rmid(id);
    CHECK_EQ(free_pages(), fp);             /* nothing freed while attached */
    struct shmid_ds ds = stat_of(id);
    CHECK(ds.shm_perm.mode & SHM_DEST);
    CHECK_EQ(ds.shm_perm.__key, IPC_PRIVATE);
    CHECK_EQ(ds.shm_nattch, 2);
    EXPECT_ERR(shmget(key(0), 0, 0), ENOENT);
    int id2 = mkseg(0, PAGE);
    CHECK(id2 != id);
    rmid(id2);
    SYS(shmctl(id, IPC_RMID, NULL));    /* removing it again is harmless */
    memset(p, 4, 4 * PAGE);
    tell(down[1]);
    hear(up[0]);
    for (size_t i = 0; i < 4 * PAGE; i++)
        if (p[i] != 5)
            FAIL("byte %zu of the removed segment is %d, expected 5", i, p[i]);
    tell(down[1]);
    expect_exit(c, 0);
    CHECK_EQ(nattch(id), 1);
    fp = free_pages();
    dt(p);
    if (HAVE_MEMINFO && free_pages() < fp + 4)
        FAIL("the last detach freed %ld pages, expected at least 4", free_pages() - fp);
    struct shmid_ds gone;
    EXPECT_ERR(shmctl(id, IPC_STAT, &gone), EINVAL);
    EXPECT_ERR(shmctl(id, IPC_RMID, NULL), EINVAL);
}

/* EFAULT for missing, kernel or read-only buffers; EINVAL for an unknown
 * command and for bad, unused or removed ids. */
static void ctl_errors(void)
{
    int id = mkseg(0, PAGE);
    struct shmid_ds ds;
    EXPECT_ERR(shmctl(id, IPC_STAT, NULLPTR), EFAULT);
    EXPECT_ERR(shmctl(id, IPC_STAT, KADDR(0xC0000000u)), EFAULT);
    EXPECT_ERR(shmctl(id, IPC_STAT, page_of((void *)(uintptr_t)ctl_errors)), EFAULT);
    EXPECT_ERR(shmctl(id, IPC_SET, NULLPTR), EFAULT);
    EXPECT_ERR(shmctl(id, IPC_SET, KADDR(0xC0000000u)), EFAULT);
    EXPECT_ERR(shmctl(id, 77, &ds), EINVAL);
    EXPECT_ERR(shmctl(-1, IPC_STAT, &ds), EINVAL);
    EXPECT_ERR(shmctl(-1, IPC_RMID, NULL), EINVAL);
    EXPECT_ERR(shmctl(0x7FFFFFFF, IPC_SET, &ds), EINVAL);
    CHECK_EQ(shmget(key(0), 0, 0), id);
    rmid(id);
    EXPECT_ERR(shmctl(id, IPC_STAT, &ds), EINVAL);
    EXPECT_ERR(shmctl(id, IPC_RMID, NULL), EINVAL);
}

/* ------------------------------------------------------------ processes */

/* 20 children inherit the attachment and write through it: nattch 21; the
 * odd ones detach (11); all exit (1). Each phase ends when the parent
 * closes that phase's gate (EOF for every child at once). */
static void fork_nattch(void)
{
    enum { KIDS = 20 };
    int id = mkseg(0, PAGE);
    volatile int *slot = at(id, NULL, 0);
    int gate1[2], gate2[2], ready[2];
    SYS(pipe(gate1));
    SYS(pipe(gate2));
    SYS(pipe(ready));
    pid_t kids[KIDS];
    for (int i = 0; i < KIDS; i++) {
        kids[i] = (pid_t)SYS(fork());
        if (kids[i] == 0) {
            close(gate1[1]);
            close(gate2[1]);
            close(ready[0]);
            slot[i] = (int)getpid();
            tell(ready[1]);
            char b;
            CHECK_EQ(read(gate1[0], &b, 1), 0);
            if (i % 2)
                dt((void *)slot);
            tell(ready[1]);
            CHECK_EQ(read(gate2[0], &b, 1), 0);
            _exit(0);
        }
    }
    close(ready[1]);
    for (int i = 0; i < KIDS; i++)
        hear(ready[0]);
    CHECK_EQ(nattch(id), KIDS + 1);
    for (int i = 0; i < KIDS; i++)
        CHECK_EQ(slot[i], kids[i]);
    close(gate1[1]);
    for (int i = 0; i < KIDS; i++)
        hear(ready[0]);
    CHECK_EQ(nattch(id), KIDS / 2 + 1);
    close(gate2[1]);
    for (int i = 0; i < KIDS; i++)
        expect_exit(kids[i], 0);
    CHECK_EQ(nattch(id), 1);
    dt((void *)slot);
    rmid(id);
}

/* ------------------------------------------------------------ leaks */

/* One cycle; the odd ones remove before detaching (the deferred path). */
static void one_cycle(int i)
{
    int id = mkseg(0, 2 * PAGE);
    unsigned char *p = shmat(id, NULL, 0);
    if (p == (void *)-1)
        FAIL("cycle %d: shmat failed: %s", i, errname(errno));
    if (p[0] != 0 || p[2 * PAGE - 1] != 0)
        FAIL("cycle %d: the new segment is not zero-filled", i);
    p[0] = p[2 * PAGE - 1] = (unsigned char)(i | 1);
    if (i % 2) {
        rmid(id);
        dt(p);
    } else {
        dt(p);
        rmid(id);
    }
}

#ifdef __shmos__
/* Free pages and segments are the same in a and b. */
static void same_counts(const char *when, struct meminfo a, struct meminfo b)
{
    if (a.free_pages != b.free_pages || a.nshm != b.nshm)
        FAIL("%s: free pages %u -> %u, segments %u -> %u", when, (unsigned)a.free_pages,
             (unsigned)b.free_pages, (unsigned)a.nshm, (unsigned)b.nshm);
}
#endif

/* 10,000 cycles in a child: after the first (which may grow page tables
 * and stack), free pages and segment slots never move; after the child is
 * gone they are exactly what they were before it. */
static void cycles(void)
{
#ifdef __shmos__
    struct meminfo m0 = mem();
#endif
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        one_cycle(0);
#ifdef __shmos__
        struct meminfo m1 = mem();
#endif
        for (int i = 1; i < CYCLES; i++)
            one_cycle(i);
#ifdef __shmos__
        same_counts("over the cycles after the first", m1, mem());
#endif
        _exit(0);
    }
    expect_exit(c, 0);
    EXPECT_ERR(shmget(key(0), 0, 0), ENOENT);
#ifdef __shmos__
    same_counts("before and after the cycling process", m0, mem());
#endif
}

/* T(name, body) or T(name, body, skip reason) */
#define T(name, ...) T_(name, __VA_ARGS__, NULL, 0)
#define T_(name, body, skip, ...) { "sysv: " name, guarded, (long)(body), 0, 0, skip }
#ifdef __shmos__
#define SHMOS_BODY(f) f
#else
#define SHMOS_BODY(f) NULL
#endif

static const struct test tests[] = {
    T("shmget ENOENT without IPC_CREAT, EEXIST with IPC_EXCL, one id per key", get_create_find),
    T("shmget EINVAL: size 0, above the limit, larger than the segment", get_einval),
    T("shmget ENOSPC when the table of 4096 is full, nothing allocated", SHMOS_BODY(get_enospc),
      SHMOS_ONLY("the 4096-segment table is shmos's")),
    T("shmget ENOMEM when 4 MiB segments use up memory, no page kept", SHMOS_BODY(get_enomem),
      SHMOS_ONLY("Linux does not allocate at shmget")),
    T("shmat NULL: kernel-chosen, page-aligned, shared with a child", at_null),
    T("shmat at a fixed address; SHM_RND rounds down; unaligned is EINVAL", at_fixed_rnd),
    T("shmat SHM_RDONLY: read() into it EFAULT, a store SIGSEGV", at_rdonly),
    T("shmat EINVAL: bad ids, over attachments, text, data, heap, stack, kernel", at_einval),
    T("shmat of a segment marked for removal: EIDRM (Linux allows it)", at_removed),
    T("shmdt EINVAL unless the address starts an attachment; detached pages fault", dt_einval),
    T("shmctl IPC_STAT: size, mode, key, cpid, lpid, nattch, times", ctl_stat),
    T("shmctl IPC_SET changes the mode bits only", ctl_set),
    T("shmctl IPC_RMID while attached: data kept, key free, pages go at last detach",
      ctl_rmid_attached),
    T("shmctl EFAULT for bad buffers, EINVAL for bad commands and ids", ctl_errors),
    T("20 children inherit the attachment: nattch 21, 11, then 1", fork_nattch),
    T("10,000 shmget/shmat/shmdt/IPC_RMID cycles leave pages and slots as they were", cycles),
};
TEST_GROUP(120, tests);
