/* Copy-on-write fork: after fork, parent and child share their private
 * pages read-only and each write copies; each side sees only its own
 * writes, whether made by a store, by read() into a buffer (copyout), by a
 * thread of control running while its sibling forks, or by processes
 * forking all at once. On shmos the page counts show the sharing: a fork
 * takes (almost) no pages, each page written afterwards takes one, and
 * exit and exec give every page back. */
#include <fcntl.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define HEAP (4 * 1024 * 1024)          /* the multi-MiB heap of the first test */
#define NPG (HEAP / (long)PAGE)

/* Page i of an area filled with seed holds this byte throughout. */
static unsigned char pattern(long i, unsigned seed)
{
    return (unsigned char)((i * 7 + seed) & 0xff);
}

static void fill(unsigned char *p, long npages, unsigned seed)
{
    for (long i = 0; i < npages; i++)
        memset(p + i * PAGE, pattern(i, seed), PAGE);
}

/* Every page of p (first and last byte) holds fill(seed)'s pattern. */
static void verify(const unsigned char *p, long npages, unsigned seed, const char *who)
{
    for (long i = 0; i < npages; i++) {
        unsigned char want = pattern(i, seed);
        if (p[i * PAGE] != want || p[i * PAGE + PAGE - 1] != want)
            FAIL("%s: page %ld holds %u, expected %u", who, i, p[i * PAGE], want);
    }
}

static unsigned char *grow(long bytes)
{
    unsigned char *p = sbrk(bytes);
    if (p == (void *)-1)
        FAIL("sbrk(%ld) failed: %s", bytes, errname(errno));
    return p;
}

/* Parent and child each write every page of a 4 MiB heap and see only
 * their own data; on shmos, the fork takes a few pages (page tables, the
 * child's stack as it runs), the child's writes one page each, and its
 * exit gives them back. */
static void t_private_heap(long arg)
{
    (void)arg;
    unsigned char *h = grow(HEAP);
    fill(h, NPG, 1);
    int down[2], up[2];
    SYS(pipe(down));
    SYS(pipe(up));
#ifdef __shmos__
    long before = free_pages();
#endif
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        hear(down[0]);
        verify(h, NPG, 1, "child at fork");
        fill(h, NPG, 2);
        tell(up[1]);
        hear(down[0]);
        verify(h, NPG, 2, "child after the parent wrote");
        _exit(0);
    }
#ifdef __shmos__
    long at_fork = free_pages();
    if (before - at_fork > NPG / 16)
        FAIL("fork of a 4 MiB heap took %ld pages", before - at_fork);
#endif
    tell(down[1]);
    hear(up[0]);
#ifdef __shmos__
    long written = free_pages();
    if (at_fork - written < NPG)
        FAIL("the child wrote %ld pages, which took only %ld", NPG, at_fork - written);
#endif
    verify(h, NPG, 1, "parent after the child wrote");
    fill(h, NPG, 3);
#ifdef __shmos__
    /* The child has copies of its own: the parent writes its pages in place. */
    if (written - free_pages() > 2)
        FAIL("the parent's writes took %ld pages", written - free_pages());
#endif
    tell(down[1]);
    expect_exit(pid, 0);
    verify(h, NPG, 3, "parent");
#ifdef __shmos__
    CHECK_EQ(free_pages(), before);
#endif
    sbrk(-HEAP);
}

#define STORM_WORKERS 4
#define STORM_ROUNDS 6
#define STORM_PAGES 128

/* One worker of the storm: each round it fills its heap, forks a child
 * that writes every fourth page and checks all of them, and rewrites its
 * own pages while the child runs. */
static void storm_worker(long w)
{
    unsigned char *h = grow(STORM_PAGES * (long)PAGE);
    for (int r = 0; r < STORM_ROUNDS; r++) {
        unsigned seed = (unsigned)(w * 32 + r);
        fill(h, STORM_PAGES, seed);
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            for (long i = 0; i < STORM_PAGES; i += 4)
                memset(h + i * PAGE, 0xA5, PAGE);
            for (long i = 0; i < STORM_PAGES; i++) {
                unsigned char want = i % 4 ? pattern(i, seed) : 0xA5;
                if (h[i * PAGE] != want || h[i * PAGE + PAGE - 1] != want)
                    _exit(10 + (int)(i % 100));
            }
            _exit(0);
        }
        fill(h, STORM_PAGES, seed + 100);
        expect_exit(pid, 0);
        verify(h, STORM_PAGES, seed + 100, "storm worker");
    }
}

