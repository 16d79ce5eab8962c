/* Shared-memory tests for the xv6 lab's calls, continued: the address
 * space (sbrk, faults and system calls around attachments), resource limits
 * and leaks (tables full, out of memory, many cycles), and the programs
 * (/bin/shm, /bin/ipcs). See shm_xv6.c for how the tests are guarded. */
#include "shm_util.h"

#ifdef __shmos__
/* ------------------------------------------------------------ address space */

static void sbrk_blocked(void)
{
    char *edge = heap_edge();
    edge[-1] = 'H';
    int id = create(PAGE);
    attach(id, (uint32_t)(uintptr_t)edge)[0] = 'S';
    EXPECT_ERR(sbrk(PAGE), ENOMEM);
    EXPECT_ERR(sbrk(1), ENOMEM);
    EXPECT_ERR(sbrk(16 * PAGE), ENOMEM);
    CHECK((char *)sbrk(0) == edge);
    CHECK(edge[0] == 'S' && edge[-1] == 'H');
    detach(id);
    CHECK((char *)sbrk(PAGE) == edge);
    CHECK_EQ(edge[0], 0);                   /* a fresh heap page, not the segment's */
    destroy(id);
}

/* A child detaches the inherited segment and touches it: only it dies. */
static void touch_after_detach(int write)
{
    int id = create(PAGE);
    attach(id, ADDR_A)[0] = 'x';
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        detach(id);
        volatile unsigned char *q = opaque(at(ADDR_A));
        if (write)
            *q = 'y';
        else
            (void)*q;
        diag("%s a detached address did not fault", write ? "writing" : "reading");
        _exit(0);
    }
    expect_killed(pid, SIGSEGV);
    CHECK(at(ADDR_A)[0] == 'x' && nattch(id) == 1);
    release(id);
}
static void read_after_detach(void) { touch_after_detach(0); }
static void write_after_detach(void) { touch_after_detach(1); }

/* The kernel's copyin/copyout reach the segment's pages through the region. */
static void syscalls_on_segment(void)
{
    int id = create(2 * PAGE), fds[2];
    unsigned char *p = attach(id, ADDR_A);
    static unsigned char buf[PAGE];
    SYS(pipe(fds));
    fill(p, PAGE, 3);
    CHECK_EQ(write(fds[1], p, PAGE), PAGE);            /* copyin from the segment */
    read_exact(fds[0], buf, PAGE);
    verify(buf, PAGE, 3, "what write() took from the segment");
    fill(buf, PAGE, 4);
    write_all(fds[1], buf, PAGE);
    CHECK_EQ(read(fds[0], p + PAGE, PAGE), PAGE);     /* copyout into the segment */
    verify(p + PAGE, PAGE, 4, "what read() put into the segment");
    write_all(fds[1], p + PAGE - 100, 200);            /* across the page boundary */
    read_exact(fds[0], buf, 200);
    CHECK(memcmp(buf, p + PAGE - 100, 200) == 0);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {                                    /* another attachment sees it */
        detach(id);
        verify(attach(id, ADDR_B) + PAGE, PAGE, 4, "child, data stored by read()");
        _exit(0);
    }
    expect_exit(pid, 0);
    release(id);
}

static void syscalls_on_detached(void)
{
    int id = create(PAGE), fds[2];
    unsigned char *p = attach(id, ADDR_A);
    detach(id);
    SYS(pipe(fds));
    write_all(fds[1], "data", 4);
    EXPECT_ERR(read(fds[0], p, 4), EFAULT);
    EXPECT_ERR(write(fds[1], p, 4), EFAULT);
    destroy(id);
}

/* ------------------------------------------------------------ resources */

#define NWORKERS 4

/* NWORKERS processes at once (interleaved by the timer, and on several
 * CPUs once the kernel starts them), each running 2000
 * create/attach/write/detach/destroy cycles of its own and attaching one
 * shared segment in between: counts and free pages come back exactly. */
