/* Shared-memory tests for the xv6 lab's calls: shm_create, shm_attach,
 * shm_detach, shm_destroy, and shm_list / meminfo to look at the kernel's
 * side (attach counts, free pages). shmos-only: SKIP on Linux.
 *
 * Every test body runs in a worker process forked by guarded(). When the
 * worker is gone, guarded() destroys whatever segment the body left behind
 * (even after a failed check), so one failure cannot cascade into the next
 * tests or the suite's leak check; a passing body that forgot a segment
 * fails. Children talk to the worker through pipes whose unused ends are
 * closed, so a child that dies gives the other side EOF instead of a hang. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tests.h"

#define SKIP_REASON "xv6-style shared memory is shmos-only"

#ifdef __shmos__
#include <limits.h>
#include <shmos.h>

#define ADDR_A 0x10000000u          /* the lab's parent address */
#define ADDR_B 0x20000000u          /* the lab's child address */
#define ADDR_C 0x30000000u          /* nothing mapped around it */
#define MAX_SEGMENT (4 << 20)       /* the largest segment */
#define TABLE_SIZE 64               /* segments system-wide */
#define MAX_RECS 128

int main(int argc, char **argv);    /* its address is in program text */

static struct shminfo_rec recs[MAX_RECS];

/* The shm_list record of segment id, or NULL if it is not listed. */
static const struct shminfo_rec *record_of(int id)
{
    int n = (int)SYS(shm_list(recs, MAX_RECS));
    for (int i = 0; i < n; i++)
        if (recs[i].id == id)
            return &recs[i];
    return NULL;
}

/* Attachments of segment id in all processes (fails the test if it is gone). */
static long nattch(int id)
{
    const struct shminfo_rec *r = record_of(id);
    if (r == NULL)
        FAIL("segment %d is not listed by shm_list", id);
    return (long)r->nattach;
}

static struct meminfo mem(void)
{
    struct meminfo mi;
    SYS(meminfo(&mi));
    return mi;
}

static long free_pages(void) { return (long)mem().free_pages; }
static long nshm(void) { return (long)mem().nshm; }

static int create(int size) { return (int)SYS(shm_create(size)); }
static void detach(int id) { SYS(shm_detach(id)); }
static void destroy(int id) { SYS(shm_destroy(id)); }

/* Attach id at addr, which must work; returns addr as a pointer. */
static unsigned char *attach(int id, uint32_t addr)
{
    if (shm_attach(id, (void *)(uintptr_t)addr) == (void *)-1)
        FAIL("shm_attach(%d, 0x%x) failed: %s", id, (unsigned)addr, errname(errno));
    return (unsigned char *)(uintptr_t)addr;
}

/* shm_attach(id, addr) must fail with err, leaving nattch(id) at want. */
static void attach_fails(int id, uint32_t addr, int err, long want, const char *what)
{
    errno = 0;
    void *p = shm_attach(id, (void *)(uintptr_t)addr);
    int e = errno;
    if (p != (void *)-1 || e != err)
        FAIL("attach %s at 0x%x returned %p errno %s, expected -1 with %s",
             what, (unsigned)addr, p, errname(e), errname(err));
    if (nattch(id) != want)
        FAIL("after the failed attach %s, nattch is %ld, expected %ld", what, nattch(id), want);
}

/* A byte that differs from byte to byte and from page to page. */
static unsigned char pat(uint32_t i, unsigned seed)
{
    return (unsigned char)((i * 131u) ^ (i >> 12) ^ seed);
}

static void fill(unsigned char *p, uint32_t n, unsigned seed)
{
    for (uint32_t i = 0; i < n; i++)
        p[i] = pat(i, seed);
}

static void verify(const unsigned char *p, uint32_t n, unsigned seed, const char *what)
{
    for (uint32_t i = 0; i < n; i++)
        if (p[i] != pat(i, seed))
            FAIL("%s: byte %u (page %u) is 0x%x, expected 0x%x",
                 what, (unsigned)i, (unsigned)(i / PAGE), p[i], pat(i, seed));
}

/* ------------------------------------------------------------ plumbing */

/* A two-way channel between the worker and one child. */
struct chan { int down[2], up[2]; };

static void chan_open(struct chan *c) { SYS(pipe(c->down)); SYS(pipe(c->up)); }
static void chan_child(struct chan *c) { close(c->down[1]); close(c->up[0]); }
static void chan_parent(struct chan *c) { close(c->down[0]); close(c->up[1]); }
static void tell_child(struct chan *c) { write_all(c->down[1], "p", 1); }
static void tell_parent(struct chan *c) { write_all(c->up[1], "c", 1); }
static void hear_child(struct chan *c) { char b; read_exact(c->up[0], &b, 1); }
static void hear_parent(struct chan *c) { char b; read_exact(c->down[0], &b, 1); }