/* 4 processes fork, write and exit at once, all over copy-on-write pages. */
static void t_fork_storm(long arg)
{
    (void)arg;
    pid_t w[STORM_WORKERS];
    for (int i = 0; i < STORM_WORKERS; i++)
        w[i] = spawn(storm_worker, i);
    for (int i = 0; i < STORM_WORKERS; i++)
        expect_exit(w[i], 0);
}

/* A child reads from a pipe into a buffer it shares copy-on-write with
 * its parent, across a page boundary: the copy lands in the child only.
 * Then the parent reads a file into the same buffer while a child checks
 * that its own stays as it was. */
static void t_read_into_cow(long arg)
{
    (void)arg;
    unsigned char *buf = grow(2 * (long)PAGE);
    unsigned char *at = buf + PAGE - 50;
    memset(buf, 'P', 2 * PAGE);
    char data[100];
    memset(data, 'c', sizeof data);
    int p[2], q[2];
    SYS(pipe(p));
    SYS(pipe(q));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        read_exact(p[0], at, sizeof data);
        for (long i = 0; i < 2 * (long)PAGE; i++)
            if (buf[i] != (buf + i >= at && buf + i < at + sizeof data ? 'c' : 'P'))
                _exit(2);
        _exit(0);
    }
    write_all(p[1], data, sizeof data);
    expect_exit(pid, 0);
    for (long i = 0; i < 2 * (long)PAGE; i++)
        if (buf[i] != 'P')
            FAIL("the child's read() wrote the parent's byte %ld ('%c')", i, buf[i]);

    char path[64];
    fmt(path, sizeof path, "/tmp/cow-read-%d", (int)getpid());
    int fd = (int)SYS(open(path, O_RDWR | O_CREAT | O_TRUNC, 0600));
    memset(data, 'f', sizeof data);
    write_all(fd, data, sizeof data);
    SYS(lseek(fd, 0, SEEK_SET));
    pid = (pid_t)SYS(fork());
    if (pid == 0) {
        hear(q[0]);
        for (long i = 0; i < 2 * (long)PAGE; i++)
            if (buf[i] != 'P')
                _exit(3);
        _exit(0);
    }
    CHECK_EQ(read(fd, at, sizeof data), (long)sizeof data);
    CHECK(at[0] == 'f' && at[sizeof data - 1] == 'f' && at[-1] == 'P');
    tell(q[1]);
    expect_exit(pid, 0);
    close(fd);
    SYS(unlink(path));
    sbrk(-2 * (long)PAGE);
}

#ifdef __shmos__
#define THREAD_STACK (16 * 1024)
static unsigned char thread_stack[THREAD_STACK] __attribute__((aligned(16)));
static volatile unsigned *counter;      /* a heap word the thread keeps writing */
static volatile int stop;

static int writer(void *arg)
{
    (void)arg;
    while (!stop)
        (*counter)++;
    return 0;
}

/* A thread of control keeps writing a heap word while its sibling forks
 * 20 times: each child's copy must stand still (the parent's write access
 * to the shared page is shot down on the writer's CPU before fork
 * returns), and the writer's stores keep landing in the parent. */
static void t_thread_writes_during_fork(long arg)
{
    (void)arg;
    counter = (volatile unsigned *)grow((long)PAGE);
    *counter = 0;
    pid_t t = (pid_t)SYS(thread_spawn(writer, NULL, thread_stack, THREAD_STACK));
    while (*counter < 1000)
        ;
    for (int i = 0; i < 20; i++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            unsigned v = *counter;
            for (volatile int spin = 0; spin < 200000; spin++)
                ;
            sleep_ms(2);
            _exit(*counter == v ? 0 : 1);
        }
        unsigned seen = *counter;
        expect_exit(pid, 0);
        if (*counter == seen)       /* the writer is still writing into the parent */
            sleep_ms(5);
        CHECK(*counter != seen);
    }
    stop = 1;
    expect_exit(t, 0);
}

