/* mmap, munmap, mprotect and msync of anonymous memory: placement, the
 * edge cases of the arguments, partial unmaps and protection changes that
 * split regions, sharing with fork children, MAP_FIXED over other
 * mappings. The same tests run on Linux (the oracle). */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define FIXED_A ((void *)0x10000000)    /* the lab's parent address */
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static char *map_anon(void *addr, size_t len, int prot, int flags)
{
    void *p = mmap(addr, len, prot, flags, -1, 0);
    if (p == MAP_FAILED)
        FAIL("mmap(%p, %lu) failed: %s", addr, (unsigned long)len, errname(errno));
    return p;
}

/* A fresh private mapping reads as zero, keeps what is written, and is
 * gone after munmap (the access kills the child with SIGSEGV). */
static void t_anon_private(long arg)
{
    (void)arg;
    char *p = map_anon(NULL, 3 * PAGE, RW, ANON);
    CHECK(((uintptr_t)p & (PAGE - 1)) == 0);
    for (size_t i = 0; i < 3 * PAGE; i++)
        if (p[i] != 0)
            FAIL("new anonymous byte %lu is %d", (unsigned long)i, p[i]);
    memset(p, 0x5a, 3 * PAGE);
    CHECK_EQ(p[3 * PAGE - 1], 0x5a);
    SYS(munmap(p, 3 * PAGE));
    *(volatile char *)opaque(p) = 1;
}