static int was_listed(int id, const int *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* Destroy every segment not in before[]; segments still attached (a child
 * on its way out) get 3 s. Returns how many there were. */
static int sweep(const int *before, int nbefore)
{
    int found = 0;
    for (int tries = 0; tries < 150; tries++) {
        int n = (int)SYS(shm_list(recs, MAX_RECS)), busy = 0;
        for (int i = 0; i < n; i++) {
            if (was_listed(recs[i].id, before, nbefore))
                continue;
            if (shm_destroy(recs[i].id) == 0)
                found++;
            else if (errno == EBUSY)
                busy++;
        }
        if (busy == 0)
            return found;
        sleep_ms(20);
    }
    diag("segments left attached after the test could not be destroyed");
    return found + 1;
}

/* Run body in a worker, then destroy what it left behind. Passes iff the
 * worker exited 0 and left no segment. */
static void guarded(void (*body)(void))
{
    static int before[MAX_RECS];
    int nbefore = (int)SYS(shm_list(recs, MAX_RECS));
    for (int i = 0; i < nbefore; i++)
        before[i] = recs[i].id;
    pid_t w = (pid_t)SYS(fork());
    if (w == 0) {
        body();
        _exit(0);
    }
    int st = wait_status(w);
    int left = sweep(before, nbefore);
    if (WIFSIGNALED(st))
        FAIL("the test body was killed by signal %d", WTERMSIG(st));
    if (WEXITSTATUS(st) != 0)
        _exit(WEXITSTATUS(st));
    if (left > 0)
        FAIL("the test left %d segment(s) behind", left);
}

#define GUARDED(body) static void body##_t(long arg) { (void)arg; guarded(body); }

/* fork + exec path with argv, its stdout into buf (NUL-terminated).
 * Returns the wait status; *pid gets the child's pid. */
static int run_capture(const char *path, char *const argv[], char *buf, size_t size, pid_t *pid)
{
    int p[2];
    SYS(pipe(p));
    *pid = (pid_t)SYS(fork());
    if (*pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        char *envp[] = { NULL };
        execve(path, argv, envp);
        diag("execve(%s) failed: %s", path, errname(errno));
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    for (;;) {
        ssize_t r = read(p[0], buf + len, size - 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            FAIL("read from %s: %s", path, errname(errno));
        if (r == 0 || (len += (size_t)r) == size - 1)
            break;
    }
    buf[len] = '\0';
    close(p[0]);
    return wait_status(*pid);
}

/* The next line of *cur (without its '\n'), or NULL at the end. */
static char *next_line(char **cur)
{
    char *line = *cur;
    if (*line == '\0')
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl != NULL) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = line + strlen(line);
    }
    return line;
}

/* ------------------------------------------------------------ data */

/* The lab's setup: the child attaches at ADDR_B, the parent at ADDR_A; each
 * sees what the other wrote, in both directions, on both pages. */
static void two_addresses(void)
{
    int id = create(8192);
    struct chan c;
    chan_open(&c);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        chan_child(&c);
        unsigned char *p = attach(id, ADDR_B);
        hear_parent(&c);
        verify(p, 4096, 1, "child, page 0 written by the parent");
        fill(p + 4096, 4096, 2);
        tell_parent(&c);
        hear_parent(&c);
        CHECK_EQ(p[4096 + 17], 'Z');
        detach(id);
        _exit(0);
    }
    chan_parent(&c);
    unsigned char *p = attach(id, ADDR_A);
    fill(p, 4096, 1);
    tell_child(&c);
    hear_child(&c);
    verify(p + 4096, 4096, 2, "parent, page 1 written by the child");
    p[4096 + 17] = 'Z';
    tell_child(&c);
    expect_exit(pid, 0);
    CHECK_EQ(nattch(id), 1);
    detach(id);
    destroy(id);
}
GUARDED(two_addresses)

/* <shmos.h>: shm_attach "returns that address". */
static void attach_returns_address(void)
{
    int id = create(4096);
    void *p = shm_attach(id, (void *)(uintptr_t)ADDR_A);
    CHECK(p != (void *)-1);
    if (p != (void *)(uintptr_t)ADDR_A)
        FAIL("shm_attach(id, 0x%x) returned %p, expected the address it mapped",
             ADDR_A, p);
    detach(id);
    destroy(id);
}
GUARDED(attach_returns_address)

/* 1 MiB: a child writes every byte, the parent checks every byte, and back. */
static void one_mib(void)
{
    const uint32_t size = 1u << 20;
    int id = create((int)size);
    const struct shminfo_rec *r = record_of(id);
    CHECK(r != NULL);
    CHECK_EQ(r->size, size);
    CHECK_EQ(r->npages, size / PAGE);
    for (unsigned round = 0; round < 2; round++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            unsigned char *p = attach(id, ADDR_B);
            if (round == 0)
                fill(p, size, 7);
            else
                verify(p, size, 8, "child, written by the parent");
            detach(id);
            _exit(0);
        }
        expect_exit(pid, 0);
        if (round == 0) {
            unsigned char *p = attach(id, ADDR_A);
            verify(p, size, 7, "parent, written by the child");
            fill(p, size, 8);
            detach(id);
        }
    }
    destroy(id);
}
GUARDED(one_mib)

/* New segments read as zero, even when they reuse a dirtied segment's pages. */
static void zero_filled(void)
{
    for (int round = 0; round < 3; round++) {
        int id = create(16 * PAGE);
        unsigned char *p = attach(id, ADDR_A);
        for (uint32_t i = 0; i < 16 * PAGE; i++)
            if (p[i] != 0)
                FAIL("round %d: new segment byte %u is 0x%x", round, (unsigned)i, p[i]);
        memset(p, 0xa5, 16 * PAGE);
        detach(id);
        destroy(id);
    }
}
GUARDED(zero_filled)

/* shm_create(1) holds one page: byte 4095 works, byte 4096 (read or write)
 * kills the child with SIGSEGV. */
