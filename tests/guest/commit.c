/* Demand paging and exact accounting (shmos only: the counts come from
 * meminfo). Memory is promised when it is asked for (sbrk, mmap, shmget,
 * ftruncate of a POSIX shm object, fork) and taken when it is touched: a
 * large untouched heap or segment costs no pages, each first touch takes
 * one, and a promise memory cannot keep fails at the call with ENOMEM,
 * so that touching everything promised never fails. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>

#define MIB (1024 * 1024L)

static long reserved(void)
{
    return (long)mem().reserved_pages;
}

/* 64 MiB of heap never touched promises 16384 pages and takes only the
 * page tables that will map them; two touches take two pages (and the
 * tables of the heap's page list); shrinking gives the promise back. */
static void t_big_sbrk_untouched(long arg)
{
    (void)arg;
    long fp = free_pages(), res = reserved();
    char *p = sbrk(64 * MIB);
    CHECK(p != (void *)-1);
    long tables = fp - free_pages();
    if (tables > 17)
        FAIL("an untouched 64 MiB heap took %ld pages", tables);
    CHECK(reserved() - res >= 64 * MIB / (long)PAGE);
    p[0] = 1;
    p[64 * MIB - 1] = 2;
    long touched = fp - free_pages() - tables;
    if (touched < 2 || touched > 5)
        FAIL("two touches took %ld pages", touched);
    CHECK_EQ(p[0] + p[64 * MIB - 1], 3);
    CHECK((char *)sbrk(-64 * MIB) == p + 64 * MIB);
    CHECK_EQ(reserved(), res);
    CHECK_EQ(free_pages(), fp - tables);       /* the page tables stay with the process */
}

/* A 4 MiB System V segment attached maps nothing; touched page by page it
 * takes one page per touch (plus its page list's table); the same for a
 * POSIX shm object sized with ftruncate. */