static void concurrent_cycles(void)
{
    warm_up();
    long fp = free_pages(), n = nshm();
    int shared = create(PAGE);
    pid_t pids[NWORKERS];
    for (int k = 0; k < NWORKERS; k++) {
        if ((pids[k] = (pid_t)SYS(fork())) != 0)
            continue;
        for (int i = 0; i < 2000; i++) {
            int id = create((int)PAGE * (1 + (i + k) % 3));
            attach(id, ADDR_A)[i % PAGE] = (unsigned char)k;
            attach(shared, ADDR_B)[k]++;
            detach(shared);
            if (at(ADDR_A)[i % PAGE] != k)
                FAIL("worker %d, cycle %d: own segment changed", k, i);
            release(id);
        }
        _exit(0);
    }
    for (int k = 0; k < NWORKERS; k++)
        expect_exit(pids[k], 0);
    CHECK_EQ(nattch(shared), 0);
    unsigned char *counts = attach(shared, ADDR_B);
    for (int k = 0; k < NWORKERS; k++)
        CHECK_EQ(counts[k], 2000 % 256);
    release(shared);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), n);
}

static void many_cycles(void)
{
    warm_up();
    long fp = free_pages(), n = nshm();
    volatile int *w = (volatile int *)at(ADDR_A);
    for (int i = 0; i < 10000; i++) {
        int id = shm_create((int)PAGE * (1 + i % 3));
        if (id < 0 || shm_attach(id, at(ADDR_A)) != 0 || w[i % 1024] != 0)
            FAIL("cycle %d: create or attach failed (%s) or segment not zero", i, errname(errno));
        w[i % 1024] = i;
        if (w[i % 1024] != i || shm_detach(id) != 0 || shm_destroy(id) != 0)
            FAIL("cycle %d: write, detach or destroy failed: %s", i, errname(errno));
    }
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), n);
}

static void fill_table(void)
{
    warm_up();
    long fp = free_pages(), start = nshm();
    int n = 0;
    while (n <= SHM_SEGS_MAX && (ids[n] = shm_create(PAGE)) != -1)
        n++;
    CHECK_EQ(errno, ENOSPC);
    diag("%d segments created (%ld existed before), then ENOSPC", n, start);
    CHECK(start + n >= TABLE_SIZE);
    CHECK_EQ(nshm(), start + n);
    long full = free_pages();
    EXPECT_ERR(shm_create(MAX_SEGMENT), ENOSPC);      /* not ENOMEM: nothing allocated */
    CHECK_EQ(free_pages(), full);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (ids[i] == ids[j])
                FAIL("id %d handed out twice", ids[i]);
    for (int i = 0; i < n; i++)
        destroy(ids[i]);
    CHECK(nshm() == start && free_pages() == fp);
    for (int i = 0; i < n; i++)
        EXPECT_ERR(shm_attach(ids[i], at(ADDR_A)), EINVAL);
    for (int i = 0; i < n; i++) {
        ids[i] = create(PAGE);
        attach(ids[i], ADDR_A)[0] = (unsigned char)i;
        detach(ids[i]);
    }
    for (int i = 0; i < n; i++)
        destroy(ids[i]);
    CHECK(nshm() == start && free_pages() == fp);
}

/* Create 4 MiB segments into ids[] until their promises use memory up;
 * returns how many. The failure must be ENOMEM (4096 segments would need
 * 16 GiB, more than the machine has), or ENOSPC only if memory could hold
 * the whole table. Each segment promises its pages at once and takes
 * none until touched. */