static void rounded_to_page(void)
{
    int id = create(1);
    const struct shminfo_rec *r = record_of(id);
    CHECK(r != NULL);
    CHECK_EQ(r->size, 1);
    CHECK_EQ(r->npages, 1);
    for (int write = 0; write < 2; write++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            unsigned char *p = attach(id, ADDR_C);
            p[0] = 's';
            p[4095] = (unsigned char)('e' + write);
            CHECK_EQ(p[4095], 'e' + write);
            volatile unsigned char *beyond = opaque(p + 4096);
            if (write)
                *beyond = 1;
            else
                (void)*beyond;
            diag("%s byte 4096 of a 1-byte segment did not fault", write ? "writing" : "reading");
            _exit(0);
        }
        expect_killed(pid, SIGSEGV);
    }
    CHECK_EQ(nattch(id), 0);
    unsigned char *p = attach(id, ADDR_A);
    CHECK_EQ(p[0], 's');
    CHECK_EQ(p[4095], 'f');
    detach(id);
    destroy(id);
}
GUARDED(rounded_to_page)

/* ------------------------------------------------------------ argument checks */

static void create_bad_size(void)
{
    long fp = free_pages(), n = nshm();
    EXPECT_ERR(shm_create(0), EINVAL);
    EXPECT_ERR(shm_create(-1), EINVAL);
    EXPECT_ERR(shm_create(-4096), EINVAL);
    EXPECT_ERR(shm_create(INT_MIN), EINVAL);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), n);
}
GUARDED(create_bad_size)

static void create_limit(void)
{
    long fp = free_pages(), n = nshm();
    EXPECT_ERR(shm_create(MAX_SEGMENT + 1), EINVAL);
    EXPECT_ERR(shm_create(MAX_SEGMENT + 4096), EINVAL);
    EXPECT_ERR(shm_create(2 * MAX_SEGMENT), EINVAL);
    EXPECT_ERR(shm_create(INT_MAX), EINVAL);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), n);
    int id = create(MAX_SEGMENT);
    CHECK_EQ(record_of(id)->npages, MAX_SEGMENT / PAGE);
    unsigned char *p = attach(id, ADDR_A);
    p[0] = 1;
    p[MAX_SEGMENT - 1] = 2;
    CHECK_EQ(p[0] + p[MAX_SEGMENT - 1], 3);
    detach(id);
    destroy(id);
    CHECK_EQ(free_pages(), fp);
}
GUARDED(create_limit)

static void attach_null_unaligned(void)
{
    int id = create(PAGE);
    attach_fails(id, 0, EINVAL, 0, "at 0");
    attach_fails(id, 1, EINVAL, 0, "at 1");
    attach_fails(id, ADDR_A + 1, EINVAL, 0, "unaligned");
    attach_fails(id, ADDR_A + 0x800, EINVAL, 0, "half a page in");
    attach_fails(id, ADDR_A - 1, EINVAL, 0, "one byte below a page");
    attach(id, ADDR_A)[0] = 1;
    detach(id);
    destroy(id);
}
GUARDED(attach_null_unaligned)

static int data_marker = 4242;

static void attach_over_program(void)
{
    int id = create(PAGE), id2 = create(2 * PAGE);
    uint32_t text = (uint32_t)(uintptr_t)&main & ~(uint32_t)(PAGE - 1);
    uint32_t data = (uint32_t)(uintptr_t)&data_marker & ~(uint32_t)(PAGE - 1);
    attach_fails(id, text, EINVAL, 0, "over main's page");
    attach_fails(id, USER_TEXT_BASE, EINVAL, 0, "at the start of the program");
    attach_fails(id2, USER_TEXT_BASE - PAGE, EINVAL, 0, "across the start of the program");
    attach_fails(id, data, EINVAL, 0, "over initialised data");
    CHECK_EQ(data_marker, 4242);
    data_marker = 1;
    CHECK_EQ(data_marker, 1);
    destroy(id);
    destroy(id2);
}
GUARDED(attach_over_program)

/* Touch n KiB of fresh stack below the caller's frame. */
static void __attribute__((noinline)) use_stack(int kib)
{
    volatile char buf[1024];
    buf[0] = (char)kib;
    buf[sizeof buf - 1] = (char)kib;
    if (kib > 1)
        use_stack(kib - 1);
    CHECK_EQ(buf[0] + buf[sizeof buf - 1], 2 * (char)kib);
}

static void attach_over_stack(void)
{
    int id = create(PAGE), id2 = create(2 * PAGE);
    volatile char here = 1;
    uint32_t sp = (uint32_t)(uintptr_t)&here & ~(uint32_t)(PAGE - 1);
    attach_fails(id, USER_STACK_BOTTOM, EINVAL, 0, "at the stack bottom 0xBFF00000");
    attach_fails(id, USER_STACK_TOP - PAGE, EINVAL, 0, "just below 0xC0000000");
    attach_fails(id, sp, EINVAL, 0, "over the live stack page");
    attach_fails(id, USER_STACK_BOTTOM - PAGE, EINVAL, 0, "over the stack guard page");
    attach_fails(id2, USER_STACK_BOTTOM - 2 * PAGE, EINVAL, 0, "across the guard page");
    use_stack(128);
    CHECK_EQ(here, 1);
    destroy(id);
    destroy(id2);
}
GUARDED(attach_over_stack)

static void attach_over_heap(void)
{
    int id = create(PAGE), id2 = create(2 * PAGE);
    char *edge = heap_edge();
    char *grown = sbrk(4 * PAGE);
    CHECK(grown == edge);
    memset(grown, 'h', 4 * PAGE);
    char *brk = sbrk(0);
    uint32_t top = (uint32_t)(uintptr_t)brk;
    attach_fails(id, top - PAGE, EINVAL, 0, "over the last heap page");
    attach_fails(id, top - 3 * PAGE, EINVAL, 0, "inside the heap");
    attach_fails(id2, top - PAGE, EINVAL, 0, "across the break");
    for (int i = 0; i < 4 * (int)PAGE; i++)
        if (grown[i] != 'h')
            FAIL("heap byte %d changed", i);
    destroy(id);
    destroy(id2);
}
GUARDED(attach_over_heap)