/* The arguments Linux refuses, with its errors. */
static void t_bad_arguments(long arg)
{
    (void)arg;
    int fds[2];
    SYS(pipe(fds));
    EXPECT_ERR(mmap(NULL, 0, RW, ANON, -1, 0), EINVAL);
    EXPECT_ERR(mmap(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0), EINVAL);            /* neither kind */
    EXPECT_ERR(mmap((char *)FIXED_A + 1, PAGE, RW, ANON | MAP_FIXED, -1, 0), EINVAL);
    EXPECT_ERR(mmap(NULL, PAGE, RW, MAP_SHARED, -1, 0), EBADF);
    EXPECT_ERR(mmap(NULL, PAGE, RW, MAP_SHARED, 99, 0), EBADF);
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fds[0], 0), ENODEV);
    EXPECT_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fds[0], 100), EINVAL);  /* unaligned offset */
    /* Linux validates flags only for files: anonymous memory is EINVAL. */
    EXPECT_ERR(mmap(NULL, PAGE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    EXPECT_ERR(munmap((char *)FIXED_A + 1, PAGE), EINVAL);
    EXPECT_ERR(munmap(FIXED_A, 0), EINVAL);
    EXPECT_ERR(mprotect((char *)FIXED_A + 1, PAGE, PROT_READ), EINVAL);
    EXPECT_ERR(msync((char *)FIXED_A + 1, PAGE, MS_SYNC), EINVAL);
    close(fds[0]);
    close(fds[1]);
}

/* MAP_FIXED returns exactly the address; MAP_FIXED_NOREPLACE over a
 * mapping fails with EEXIST and changes nothing; MAP_FIXED over it
 * replaces it with fresh zero pages. */
static void t_fixed(long arg)
{
    (void)arg;
    char *p = map_anon(FIXED_A, 2 * PAGE, RW, ANON | MAP_FIXED);
    CHECK(p == (char *)FIXED_A);
    p[0] = 7;
    p[PAGE] = 8;
    EXPECT_ERR(mmap(FIXED_A, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK_EQ(p[0], 7);
    CHECK(map_anon((char *)FIXED_A + PAGE, PAGE, RW, ANON | MAP_FIXED) == p + PAGE);
    CHECK_EQ(p[0], 7);
    CHECK_EQ(p[PAGE], 0);
    SYS(munmap(p, 2 * PAGE));
}

/* A free hint is taken as the address; a taken one is moved elsewhere. */
static void t_hint(long arg)
{
    (void)arg;
    char *p = map_anon(FIXED_A, PAGE, RW, ANON);
    CHECK(p == (char *)FIXED_A);
    char *q = map_anon(FIXED_A, PAGE, RW, ANON);
    CHECK(q != p);
    SYS(munmap(p, PAGE));
    SYS(munmap(q, PAGE));
}

/* Unmapping the middle page of three leaves both ends mapped with their
 * data; the hole faults (SIGSEGV). munmap of a range holding nothing
 * succeeds. */
static void t_unmap_middle(long arg)
{
    (void)arg;
    char *p = map_anon(FIXED_A, 3 * PAGE, RW, ANON | MAP_FIXED);
    memset(p, 1, PAGE);
    memset(p + PAGE, 2, PAGE);
    memset(p + 2 * PAGE, 3, PAGE);
    SYS(munmap(p + PAGE, PAGE));
    CHECK_EQ(p[0], 1);
    CHECK_EQ(p[PAGE - 1], 1);
    CHECK_EQ(p[2 * PAGE], 3);
    CHECK_EQ(p[3 * PAGE - 1], 3);
    SYS(munmap(p + PAGE, PAGE));            /* nothing there any more: not an error */
    /* The hole can be mapped again, fresh. */
    CHECK(map_anon(p + PAGE, PAGE, RW, ANON | MAP_FIXED) == p + PAGE);
    CHECK_EQ(p[PAGE], 0);
    SYS(munmap(p + PAGE, PAGE));
    *(volatile char *)opaque(p + PAGE) = 1;
}

/* PROT_READ: reading works, writing kills. */
static void t_protect_readonly(long arg)
{
    (void)arg;
    char *p = map_anon(NULL, 2 * PAGE, RW, ANON);
    p[PAGE] = 9;
    SYS(mprotect(p + PAGE, PAGE, PROT_READ));
    p[0] = 1;                               /* the other page stays writable */
    CHECK_EQ(*(volatile char *)(p + PAGE), 9);
    *(volatile char *)opaque(p + PAGE) = 1;
}

/* PROT_NONE: even a read kills; access comes back with PROT_READ|PROT_WRITE,
 * data intact; mprotect of a range not fully mapped gives ENOMEM. */
static void t_protect_none(long arg)
{
    (void)arg;
    char *p = map_anon(FIXED_A, 2 * PAGE, RW, ANON | MAP_FIXED);
    p[0] = 4;
    SYS(mprotect(p, PAGE, PROT_NONE));
    SYS(mprotect(p, PAGE, RW));
    CHECK_EQ(p[0], 4);
    p[0] = 5;
    EXPECT_ERR(mprotect(p, 3 * PAGE, PROT_READ), ENOMEM);
    SYS(msync(p, 2 * PAGE, MS_SYNC));
    EXPECT_ERR(msync(p, 3 * PAGE, MS_SYNC), ENOMEM);
    EXPECT_ERR(msync(p, PAGE, MS_SYNC | MS_ASYNC), EINVAL);
    SYS(mprotect(p, PAGE, PROT_NONE));
    (void)*(volatile char *)opaque(p);
}

/* Changing the protection page by page, back and forth, many times, does
 * not use up the process's mappings (neighbours join again). */
static void t_protect_many(long arg)
{
    (void)arg;
    char *p = map_anon(NULL, 16 * PAGE, RW, ANON);
    for (int round = 0; round < 200; round++) {
        char *q = p + (size_t)(round % 15) * PAGE;
        SYS(mprotect(q, PAGE, PROT_READ));
        SYS(mprotect(q, PAGE, RW));
        q[0] = (char)round;
    }
    SYS(munmap(p, 16 * PAGE));
}

/* MAP_SHARED|MAP_ANONYMOUS memory is shared with a fork child: each sees
 * the other's writes. MAP_PRIVATE memory is copied: neither does. */
static void t_shared_anon_fork(long arg)
{
    (void)arg;
    volatile int *shared = (int *)map_anon(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
    volatile int *private = (int *)map_anon(NULL, PAGE, RW, ANON);
    shared[0] = 1;
    private[0] = 1;
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        _exit(shared[0] == 1 && private[0] == 1 ? (shared[1] = 42, private[1] = 42, 0) : 1);
    }
    expect_exit(pid, 0);
    CHECK_EQ(shared[1], 42);
    CHECK_EQ(private[1], 0);
    SYS(munmap((void *)shared, PAGE));
    SYS(munmap((void *)private, PAGE));
}

/* MAP_FIXED over a System V attachment replaces it: the segment counts
 * one attachment fewer. */
static void t_fixed_over_attachment(long arg)
{
    (void)arg;
    int id = (int)SYS(shmget(IPC_PRIVATE, 2 * PAGE, IPC_CREAT | 0600));
    char *p = shmat(id, FIXED_A, 0);
    CHECK(p == (char *)FIXED_A);
    struct shmid_ds ds;
    SYS(shmctl(id, IPC_STAT, &ds));
    CHECK_EQ(ds.shm_nattch, 1);
    CHECK(map_anon(FIXED_A, 2 * PAGE, RW, ANON | MAP_FIXED) == p);
    SYS(shmctl(id, IPC_STAT, &ds));
    CHECK_EQ(ds.shm_nattch, 0);
    EXPECT_ERR(shmdt(p), EINVAL);           /* not an attachment any more */
    SYS(shmctl(id, IPC_RMID, NULL));
    SYS(munmap(p, 2 * PAGE));
}

/* One round of t_no_leak. */
static void map_round(int i)
{
    char *p = map_anon(NULL, 4 * PAGE, RW, (i & 1) ? ANON : MAP_SHARED | MAP_ANONYMOUS);
    memset(p, i, 4 * PAGE);
    SYS(munmap(p + PAGE, PAGE));
    SYS(mprotect(p + 2 * PAGE, PAGE, PROT_READ));
    SYS(munmap(p, 4 * PAGE));
}

/* 500 rounds of map, touch, unmap — private, shared, split — give every
 * page back (after a first round, which may leave a page table). */
static void t_no_leak(long arg)
{
    (void)arg;
    map_round(0);
    map_round(1);
#ifdef __shmos__
    long before = free_pages();
#endif
    for (int i = 0; i < 500; i++)
        map_round(i);
#ifdef __shmos__
    CHECK_EQ(free_pages(), before);
#endif
}

#ifdef __shmos__
/* munmap gives back the page tables no mapping needs any more: 32 MiB
 * mapped and touched once per 4 MiB costs 8 pages and 8 page tables,
 * and unmapping it gives all of them back, the first time. */
static void t_unmap_frees_tables(long arg)
{
    (void)arg;
    own_pages();
    size_t len = 32u << 20;
    long before = free_pages();
    char *p = map_anon(NULL, len, RW, ANON);
    for (size_t off = 0; off < len; off += 4u << 20)
        p[off] = 1;
    CHECK(before - free_pages() >= 16);
    SYS(munmap(p, len));
    CHECK_EQ(free_pages(), before);
}
#endif

/* The edges of user space: nothing maps over page 0, the kernel or past
 * the top; a kernel-chosen address is never in page 0. shmos's layout. */
static void t_user_space_edges(long arg)
{
    (void)arg;
    EXPECT_ERR(mmap(NULL, PAGE, RW, ANON | MAP_FIXED, -1, 0), EPERM);
    EXPECT_ERR(mmap((void *)0xC0000000, PAGE, RW, ANON | MAP_FIXED, -1, 0), ENOMEM);
    EXPECT_ERR(mmap((void *)0xBFFFF000, 2 * PAGE, RW, ANON | MAP_FIXED, -1, 0), ENOMEM);
    EXPECT_ERR(mmap(NULL, 0xF0000000u, RW, ANON, -1, 0), ENOMEM);
    EXPECT_ERR(munmap((void *)0xC0000000, PAGE), EINVAL);
    EXPECT_ERR(munmap(NULL, PAGE), EINVAL);
    char *p = map_anon(NULL, PAGE, RW, ANON);
    CHECK((uintptr_t)p >= 0x1000);
    SYS(munmap(p, PAGE));
}

static const struct test tests[] = {
    { "mmap: private anonymous memory is zeroed, kept, gone after munmap (SIGSEGV)",
      t_anon_private, 0, SIGSEGV, 0, NULL },
    { "mmap: EINVAL, EBADF, ENODEV for bad arguments; munmap, mprotect, msync EINVAL",
      t_bad_arguments, 0, 0, 0, NULL },
    { "mmap: MAP_FIXED gives the address, MAP_FIXED_NOREPLACE EEXIST, MAP_FIXED replaces",
      t_fixed, 0, 0, 0, NULL },
    { "mmap: a free hint is the address, a taken one is not", t_hint, 0, 0, 0, NULL },
    { "munmap: the middle page of three goes, the ends stay (SIGSEGV in the hole)",
      t_unmap_middle, 0, SIGSEGV, 0, NULL },
    { "mprotect: PROT_READ pages can be read, a write kills (SIGSEGV)",
      t_protect_readonly, 0, SIGSEGV, 0, NULL },
    { "mprotect: PROT_NONE and back keeps the data, ENOMEM over a hole; msync checks (SIGSEGV)",
      t_protect_none, 0, SIGSEGV, 0, NULL },
    { "mprotect: 400 page-sized changes do not use up the mappings", t_protect_many, 0, 0, 0, NULL },
    { "mmap: MAP_SHARED|MAP_ANONYMOUS is shared with a fork child, MAP_PRIVATE copied",
      t_shared_anon_fork, 0, 0, 0, NULL },
    { "mmap: MAP_FIXED over a System V attachment detaches it", t_fixed_over_attachment, 0, 0, 0,
      NULL },
    { "mmap: 500 map/touch/split/unmap rounds keep no page", t_no_leak, 0, 0, 0, NULL },
#ifdef __shmos__
    { "munmap: the page tables of an unmapped 32 MiB go with it", t_unmap_frees_tables, 0, 0, 0,
      NULL },
#endif
    { "mmap: page 0, the kernel and the top of user space refuse mappings", t_user_space_edges,
      0, 0, 0, SHMOS_ONLY("shmos's 3 GiB user space") },
};
TEST_GROUP(155, tests);