static int exhaust_memory(void)
{
    struct meminfo mi = mem();
    long promise = promise_of(MAX_SEGMENT / (long)PAGE);
    int table_first = (long)mi.free_pages - (long)mi.reserved_pages >=
                      (TABLE_SIZE - (long)mi.nshm) * promise;
    for (int n = 0; n < 1024; n++) {
        long before = avail_pages(), free_before = free_pages();
        if ((ids[n] = shm_create(MAX_SEGMENT)) == -1) {
            int e = errno;
            if (e != ENOMEM && !(table_first && e == ENOSPC))
                FAIL("segment %d: %s, expected ENOMEM", n, errname(e));
            CHECK_EQ(avail_pages(), before);           /* the failed call kept nothing */
            CHECK_EQ(free_pages(), free_before);
            if (e == ENOMEM && before >= promise)
                FAIL("ENOMEM with %ld pages to promise, enough for a segment", before);
            errno = e;
            return n;
        }
        long taken = free_before - free_pages();
        if (before - avail_pages() - taken != promise)
            FAIL("a 4 MiB segment promised %ld pages, expected %ld",
                 before - avail_pages() - taken, promise);
        if (free_pages() < free_before - 1)             /* a slab page for its object at most */
            FAIL("a 4 MiB segment took %ld pages before any touch", free_before - free_pages());
    }
    FAIL("1024 segments of 4 MiB and no error");
}

static void out_of_memory(void)
{
    warm_up();
    long fp = free_pages(), avail = avail_pages();
    int n = exhaust_memory();
    diag("%d segments of 4 MiB, then %s with %ld pages free, %ld to promise", n,
         errname(errno), free_pages(), avail_pages());
    while (n > 0)
        destroy(ids[--n]);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(avail_pages(), avail);
    int id = create(MAX_SEGMENT);
    attach(id, ADDR_A)[MAX_SEGMENT - 1] = 1;
    release(id);
    CHECK_EQ(free_pages(), fp);
}

/* fork with 0, 1, 2... pages left to promise (the rest promised to
 * segments) fails at every step of copying the address space (the child's
 * promises for its copy-on-write pages included) until it works: each
 * failure is ENOMEM, gives back all it took, keeps the counts right. */
static void fork_out_of_memory(void)
{
    warm_up();
    long fp = free_pages(), avail = avail_pages();
    int x = create(PAGE), n = exhaust_memory(), left;
    attach(x, ADDR_A)[0] = 'f';
    if (avail_pages() < 800)                /* room for a fork, within one segment */
        destroy(ids[--n]);
    if (avail_pages() > 1600)
        ids[n++] = create((int)pages_leaving(1600) * (int)PAGE);
    long room = avail_pages();
    for (left = 0; left < room - 1; left++) {
        long size = pages_leaving(left);
        int hold = size > 0 ? create((int)size * (int)PAGE) : -1;
        long pages = free_pages(), promisable = avail_pages();
        pid_t pid = fork();
        if (pid == 0)
            _exit(0);
        if (pid > 0)
            expect_exit(pid, 0);
        else if (errno != ENOMEM)
            FAIL("fork with %ld pages to promise: %s, expected ENOMEM", promisable,
                 errname(errno));
        if (free_pages() != pages || avail_pages() != promisable)
            FAIL("fork %s with %ld pages to promise (%ld free) left %ld (%ld free)",
                 pid > 0 ? "working" : "failing", promisable, pages, avail_pages(),
                 free_pages());
        if (hold >= 0)
            destroy(hold);
        if (pid > 0)
            break;
    }
    diag("fork failed with up to %d pages to promise (of %ld tried), then worked", left - 1,
         room);
    CHECK(left > 0 && left < room - 1);
    while (n > 0)
        destroy(ids[--n]);
    CHECK(nattch(x) == 1 && at(ADDR_A)[0] == 'f');
    release(x);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(avail_pages(), avail);
}

/* ------------------------------------------------------------ programs */

/* tests/host/shm-posix.expected: the trace of shm-posix on Linux. */
static const char *const lab_trace[] = {
    "[parent P] created a segment of 8192 bytes",
    "[child C] mapped the segment at 0x20000000",
    "[child C] releasing the parent",
    "[parent P] mapped the segment at 0x10000000",
    "[parent P] released by the child",
    "[parent P] releasing the child",
    "[child C] released by the parent",
    "[child C] unmapped the segment",
    "[parent P] the child exited with status 0",
    "[parent P] unmapped the segment",
    "[parent P] destroyed the segment",
};