static void attach_over_attachment(void)
{
    int a = create(2 * PAGE), b = create(2 * PAGE);
    unsigned char *pa = attach(a, ADDR_A);
    pa[0] = 'a';
    pa[PAGE] = 'A';
    attach_fails(b, ADDR_A, EINVAL, 0, "at the same address");
    attach_fails(b, ADDR_A + PAGE, EINVAL, 0, "over the other's last page");
    attach_fails(b, ADDR_A - PAGE, EINVAL, 0, "over the other's first page");
    CHECK_EQ(nattch(a), 1);
    unsigned char *pb = attach(b, ADDR_A + 2 * PAGE);    /* adjacent is fine */
    pb[0] = 'b';
    CHECK_EQ(pa[0], 'a');
    CHECK_EQ(pa[PAGE], 'A');
    CHECK_EQ(pa[2 * PAGE], 'b');
    detach(a);
    detach(b);
    destroy(a);
    destroy(b);
}
GUARDED(attach_over_attachment)

static void attach_kernel(void)
{
    int id = create(PAGE), id2 = create(2 * PAGE);
    attach_fails(id, KERNBASE, EINVAL, 0, "at 0xC0000000");
    attach_fails(id, KERNBASE + PAGE, EINVAL, 0, "at 0xC0001000");
    attach_fails(id, 0xFFFFF000u, EINVAL, 0, "at the last page");
    attach_fails(id2, KERNBASE - PAGE, EINVAL, 0, "across 0xC0000000 (0xBFFFF000, 2 pages)");
    attach_fails(id2, 0xFFFFF000u, EINVAL, 0, "wrapping around 4 GiB");
    destroy(id);
    destroy(id2);
}
GUARDED(attach_kernel)

static void attach_twice(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A)[0] = 't';
    attach_fails(id, ADDR_B, EINVAL, 1, "a second time in the same process");
    attach_fails(id, ADDR_A, EINVAL, 1, "a second time at the same address");
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {   /* the inherited attachment counts too */
        attach_fails(id, ADDR_B, EINVAL, 2, "in a child that inherited it");
        _exit(0);
    }
    expect_exit(pid, 0);
    CHECK_EQ(((unsigned char *)(uintptr_t)ADDR_A)[0], 't');
    detach(id);
    destroy(id);
}
GUARDED(attach_twice)

/* ------------------------------------------------------------ ids */

static void bad_ids(void)
{
    int gone = create(PAGE);
    destroy(gone);
    int live = create(PAGE);
    attach(live, ADDR_A)[0] = 'L';
    if (record_of(12345) != NULL)
        FAIL("12345 happens to be a live id: pick another never-created id");
    const int bad[] = { -1, INT_MIN, 0, 0x7fffffff, 12345, gone, live + TABLE_SIZE };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_ERR(shm_attach(bad[i], (void *)(uintptr_t)ADDR_B), EINVAL);
        EXPECT_ERR(shm_detach(bad[i]), EINVAL);
        EXPECT_ERR(shm_destroy(bad[i]), EINVAL);
    }
    CHECK_EQ(nattch(live), 1);
    CHECK_EQ(((unsigned char *)(uintptr_t)ADDR_A)[0], 'L');
    detach(live);
    destroy(live);
}
GUARDED(bad_ids)

/* A segment created right after another is destroyed takes its slot (the
 * lowest free one) with a new sequence number: the old id reaches nothing. */
static void stale_id(void)
{
    int old = create(PAGE);
    destroy(old);
    int id = create(PAGE);
    if (id % TABLE_SIZE != old % TABLE_SIZE || id == old)
        FAIL("ids %d then %d: expected the same slot with a new sequence", old, id);
    unsigned char *p = attach(id, ADDR_A);
    p[0] = 'n';
    EXPECT_ERR(shm_attach(old, (void *)(uintptr_t)ADDR_B), EINVAL);
    EXPECT_ERR(shm_detach(old), EINVAL);
    EXPECT_ERR(shm_destroy(old), EINVAL);
    CHECK_EQ(nattch(id), 1);
    CHECK_EQ(p[0], 'n');
    detach(id);
    EXPECT_ERR(shm_destroy(old), EINVAL);
    CHECK(record_of(id) != NULL);
    destroy(id);
}
GUARDED(stale_id)

static void detach_not_attached(void)
{
    int id = create(PAGE);
    EXPECT_ERR(shm_detach(id), EINVAL);
    struct chan c;
    chan_open(&c);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        chan_child(&c);
        attach(id, ADDR_B)[0] = 'c';
        tell_parent(&c);
        hear_parent(&c);
        CHECK_EQ(((unsigned char *)(uintptr_t)ADDR_B)[0], 'c');
        _exit(0);
    }
    chan_parent(&c);
    hear_child(&c);
    EXPECT_ERR(shm_detach(id), EINVAL);    /* attached, but in another process */
    CHECK_EQ(nattch(id), 1);
    tell_child(&c);
    expect_exit(pid, 0);
    CHECK_EQ(nattch(id), 0);
    destroy(id);
}
GUARDED(detach_not_attached)

static void detach_twice(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A);
    detach(id);
    EXPECT_ERR(shm_detach(id), EINVAL);
    CHECK_EQ(nattch(id), 0);
    attach(id, ADDR_B);             /* a new attachment after detaching is fine */
    detach(id);
    destroy(id);
}
GUARDED(detach_twice)