/* Children that write half of a touched 1 MiB heap and exit, or exec,
 * give back every page: free pages and promises return to the baseline. */
static void t_exit_exec_baseline(long arg)
{
    (void)arg;
    enum { PAGES = 256 };
    unsigned char *h = grow(PAGES * (long)PAGE);
    fill(h, PAGES, 9);
    long base = free_pages(), avail = avail_pages();
    for (int i = 0; i < 3; i++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            fill(h, PAGES / 2, 10);
            _exit(0);
        }
        expect_exit(pid, 0);
        CHECK_EQ(free_pages(), base);
        CHECK_EQ(avail_pages(), avail);
    }
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        fill(h, PAGES / 2, 11);
        char *argv[] = { "true", NULL }, *envp[] = { NULL };
        execve("/bin/true", argv, envp);
        _exit(99);
    }
    expect_exit(pid, 0);
    CHECK_EQ(free_pages(), base);
    CHECK_EQ(avail_pages(), avail);
    verify(h, PAGES, 9, "parent");
    sbrk(-PAGES * (long)PAGE);
}
#endif

#ifdef __shmos__
/* Program text is mapped from the program file's pages, never copied: a
 * second /bin/tests running (the exec helper, held in its report's write
 * by a full pipe) takes far fewer pages than its text has; and its text
 * may not be made writable (a store would write the file). */
static void t_shared_text(long arg)
{
    (void)arg;
    extern char __data_begin[];
    long text_pages = (long)((uintptr_t)__data_begin - 0x400000u) / (long)PAGE;
    int p[2];
    SYS(pipe(p));
    static char full[PAGE];
    write_all(p[1], full, sizeof full);         /* the helper's report now blocks */
    long before = free_pages();
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        char fd[16];
        fmt(fd, sizeof fd, "%d", p[1]);
        char *argv[] = { "tests", EXEC_HELPER, fd, "0", NULL }, *envp[] = { NULL };
        execve("/bin/tests", argv, envp);
        _exit(99);
    }
    close(p[1]);
    sleep_ms(300);                              /* exec'd and blocked in its write */
    long taken = before - free_pages();
    char buf[PAGE];
    while (read(p[0], buf, sizeof buf) > 0)
        ;
    expect_exit(pid, 0);
    if (taken >= text_pages / 2)
        FAIL("a second image of /bin/tests (%ld text pages) took %ld pages", text_pages, taken);
    EXPECT_ERR(mprotect((void *)0x400000, PAGE, PROT_READ | PROT_WRITE), EACCES);
}
#endif

#define SKIP_SHMOS SHMOS_ONLY("thread_spawn and meminfo are shmos's")

static const struct test tests[] = {
    { "cow: parent and child each write every page of a 4 MiB heap, see only their own",
      t_private_heap, 0, 0, 60, NULL },
    { "cow: 4 processes x 6 forks writing shared copy-on-write pages at once", t_fork_storm, 0, 0,
      120, NULL },
    { "cow: read() from a pipe and a file into a fresh copy-on-write buffer copies it",
      t_read_into_cow, 0, 0, 0, NULL },
#ifdef __shmos__
    { "cow: a thread writing while its sibling forks: children's copies stand still",
      t_thread_writes_during_fork, 0, 0, 60, NULL },
    { "cow: exit and exec of children that wrote shared pages give every page back",
      t_exit_exec_baseline, 0, 0, 0, NULL },
    { "text: a program's text is its file's pages, shared, and cannot be made writable",
      t_shared_text, 0, 0, 0, NULL },
#else
    { "cow: a thread writing while its sibling forks: children's copies stand still", NULL, 0, 0,
      0, SKIP_SHMOS },
    { "cow: exit and exec of children that wrote shared pages give every page back", NULL, 0, 0,
      0, SKIP_SHMOS },
    { "text: a program's text is its file's pages, shared, and cannot be made writable", NULL, 0,
      0, 0, SHMOS_ONLY("Linux lets mprotect make private text writable") },
#endif
};
TEST_GROUP(33, tests);