/* Mask "[parent 12] text" as "[parent P] text" into buf; returns the pid or -1. */
static long mask_line(const char *line, char *buf, size_t size)
{
    const char *roles[] = { "[parent ", "[child " };
    for (int r = 0; r < 2; r++) {
        size_t n = strlen(roles[r]);
        if (strncmp(line, roles[r], n) != 0)
            continue;
        const char *s = line + n, *digits = s;
        while (*s >= '0' && *s <= '9')
            s++;
        if (s == digits || *s != ']')
            return -1;
        fmt(buf, size, "%s%c%s", roles[r], r == 0 ? 'P' : 'C', s);
        return parse_long(digits);
    }
    return -1;
}

/* /bin/shm's stdout is the lab trace, line for line, with one parent pid
 * (the process exec'd) and one other child pid. */
static void lab_program(void)
{
    long n = nshm(), child = -1;
    static char out[8192];
    char *argv[] = { "shm", NULL }, *cur = out, *line, masked[160];
    pid_t pid;
    int st = run_capture("/bin/shm", argv, out, sizeof out, &pid);
    if (st != 0)
        FAIL("/bin/shm: wait status 0x%x, expected exit 0", st);
    if ((line = next_line(&cur)) == NULL ||
        strcmp(line, "the shm command started with 1 parameters") != 0)
        FAIL("first line is '%s'", line ? line : "(none)");
    for (unsigned i = 0; i < sizeof lab_trace / sizeof lab_trace[0]; i++) {
        if ((line = next_line(&cur)) == NULL)
            FAIL("the trace stops before line %u: '%s'", i + 2, lab_trace[i]);
        long who = mask_line(line, masked, sizeof masked);
        if (who < 0 || strcmp(masked, lab_trace[i]) != 0)
            FAIL("line %u is '%s', expected '%s'", i + 2, line, lab_trace[i]);
        if (masked[1] == 'p' && who != pid)
            FAIL("line %u: parent pid %ld, expected %d", i + 2, who, (int)pid);
        if (masked[1] == 'c' && (who == pid || (child != -1 && who != child)))
            FAIL("line %u: child pid %ld (parent %d)", i + 2, who, (int)pid);
        if (masked[1] == 'c')
            child = who;
    }
    if ((line = next_line(&cur)) != NULL)
        FAIL("extra output line '%s'", line);
    CHECK_EQ(nshm(), n);
}

static void ipcs_lists(void)
{
    int id = create(5000);
    attach(id, ADDR_A);
    char *w[7], want[64], got[96];
    ipcs_line(id, w);
    fmt(want, sizeof want, "0x00000000 %d root 666 5000 1 ", id);
    fmt(got, sizeof got, "%s %s %s %s %s %s %s", w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
    if (strcmp(got, want) != 0)
        FAIL("ipcs: '%s', expected '%s'", got, want);
    release(id);
}

#endif

static const struct test tests[] = {
    SHM("sbrk cannot grow the heap over an attachment (ENOMEM)", sbrk_blocked, 0),
    SHM("reading after detach kills only that process (SIGSEGV)", read_after_detach, 0),
    SHM("writing after detach kills only that process (SIGSEGV)", write_after_detach, 0),
    SHM("read() into and write() from a segment work", syscalls_on_segment, 0),
    SHM("read() or write() on a detached address gives EFAULT", syscalls_on_detached, 0),
    SHM("10000 create/attach/detach/destroy cycles leak no page", many_cycles, 240),
    SHM("4 processes cycling at once leak nothing", concurrent_cycles, 120),
    SHM("the table fills with ENOSPC after 4096 and is reusable", fill_table, 60),
    SHM("out of memory gives ENOMEM and leaks no page", out_of_memory, 120),
    SHM("fork out of memory: ENOMEM at every step, no leak", fork_out_of_memory, 240),
    SHM("/bin/shm prints the lab trace in order and exits 0", lab_program, 60),
    SHM("/bin/ipcs lists a segment and the free pages", ipcs_lists, 0),
};
TEST_GROUP(110, tests);