/* ------------------------------------------------------------ lifetime */

static void destroy_busy(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A)[0] = 'k';
    EXPECT_ERR(shm_destroy(id), EBUSY);
    CHECK_EQ(nattch(id), 1);
    CHECK_EQ(((unsigned char *)(uintptr_t)ADDR_A)[0], 'k');
    detach(id);
    destroy(id);
    CHECK(record_of(id) == NULL);
    EXPECT_ERR(shm_destroy(id), EINVAL);
}
GUARDED(destroy_busy)

static void destroy_busy_child(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A);
    struct chan c;
    chan_open(&c);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        chan_child(&c);
        tell_parent(&c);
        hear_parent(&c);
        _exit(0);
    }
    chan_parent(&c);
    hear_child(&c);
    detach(id);
    EXPECT_ERR(shm_destroy(id), EBUSY);
    sleep_ms(50);
    EXPECT_ERR(shm_destroy(id), EBUSY);
    CHECK_EQ(nattch(id), 1);
    tell_child(&c);
    expect_exit(pid, 0);
    CHECK_EQ(nattch(id), 0);
    destroy(id);
}
GUARDED(destroy_busy_child)

/* A child attaches, writes, then ends in the way given; its attachment must
 * be gone afterwards and what it wrote must stay. how: 0 exit, 1 fault, 2 kill. */
static void child_ends_attached(int how)
{
    int id = create(PAGE);
    struct chan c;
    chan_open(&c);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        chan_child(&c);
        attach(id, ADDR_B)[0] = (unsigned char)('0' + how);
        tell_parent(&c);
        if (how == 1)
            *(volatile int *)NULLPTR = 1;
        if (how == 2)
            hear_parent(&c);    /* blocks until killed */
        _exit(0);
    }
    chan_parent(&c);
    hear_child(&c);
    if (how == 2)
        SYS(kill(pid, SIGKILL));
    if (how == 0)
        expect_exit(pid, 0);
    else
        expect_killed(pid, how == 1 ? SIGSEGV : SIGKILL);
    CHECK_EQ(nattch(id), 0);
    CHECK_EQ(attach(id, ADDR_A)[0], '0' + how);
    detach(id);
    destroy(id);
}

static void exit_releases(void) { child_ends_attached(0); }
static void fault_releases(void) { child_ends_attached(1); }
static void kill_releases(void) { child_ends_attached(2); }
GUARDED(exit_releases)
GUARDED(fault_releases)
GUARDED(kill_releases)

#define NCHILDREN 20

/* 20 children inherit the attachment: same address, same data; each writes
 * its slot; nattch is 21 while they all live, 1 once they are gone. */
static void fork_inherits(void)
{
    int id = create(2 * PAGE);
    int *words = (int *)attach(id, ADDR_A);
    for (int i = 0; i < 1024; i++)
        words[i] = 1000 + i;
    int ready[2], go[2];
    SYS(pipe(ready));
    SYS(pipe(go));
    pid_t pids[NCHILDREN];
    for (int k = 0; k < NCHILDREN; k++) {
        pids[k] = (pid_t)SYS(fork());
        if (pids[k] == 0) {
            close(ready[0]);
            close(go[1]);
            for (int i = 0; i < 1024; i++)
                if (words[i] != 1000 + i)
                    FAIL("child %d: word %d is %d, expected %d", k, i, words[i], 1000 + i);
            words[1024 + k] = 5000 + k;
            write_all(ready[1], "r", 1);
            close(ready[1]);
            char b;
            CHECK_EQ(read(go[0], &b, 1), 0);   /* EOF: the parent is done */
            _exit(0);
        }
    }
    close(ready[1]);
    close(go[0]);
    char all[NCHILDREN];
    read_exact(ready[0], all, NCHILDREN);
    CHECK_EQ(nattch(id), NCHILDREN + 1);
    close(go[1]);
    for (int k = 0; k < NCHILDREN; k++)
        expect_exit(pids[k], 0);
    CHECK_EQ(nattch(id), 1);
    for (int k = 0; k < NCHILDREN; k++)
        if (words[1024 + k] != 5000 + k)
            FAIL("slot of child %d is %d, expected %d", k, words[1024 + k], 5000 + k);
    detach(id);
    destroy(id);
}
GUARDED(fork_inherits)

/* A child's detach (and exit) leave the parent's attachment alone. */
static void child_detach_private(void)
{
    int id = create(PAGE);
    unsigned char *p = attach(id, ADDR_A);
    p[0] = 'q';
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        detach(id);
        EXPECT_ERR(shm_detach(id), EINVAL);
        _exit(0);
    }
    expect_exit(pid, 0);
    CHECK_EQ(nattch(id), 1);
    CHECK_EQ(p[0], 'q');
    p[1] = 'r';
    detach(id);
    destroy(id);
}
GUARDED(child_detach_private)

/* Find segment id in ipcs output; returns its nattch column, -1 if absent. */
static long ipcs_nattch(char *out, int id, char **last)
{
    long found = -1;
    char *cur = out, *line;
    while ((line = next_line(&cur)) != NULL) {
        *last = line;
        char *tok[8];
        int n = 0;
        for (char *s = line; *s != '\0' && n < 8;) {
            while (*s == ' ')
                *s++ = '\0';
            if (*s == '\0')
                break;
            tok[n++] = s;
            while (*s != ' ' && *s != '\0')
                s++;
        }
        if (n == 7 && parse_long(tok[0]) == id) {
            found = parse_long(tok[3]);
            if (strcmp(tok[6], "-") != 0)
                FAIL("ipcs status of %d is '%s', expected '-'", id, tok[6]);
        }
    }
    return found;
}