static void t_segment_page_by_page(long arg)
{
    (void)arg;
    enum { N = 1024 };
    /* The page tables of the window attachments go to stay. */
    int warm = (int)SYS(shmget(IPC_PRIVATE, N * PAGE, IPC_CREAT | 0600));
    void *w = shmat(warm, NULL, 0);
    CHECK(w != (void *)-1);
    SYS(shmctl(warm, IPC_RMID, NULL));
    SYS(shmdt(w));
    long fp = free_pages(), res = reserved();
    int id = (int)SYS(shmget(IPC_PRIVATE, N * PAGE, IPC_CREAT | 0600));
    unsigned char *p = shmat(id, NULL, 0);
    CHECK(p != (void *)-1);
    long base = free_pages();
    if (fp - base > 3)
        FAIL("a 4 MiB segment created and attached took %ld pages", fp - base);
    CHECK(reserved() - res >= N);
    for (long i = 0; i < N; i++) {
        p[i * PAGE] = (unsigned char)i;
        long extra = base - free_pages() - (i + 1);
        if (extra < 0 || extra > 2)
            FAIL("%ld touches took %ld pages", i + 1, base - free_pages());
    }
    for (long i = 0; i < N; i++)
        CHECK_EQ(p[i * PAGE], (unsigned char)i);
    SYS(shmctl(id, IPC_RMID, NULL));
    SYS(shmdt(p));
    CHECK_EQ(reserved(), res);
    CHECK_EQ(free_pages(), fp);

    char name[32];
    fmt(name, sizeof name, "/commit-%d", (int)getpid());
    int fd = (int)SYS(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
    SYS(shm_unlink(name));
    fp = free_pages();
    SYS(ftruncate(fd, N * PAGE));
    CHECK(reserved() - res >= N);
    unsigned char *q = mmap(NULL, N * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(q != MAP_FAILED);
    base = free_pages();
    CHECK(fp - base <= 2);
    q[5 * PAGE] = 5;
    CHECK(base - free_pages() >= 1 && base - free_pages() <= 2);
    SYS(munmap(q, N * PAGE));
    close(fd);
    CHECK_EQ(reserved(), res);
}

/* Promise more and more heap until ENOMEM; then anonymous mmap (private
 * and shared), shmget and fork must fail the same way at the call; every
 * page promised can be touched (no fault finds memory missing); giving
 * the heap back makes all of them work again. */
static void t_exhaust_promises(long arg)
{
    (void)arg;
    long fp = free_pages(), res = reserved();
    char *start = sbrk(0);
    long chunks = 0;
    while (sbrk(MIB) != (void *)-1)
        chunks++;
    CHECK_EQ(errno, ENOMEM);
    CHECK(chunks > 16);
    diag("%ld MiB of heap promised, %ld pages left to promise", chunks, avail_pages());
    EXPECT_ERR(mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
               ENOMEM);
    EXPECT_ERR(mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
               ENOMEM);
    EXPECT_ERR(shmget(IPC_PRIVATE, MIB, IPC_CREAT | 0600), ENOMEM);
    EXPECT_ERR(fork(), ENOMEM);
    for (char *p = start; p < start + chunks * MIB; p += PAGE)
        *p = 1;
    if (fp - free_pages() < chunks * MIB / (long)PAGE)
        FAIL("%ld MiB touched took only %ld pages", chunks, fp - free_pages());
    CHECK((char *)sbrk(-chunks * MIB) == start + chunks * MIB);
    CHECK_EQ(reserved(), res);
    void *m = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    SYS(munmap(m, MIB));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(0);
    expect_exit(pid, 0);
    CHECK(sbrk(MIB) == start);
    CHECK(sbrk(-MIB) != (void *)-1);
}

/* Stores still kill where the mapping forbids them, demand paging or not:
 * a PROT_READ page never touched, and an SHM_RDONLY attachment. */
static void t_readonly_store(long which)
{
    if (which == 0) {
        char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        CHECK(p != MAP_FAILED);
        *(volatile char *)opaque(p) = 1;
    } else {
        int id = (int)SYS(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600));
        char *p = shmat(id, NULL, SHM_RDONLY);
        SYS(shmctl(id, IPC_RMID, NULL));
        CHECK(p != (void *)-1);
        *(volatile char *)opaque(p) = 1;
    }
    _exit(0);
}

static const struct test tests[] = {
    { "demand: a 64 MiB sbrk never touched costs no pages, only promises", t_big_sbrk_untouched,
      0, 0, 0, NULL },
    { "demand: a 4 MiB segment or POSIX shm object takes one page per first touch",
      t_segment_page_by_page, 0, 0, 60, NULL },
    { "commit: promises past memory fail at the call with ENOMEM, all promised pages touch, "
      "then recovery", t_exhaust_promises, 0, 0, 120, NULL },
    { "demand: a store to an untouched PROT_READ page kills (SIGSEGV)", t_readonly_store, 0,
      SIGSEGV, 0, NULL },
    { "demand: a store to an untouched SHM_RDONLY attachment kills (SIGSEGV)", t_readonly_store,
      1, SIGSEGV, 0, NULL },
};
#else
#define SKIP_COMMIT "page and promise counts come from meminfo"
static const struct test tests[] = {
    { "demand: a 64 MiB sbrk never touched costs no pages, only promises", NULL, 0, 0, 0,
      SKIP_COMMIT },
    { "demand: a 4 MiB segment or POSIX shm object takes one page per first touch", NULL, 0, 0,
      0, SKIP_COMMIT },
    { "commit: promises past memory fail at the call with ENOMEM, all promised pages touch, "
      "then recovery", NULL, 0, 0, 0, SKIP_COMMIT },
    { "demand: a store to an untouched PROT_READ page kills (SIGSEGV)", NULL, 0, 0, 0,
      SKIP_COMMIT },
    { "demand: a store to an untouched SHM_RDONLY attachment kills (SIGSEGV)", NULL, 0, 0, 0,
      SKIP_COMMIT },
};
#endif
TEST_GROUP(34, tests);