/* The child execs /bin/ipcs, whose listing is made by the new image, while
 * it is alive: exec must already have dropped the inherited attachment. */
static void exec_detaches(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A);
    static char out[8192];
    char *argv[] = { "ipcs", NULL };
    pid_t pid;
    int st = run_capture("/bin/ipcs", argv, out, sizeof out, &pid);
    CHECK_EQ(st, 0);
    char *last = NULL;
    long n = ipcs_nattch(out, id, &last);
    if (n != 1)
        FAIL("ipcs run by the exec'd child shows nattch %ld for %d, expected 1", n, id);
    CHECK_EQ(nattch(id), 1);
    detach(id);
    destroy(id);
}
GUARDED(exec_detaches)

/* ------------------------------------------------------------ address space */

static void sbrk_blocked(void)
{
    char *edge = heap_edge();
    int id = create(PAGE);
    unsigned char *p = attach(id, (uint32_t)(uintptr_t)edge);
    p[0] = 'S';
    EXPECT_ERR(sbrk(PAGE), ENOMEM);
    CHECK((char *)sbrk(0) == edge);
    EXPECT_ERR(sbrk(1), ENOMEM);
    EXPECT_ERR(sbrk(16 * PAGE), ENOMEM);
    CHECK((char *)sbrk(0) == edge);
    CHECK_EQ(p[0], 'S');
    CHECK_EQ(edge[-1], edge[-1]);        /* the last heap page is still there */
    detach(id);
    char *grown = sbrk(PAGE);
    CHECK(grown == edge);
    CHECK_EQ(grown[0], 0);               /* a fresh heap page, not the segment's */
    destroy(id);
}
GUARDED(sbrk_blocked)

/* A child detaches the inherited segment and touches it: only the child dies. */
static void touch_after_detach(int write)
{
    int id = create(PAGE);
    unsigned char *p = attach(id, ADDR_A);
    p[0] = 'x';
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        detach(id);
        volatile unsigned char *q = opaque(p);
        if (write)
            *q = 'y';
        else
            (void)*q;
        diag("%s a detached address did not fault", write ? "writing" : "reading");
        _exit(0);
    }
    expect_killed(pid, SIGSEGV);
    CHECK_EQ(p[0], 'x');
    CHECK_EQ(nattch(id), 1);
    detach(id);
    destroy(id);
}

static void read_after_detach(void) { touch_after_detach(0); }
static void write_after_detach(void) { touch_after_detach(1); }
GUARDED(read_after_detach)
GUARDED(write_after_detach)

/* The kernel's copyin/copyout reach the segment's pages through the region. */
static void syscalls_on_segment(void)
{
    int id = create(2 * PAGE);
    unsigned char *p = attach(id, ADDR_A);
    static unsigned char buf[2 * PAGE];
    int fds[2];
    SYS(pipe(fds));
    fill(p, PAGE, 3);
    CHECK_EQ(write(fds[1], p, PAGE), PAGE);            /* copyin from the segment */
    read_exact(fds[0], buf, PAGE);
    verify(buf, PAGE, 3, "read back what write() took from the segment");
    fill(buf, PAGE, 4);
    write_all(fds[1], buf, PAGE);
    CHECK_EQ(read(fds[0], p + PAGE, PAGE), PAGE);     /* copyout into the segment */
    verify(p + PAGE, PAGE, 4, "what read() put into the segment");
    write_all(fds[1], p + PAGE - 100, 200);            /* across the page boundary */
    read_exact(fds[0], buf, 200);
    CHECK(memcmp(buf, p + PAGE - 100, 200) == 0);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {   /* another attachment sees what read() stored */
        detach(id);
        verify(attach(id, ADDR_B) + PAGE, PAGE, 4, "child, data stored by read()");
        _exit(0);
    }
    expect_exit(pid, 0);
    close(fds[0]);
    close(fds[1]);
    detach(id);
    destroy(id);
}
GUARDED(syscalls_on_segment)

static void syscalls_on_detached(void)
{
    int id = create(PAGE);
    unsigned char *p = attach(id, ADDR_A);
    detach(id);
    int fds[2];
    SYS(pipe(fds));
    write_all(fds[1], "data", 4);
    EXPECT_ERR(read(fds[0], p, 4), EFAULT);
    EXPECT_ERR(write(fds[1], p, 4), EFAULT);
    close(fds[0]);
    close(fds[1]);
    destroy(id);
}
GUARDED(syscalls_on_detached)

/* ------------------------------------------------------------ resources */

static void one_cycle(int i)
{
    int id = shm_create((int)PAGE * (1 + i % 3));
    if (id < 0)
        FAIL("cycle %d: shm_create: %s", i, errname(errno));
    volatile int *w = shm_attach(id, (void *)(uintptr_t)ADDR_A);
    if (w == (void *)-1)
        FAIL("cycle %d: shm_attach: %s", i, errname(errno));
    w = (volatile int *)(uintptr_t)ADDR_A;
    if (w[i % 1024] != 0)
        FAIL("cycle %d: new segment not zero", i);
    w[i % 1024] = i;
    if (w[i % 1024] != i || shm_detach(id) != 0 || shm_destroy(id) != 0)
        FAIL("cycle %d: write, detach or destroy failed: %s", i, errname(errno));
}

static void many_cycles(void)
{
    use_stack(16);
    for (int i = 0; i < 3; i++)     /* page tables for ADDR_A, stack pages */
        one_cycle(i);
    long fp = free_pages(), n = nshm();
    for (int i = 0; i < 10000; i++)
        one_cycle(i);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), n);
}
GUARDED(many_cycles)

static int ids[1024];

static void fill_table(void)
{
    use_stack(16);
    long fp = free_pages(), start = nshm();
    int n = 0;
    for (;;) {
        errno = 0;
        int id = shm_create(PAGE);
        if (id == -1) {
            CHECK_EQ(errno, ENOSPC);
            break;
        }
        if (n == 1024)
            FAIL("no ENOSPC after 1024 segments");
        ids[n++] = id;
    }
    diag("%d segments created (%ld existed before), then ENOSPC", n, start);
    CHECK(start + n >= TABLE_SIZE);
    CHECK_EQ(nshm(), start + n);
    long full = free_pages();
    EXPECT_ERR(shm_create(MAX_SEGMENT), ENOSPC);      /* not ENOMEM, nothing allocated */
    CHECK_EQ(free_pages(), full);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (ids[i] == ids[j])
                FAIL("id %d handed out twice", ids[i]);
    for (int i = 0; i < n; i++)
        destroy(ids[i]);
    CHECK_EQ(nshm(), start);
    CHECK_EQ(free_pages(), fp);
    for (int i = 0; i < n; i++)
        EXPECT_ERR(shm_attach(ids[i], (void *)(uintptr_t)ADDR_A), EINVAL);
    for (int i = 0; i < n; i++) {
        int id = create(PAGE);
        attach(id, ADDR_A)[0] = (unsigned char)i;
        detach(id);
        ids[i] = id;
    }
    for (int i = 0; i < n; i++)
        destroy(ids[i]);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), start);
}
GUARDED(fill_table)

/* 4 MiB segments until memory runs out: 64 of them would need 256 MiB, more
 * than the machine has, so ENOMEM must come before the table fills. */
static void out_of_memory(void)
{
    use_stack(16);
    const long per = MAX_SEGMENT / PAGE + 1;   /* pages + the page list */
    struct meminfo mi = mem();
    int table_first = (long)mi.total_pages >= (TABLE_SIZE - (long)mi.nshm) * per;
    long fp = free_pages();
    int n = 0;
    for (;;) {
        long before = free_pages();
        errno = 0;
        int id = shm_create(MAX_SEGMENT);
        if (id == -1) {
            int e = errno;
            if (e != ENOMEM && !(table_first && e == ENOSPC))
                FAIL("segment %d: %s, expected ENOMEM", n, errname(e));
            CHECK_EQ(free_pages(), before);           /* the failed call kept nothing */
            if (e == ENOMEM && before >= per)
                FAIL("ENOMEM with %ld free pages, enough for a segment", before);
            break;
        }
        ids[n++] = id;
        if (free_pages() > before - (per - 1))
            FAIL("a 4 MiB segment took only %ld pages", before - free_pages());
        if (n == 1024)
            FAIL("no error after 1024 segments of 4 MiB");
    }
    diag("%d segments of 4 MiB, then %s with %ld of %u pages free",
         n, errname(errno), free_pages(), (unsigned)mi.total_pages);
    for (int i = 0; i < n; i++)
        destroy(ids[i]);
    CHECK_EQ(free_pages(), fp);
    int id = create(MAX_SEGMENT);
    attach(id, ADDR_A)[MAX_SEGMENT - 1] = 1;
    detach(id);
    destroy(id);
    CHECK_EQ(free_pages(), fp);
}
GUARDED(out_of_memory)

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

static void lab_program(void)
{
    long n = nshm();
    static char out[8192];
    char *argv[] = { "shm", NULL };
    pid_t pid;
    int st = run_capture("/bin/shm", argv, out, sizeof out, &pid);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("/bin/shm: wait status 0x%x, expected exit 0; output:\n%s", st, out);
    char *cur = out, *line = next_line(&cur);
    if (line == NULL || strcmp(line, "the shm command started with 1 parameters") != 0)
        FAIL("first line is '%s'", line ? line : "(none)");
    long child = -1;
    for (size_t i = 0; i < sizeof lab_trace / sizeof lab_trace[0]; i++) {
        char masked[128];
        if ((line = next_line(&cur)) == NULL)
            FAIL("trace stops before line %u: '%s'", (unsigned)i + 2, lab_trace[i]);
        long who = mask_line(line, masked, sizeof masked);
        if (who < 0 || strcmp(masked, lab_trace[i]) != 0)
            FAIL("line %u is '%s', expected '%s'", (unsigned)i + 2, line, lab_trace[i]);
        if (masked[1] == 'p' && who != pid)
            FAIL("line %u: parent pid %ld, expected %d", (unsigned)i + 2, who, (int)pid);
        if (masked[1] == 'c' && (who == pid || (child != -1 && who != child)))
            FAIL("line %u: child pid %ld (parent %d, child so far %ld)",
                 (unsigned)i + 2, who, (int)pid, child);
        if (masked[1] == 'c')
            child = who;
    }
    if ((line = next_line(&cur)) != NULL)
        FAIL("extra output line '%s'", line);
    CHECK_EQ(nshm(), n);
}
GUARDED(lab_program)

static void lab_program_global(void)
{
    long n = nshm();
    static char out[8192];
    char *argv[] = { "shm", "--global", NULL };
    pid_t pid;
    int st = run_capture("/bin/shm", argv, out, sizeof out, &pid);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 3)
        FAIL("/bin/shm --global: wait status 0x%x, expected exit 3; output:\n%s", st, out);
    int gave_up = 0, destroyed = 0;
    char *cur = out, *line, masked[160];
    while ((line = next_line(&cur)) != NULL) {
        if (mask_line(line, masked, sizeof masked) < 0)
            continue;
        gave_up += strstr(masked, "store to the global variable was never seen") != NULL;
        destroyed += strcmp(masked, "[parent P] destroyed the segment") == 0;
    }
    CHECK_EQ(gave_up, 2);
    CHECK_EQ(destroyed, 1);
    CHECK_EQ(nshm(), n);
}
GUARDED(lab_program_global)

static void ipcs_lists(void)
{
    int id = create(5000);
    attach(id, ADDR_A);
    static char out[8192];
    char *argv[] = { "ipcs", NULL };
    pid_t pid;
    CHECK_EQ(run_capture("/bin/ipcs", argv, out, sizeof out, &pid), 0);
    char want[128];
    fmt(want, sizeof want, "%d 5000 2 1 %d 0x00000000 -", id, (int)getpid());
    char *cur = out, *line, *last = NULL;
    int seen = 0, header = 0;
    while ((line = next_line(&cur)) != NULL) {
        char squeezed[160];
        size_t k = 0;
        for (const char *s = line; *s != '\0' && k + 1 < sizeof squeezed; s++)
            if (*s != ' ' || (k > 0 && squeezed[k - 1] != ' '))
                squeezed[k++] = *s;
        squeezed[k] = '\0';
        header += strcmp(squeezed, "id size pages nattch cpid key status") == 0;
        seen += strcmp(squeezed, want) == 0;
        last = line;
    }
    if (header != 1 || seen != 1)
        FAIL("ipcs output lacks the header or '%s':\n%s", want, out);
    if (last == NULL || strncmp(last, "free pages: ", 12) != 0)
        FAIL("the last line of ipcs is '%s'", last ? last : "(none)");
    detach(id);
    destroy(id);
}
GUARDED(ipcs_lists)

#define T(body) body##_t
#else
#define T(body) NULL
#endif

#define SHM(name, body, timeout) { name, T(body), 0, 0, timeout, SHMOS_ONLY(SKIP_REASON) }

static const struct test tests[] = {
    SHM("shm: data written at 0x10000000 is read by another process at 0x20000000", two_addresses, 0),
    SHM("shm: attach returns the address it mapped", attach_returns_address, 0),
    SHM("shm: a 1 MiB segment round-trips a pattern on every page", one_mib, 60),
    SHM("shm: new segments are zero-filled, also after reuse", zero_filled, 0),
    SHM("shm: size rounds up to a page: byte 4095 works, byte 4096 SIGSEGV", rounded_to_page, 0),
    SHM("shm: create with size 0 or negative gives EINVAL", create_bad_size, 0),
    SHM("shm: create above 4 MiB gives EINVAL, exactly 4 MiB works", create_limit, 0),
    SHM("shm: attach at 0 or unaligned gives EINVAL", attach_null_unaligned, 0),
    SHM("shm: attach over program text or data gives EINVAL", attach_over_program, 0),
    SHM("shm: attach over the stack or its guard gives EINVAL", attach_over_stack, 0),
    SHM("shm: attach over the heap gives EINVAL", attach_over_heap, 0),
    SHM("shm: attach over another attachment gives EINVAL", attach_over_attachment, 0),
    SHM("shm: attach at or across the kernel base gives EINVAL", attach_kernel, 0),
    SHM("shm: the same segment twice in one process gives EINVAL", attach_twice, 0),
    SHM("shm: bad ids give EINVAL for attach, detach and destroy", bad_ids, 0),
    SHM("shm: a stale id does not reach the segment reusing its slot", stale_id, 0),
    SHM("shm: detach of a segment not attached gives EINVAL", detach_not_attached, 0),
    SHM("shm: detach twice gives EINVAL the second time", detach_twice, 0),
    SHM("shm: destroy while attached gives EBUSY, works after detach", destroy_busy, 0),
    SHM("shm: destroy while only a child is attached gives EBUSY until it exits", destroy_busy_child, 0),
    SHM("shm: exit while attached releases the attachment", exit_releases, 0),
    SHM("shm: death by SIGSEGV while attached releases the attachment", fault_releases, 0),
    SHM("shm: death by kill() while attached releases the attachment", kill_releases, 0),
    SHM("shm: 20 children inherit the attachment, nattch 21 then 1", fork_inherits, 60),
    SHM("shm: a child's detach leaves the parent's attachment", child_detach_private, 0),
    SHM("shm: exec detaches (nattch seen by the new image)", exec_detaches, 0),
    SHM("shm: sbrk cannot grow the heap over an attachment (ENOMEM)", sbrk_blocked, 0),
    SHM("shm: reading after detach kills only that process (SIGSEGV)", read_after_detach, 0),
    SHM("shm: writing after detach kills only that process (SIGSEGV)", write_after_detach, 0),
    SHM("shm: read() into and write() from a segment work", syscalls_on_segment, 0),
    SHM("shm: read() or write() on a detached address gives EFAULT", syscalls_on_detached, 0),
    SHM("shm: 10000 create/attach/detach/destroy cycles leak no page", many_cycles, 240),
    SHM("shm: the table fills with ENOSPC after 64 and is reusable", fill_table, 60),
    SHM("shm: out of memory gives ENOMEM and leaks no page", out_of_memory, 120),
    SHM("shm: /bin/shm prints the lab trace in order and exits 0", lab_program, 60),
    SHM("shm: /bin/shm --global never sees the other's store (exit 3)", lab_program_global, 60),
    SHM("shm: /bin/ipcs lists a segment and the free pages", ipcs_lists, 0),
};
TEST_GROUP(shm_xv6_tests, tests);
