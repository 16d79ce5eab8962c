/* Shared-memory tests for the xv6 lab's calls (shm_create, shm_attach,
 * shm_detach, shm_destroy), looking at the kernel's side through shm_list
 * (attach counts) and meminfo (free pages). shmos-only: SKIP on Linux.
 *
 * Every test body runs in a worker forked by run_guarded(). When the worker
 * is gone, run_guarded() destroys whatever segment the body left behind, even
 * after a failed check, so one failure cannot cascade into the next tests or
 * the suite's leak check; a passing body that forgot a segment fails.
 * Children talk to the worker through pipes whose unused ends are closed, so
 * a child that dies gives the other side EOF instead of a hang. */
#include "shm_util.h"

#ifdef __shmos__
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
        verify(p, PAGE, 1, "child, page 0 written by the parent");
        fill(p + PAGE, PAGE, 2);
        tell_parent(&c);
        hear_parent(&c);
        CHECK_EQ(p[PAGE + 17], 'Z');
        detach(id);
        _exit(0);
    }
    chan_parent(&c);
    unsigned char *p = attach(id, ADDR_A);
    fill(p, PAGE, 1);
    tell_child(&c);
    hear_child(&c);
    verify(p + PAGE, PAGE, 2, "parent, page 1 written by the child");
    p[PAGE + 17] = 'Z';
    tell_child(&c);
    expect_exit(pid, 0);
    CHECK_EQ(nattch(id), 1);
    release(id);
}

/* <shmos.h>: shm_attach "returns that address". */
static void attach_returns_zero(void)
{
    int id = create(PAGE);
    int r = shm_attach(id, at(ADDR_A));
    if (r != 0)
        FAIL("shm_attach(id, 0x%x) returned %d, expected 0", ADDR_A, r);
    release(id);
}

/* 1 MiB: a child writes every byte, the parent checks every byte, and back. */
static void one_mib(void)
{
    const uint32_t size = 1u << 20;
    int id = create((int)size);
    CHECK(record_of(id)->size == size && record_of(id)->npages == size / PAGE);
    for (unsigned round = 0; round < 2; round++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            unsigned char *p = attach(id, ADDR_B);
            if (round == 0)
                fill(p, size, 7);
            else
                verify(p, size, 8, "child, written by the parent");
            _exit(0);
        }
        expect_exit(pid, 0);
        if (round == 0) {
            verify(attach(id, ADDR_A), size, 7, "parent, written by the child");
            fill(at(ADDR_A), size, 8);
            detach(id);
        }
    }
    destroy(id);
}

/* New segments read as zero, also when they reuse a dirtied segment's pages. */
static void zero_filled(void)
{
    for (int round = 0; round < 3; round++) {
        int id = create(16 * PAGE);
        unsigned char *p = attach(id, ADDR_A);
        for (uint32_t i = 0; i < 16 * PAGE; i++)
            if (p[i] != 0)
                FAIL("round %d: new segment byte %u is 0x%x", round, (unsigned)i, p[i]);
        memset(p, 0xa5, 16 * PAGE);
        release(id);
    }
}

/* shm_create(1) holds one page: byte 4095 works, reading or writing byte
 * 4096 kills the child with SIGSEGV. */
static void rounded_to_page(void)
{
    int id = create(1);
    CHECK(record_of(id)->size == 1 && record_of(id)->npages == 1);
    for (int write = 0; write < 2; write++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            unsigned char *p = attach(id, ADDR_C);
            p[0] = 's';
            p[4095] = (unsigned char)('e' + write);
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
    CHECK(attach(id, ADDR_A)[0] == 's' && at(ADDR_A)[4095] == 'f');
    release(id);
}

/* ------------------------------------------------------------ argument checks */

/* Every size in bad[] gives EINVAL without allocating anything. */
static void creates_fail(const int *bad, size_t n)
{
    long fp = free_pages(), count = nshm();
    for (size_t i = 0; i < n; i++)
        if (shm_create(bad[i]) != -1 || errno != EINVAL)
            FAIL("shm_create(%d) did not fail with EINVAL (errno %s)", bad[i], errname(errno));
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(nshm(), count);
}

static void create_bad_size(void)
{
    static const int bad[] = { 0, -1, -4096, INT_MIN };
    creates_fail(bad, sizeof bad / sizeof bad[0]);
}

static void create_limit(void)
{
    static const int bad[] = { SEG_LIMIT + 1, SEG_LIMIT + 4096, INT_MAX };
    enum { BIG = 2 * MAX_SEGMENT + 3 * (int)PAGE };     /* past 4 MiB: two levels of page tables */
    warm_up();
    int warm = create(BIG);             /* warms the caches an attachment uses */
    attach(warm, ADDR_A);
    release(warm);
    long fp = free_pages(), avail = avail_pages();
    creates_fail(bad, sizeof bad / sizeof bad[0]);
    EXPECT_ERR(shm_create(SEG_LIMIT), ENOMEM);          /* more than memory */
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(avail_pages(), avail);
    int id = create(BIG);
    CHECK_EQ(record_of(id)->npages, BIG / PAGE);
    /* Promised, not taken: the pages come on first touch. */
    CHECK_EQ(avail_pages(), avail - promise_of(BIG / (long)PAGE));
    CHECK_EQ(free_pages(), fp);
    unsigned char *p = attach(id, ADDR_A);
    p[0] = 1;
    p[BIG - 1] = 2;
    CHECK_EQ(p[0] + p[BIG - 1], 3);
    /* Two pages, the three tables of their list and the attachment's
     * three page tables (made at attach, gone at detach). */
    CHECK(free_pages() >= fp - 8);
    release(id);
    CHECK_EQ(free_pages(), fp);
    CHECK_EQ(avail_pages(), avail);
}

/* Address ranges shm_attach must refuse with EINVAL: a 1- or 2-page segment at addr. */
struct bad_range { uint32_t addr; int pages; const char *what; };

static void attach_refused(const struct bad_range *r, size_t n)
{
    int id1 = create(PAGE), id2 = create(2 * PAGE);
    for (size_t i = 0; i < n; i++)
        attach_fails(r[i].pages == 1 ? id1 : id2, r[i].addr, EINVAL, 0, r[i].what);
    attach(id1, ADDR_C)[0] = 1;             /* the segments themselves are fine */
    release(id1);
    destroy(id2);
}
#define REFUSED(...) do { \
    const struct bad_range r_[] = { __VA_ARGS__ }; \
    attach_refused(r_, sizeof r_ / sizeof r_[0]); \
} while (0)

static void attach_null_unaligned(void)
{
    REFUSED({ 0, 1, "at 0" }, { 1, 1, "at 1" }, { ADDR_A + 1, 1, "unaligned" },
            { ADDR_A + 0x800, 1, "half a page in" }, { ADDR_A - 1, 1, "a byte below a page" });
}

static int data_marker = 4242;

static void attach_over_program(void)
{
    uint32_t text = (uint32_t)(uintptr_t)&main & ~(uint32_t)(PAGE - 1);
    uint32_t data = (uint32_t)(uintptr_t)&data_marker & ~(uint32_t)(PAGE - 1);
    REFUSED({ text, 1, "over main's page" }, { USER_TEXT_BASE, 1, "at the program's start" },
            { USER_TEXT_BASE - PAGE, 2, "across the program's start" },
            { data, 1, "over initialised data" });
    CHECK_EQ(data_marker, 4242);
}

static void attach_over_stack(void)
{
    volatile char here = 1;
    uint32_t sp = (uint32_t)(uintptr_t)&here & ~(uint32_t)(PAGE - 1);
    REFUSED({ USER_STACK_BOTTOM, 1, "at the stack bottom 0xBFF00000" },
            { USER_STACK_TOP - PAGE, 1, "just below 0xC0000000" },
            { sp, 1, "over the live stack page" },
            { USER_STACK_BOTTOM - PAGE, 1, "over the stack guard gap's top" },
            { USER_STACK_BOTTOM - 17 * PAGE, 1, "in the gap (0xBFEEF000)" },
            { USER_STACK_GAP_BOTTOM, 1, "over the gap's bottom" },
            { USER_STACK_GAP_BOTTOM - PAGE, 2, "across the gap's bottom" });
    use_stack(128);                         /* the stack still grows on demand */
    CHECK_EQ(here, 1);
}

static void attach_over_heap(void)
{
    char *edge = heap_edge();
    CHECK((char *)sbrk(4 * PAGE) == edge);
    memset(edge, 'h', 4 * PAGE);
    uint32_t top = (uint32_t)(uintptr_t)sbrk(0);
    REFUSED({ top - PAGE, 1, "over the last heap page" }, { top - 3 * PAGE, 1, "inside the heap" },
            { top - PAGE, 2, "across the break" });
    for (uint32_t i = 0; i < 4 * PAGE; i++)
        if (edge[i] != 'h')
            FAIL("heap byte %u changed", (unsigned)i);
}

static void attach_over_attachment(void)
{
    int a = create(2 * PAGE);
    unsigned char *pa = attach(a, ADDR_A);
    pa[0] = 'a';
    pa[PAGE] = 'A';
    REFUSED({ ADDR_A, 1, "at the same address" }, { ADDR_A + PAGE, 1, "over its last page" },
            { ADDR_A - PAGE, 2, "over its first page" }, { ADDR_A, 2, "at the same address" });
    CHECK_EQ(nattch(a), 1);
    int b = create(2 * PAGE);
    attach(b, ADDR_A + 2 * PAGE)[0] = 'b';   /* adjacent is fine */
    CHECK(pa[0] == 'a' && pa[PAGE] == 'A' && pa[2 * PAGE] == 'b');
    detach(a);
    detach(b);
    destroy(a);
    destroy(b);
}

static void attach_kernel(void)
{
    int id = create(PAGE);                  /* the lowest and highest free pages work */
    attach(id, USER_BASE)[0] = 'l';
    detach(id);
    attach(id, USER_STACK_GAP_BOTTOM - PAGE)[PAGE - 1] = 'h';
    release(id);
    REFUSED({ KERNBASE, 1, "at 0xC0000000" }, { KERNBASE + PAGE, 1, "at 0xC0001000" },
            { 0xFFFFF000u, 1, "at the last page" },
            { KERNBASE - PAGE, 2, "across 0xC0000000 (0xBFFFF000, 2 pages)" },
            { 0xFFFFF000u, 2, "wrapping around 4 GiB" });
}

static void attach_twice(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A)[0] = 't';
    attach_fails(id, ADDR_B, EINVAL, 1, "a second time in the same process");
    attach_fails(id, ADDR_A, EINVAL, 1, "a second time at the same address");
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {                         /* an inherited attachment counts too */
        attach_fails(id, ADDR_B, EINVAL, 2, "in a child that inherited it");
        _exit(0);
    }
    expect_exit(pid, 0);
    CHECK_EQ(at(ADDR_A)[0], 't');
    release(id);
}

/* A process has a bounded number of regions: the attachment that does not
 * fit gives ENOMEM and keeps no reference; the others all work. */
static void attach_region_limit(void)
{
    int n = 0;
    uint32_t step = 2 * PAGE;
    for (ids[n] = create(PAGE); shm_attach(ids[n], at(ADDR_A + n * step)) == 0; ) {
        at(ADDR_A + n * step)[0] = (unsigned char)n;
        if (++n == 300)
            FAIL("300 attachments in one process: no region limit hit");
        ids[n] = create(PAGE);
    }
    CHECK_EQ(errno, ENOMEM);
    CHECK_EQ(nattch(ids[n]), 0);
    diag("%d attachments fit in one process", n);
    destroy(ids[n]);
    for (int i = 0; i < n; i++) {
        CHECK_EQ(at(ADDR_A + i * step)[0], (unsigned char)i);
        detach(ids[i]);
        destroy(ids[i]);
    }
}

/* shm_list's own arguments: a bad or read-only buffer gives EFAULT, a
 * negative count EINVAL, and max bounds the records written. */
static void list_arguments(void)
{
    int a = create(PAGE), b = create(PAGE);
    EXPECT_ERR(shm_list(NULLPTR, 8), EFAULT);
    EXPECT_ERR(shm_list(KADDR(KERNBASE), 8), EFAULT);
    EXPECT_ERR(shm_list((void *)(uintptr_t)&main, 8), EFAULT);
    EXPECT_ERR(shm_list(recs, -1), EINVAL);
    memset(recs, 0xee, sizeof recs);
    CHECK_EQ(shm_list(recs, 1), 1);
    CHECK_EQ(recs[1].id, (int32_t)0xeeeeeeee);
    CHECK_EQ(shm_list(recs, MAX_RECS), nshm());
    destroy(a);
    destroy(b);
}

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
        EXPECT_ERR(shm_attach(bad[i], at(ADDR_B)), EINVAL);
        EXPECT_ERR(shm_detach(bad[i]), EINVAL);
        EXPECT_ERR(shm_destroy(bad[i]), EINVAL);
    }
    CHECK_EQ(nattch(live), 1);
    CHECK_EQ(at(ADDR_A)[0], 'L');
    release(live);
}

/* A segment created right after another is destroyed takes its slot (the
 * lowest free one) with a new sequence number: the old id reaches nothing. */
static void stale_id(void)
{
    int old = create(PAGE);
    destroy(old);
    int id = create(PAGE);
    if (id % TABLE_SIZE != old % TABLE_SIZE || id == old)
        FAIL("ids %d then %d: expected the same slot with a new sequence", old, id);
    attach(id, ADDR_A)[0] = 'n';
    EXPECT_ERR(shm_attach(old, at(ADDR_B)), EINVAL);
    EXPECT_ERR(shm_detach(old), EINVAL);
    EXPECT_ERR(shm_destroy(old), EINVAL);
    CHECK_EQ(nattch(id), 1);
    CHECK_EQ(at(ADDR_A)[0], 'n');
    detach(id);
    EXPECT_ERR(shm_destroy(old), EINVAL);
    CHECK(record_of(id) != NULL);
    destroy(id);
}

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
        CHECK_EQ(at(ADDR_B)[0], 'c');
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

static void detach_twice(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A);
    detach(id);
    EXPECT_ERR(shm_detach(id), EINVAL);
    CHECK_EQ(nattch(id), 0);
    attach(id, ADDR_B);                     /* attaching again after a detach is fine */
    release(id);
}

/* ------------------------------------------------------------ lifetime */

static void destroy_busy(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A)[0] = 'k';
    EXPECT_ERR(shm_destroy(id), EBUSY);
    CHECK_EQ(nattch(id), 1);
    CHECK_EQ(at(ADDR_A)[0], 'k');
    release(id);
    CHECK(record_of(id) == NULL);
    EXPECT_ERR(shm_destroy(id), EINVAL);
}

/* The child inherits the attachment, the parent detaches: EBUSY until the
 * child is gone. */
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

/* A child attaches, writes, then ends as told (0 exit, 1 fault, 2 kill):
 * its attachment must be gone and what it wrote must stay. */
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
            hear_parent(&c);                /* blocks until killed */
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
    release(id);
}
static void exit_releases(void) { child_ends_attached(0); }
static void fault_releases(void) { child_ends_attached(1); }
static void kill_releases(void) { child_ends_attached(2); }

#define NCHILDREN 20

/* 20 children inherit the attachment: same address, same data; each writes
 * its slot; nattch is 21 while they all live, 1 once they are gone. */
static void fork_inherits(void)
{
    int id = create(2 * PAGE);
    int *words = (int *)attach(id, ADDR_A), ready[2], go[2];
    for (int i = 0; i < 1024; i++)
        words[i] = 1000 + i;
    SYS(pipe(ready));
    SYS(pipe(go));
    pid_t pids[NCHILDREN];
    for (int k = 0; k < NCHILDREN; k++) {
        if ((pids[k] = (pid_t)SYS(fork())) != 0)
            continue;
        close(ready[0]);
        close(go[1]);
        for (int i = 0; i < 1024; i++)
            if (words[i] != 1000 + i)
                FAIL("child %d: word %d is %d, expected %d", k, i, words[i], 1000 + i);
        words[1024 + k] = 5000 + k;
        write_all(ready[1], "r", 1);
        close(ready[1]);
        char b;
        CHECK_EQ(read(go[0], &b, 1), 0);    /* EOF: the parent has counted */
        _exit(0);
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
    release(id);
}

/* A failed exec keeps the attachment; a successful one drops it. The child
 * execs /bin/ipcs, whose listing is made by the new image while it lives. */
static void exec_detaches(void)
{
    int id = create(PAGE);
    attach(id, ADDR_A)[0] = 'e';
    char *argv[] = { "nothing", NULL }, *envp[] = { NULL }, *w[7];
    EXPECT_ERR(execve("/bin/no-such-program", argv, envp), ENOENT);
    CHECK(nattch(id) == 1 && at(ADDR_A)[0] == 'e');
    ipcs_line(id, w);
    if (parse_long(w[5]) != 1)
        FAIL("ipcs run by the exec'd child shows nattch %s for %d, expected 1", w[5], id);
    CHECK_EQ(nattch(id), 1);
    release(id);
}

#endif

static const struct test tests[] = {
    SHM("data written at 0x10000000 is read by another process at 0x20000000", two_addresses, 0),
    SHM("attach returns 0", attach_returns_zero, 0),
    SHM("a 1 MiB segment round-trips a pattern on every page", one_mib, 60),
    SHM("new segments are zero-filled, also after reuse", zero_filled, 0),
    SHM("size rounds up to a page: byte 4095 works, byte 4096 SIGSEGV", rounded_to_page, 0),
    SHM("create with size 0 or negative gives EINVAL", create_bad_size, 0),
    SHM("create above 1 GiB gives EINVAL, beyond memory ENOMEM, 8 MiB works", create_limit, 0),
    SHM("attach at 0 or unaligned gives EINVAL", attach_null_unaligned, 0),
    SHM("attach over program text or data gives EINVAL", attach_over_program, 0),
    SHM("attach over the stack or its guard gives EINVAL", attach_over_stack, 0),
    SHM("attach over the heap gives EINVAL", attach_over_heap, 0),
    SHM("attach over another attachment gives EINVAL", attach_over_attachment, 0),
    SHM("attach at or across the kernel base gives EINVAL", attach_kernel, 0),
    SHM("the same segment twice in one process gives EINVAL", attach_twice, 0),
    SHM("past the region limit attach gives ENOMEM, keeps no reference", attach_region_limit, 0),
    SHM("shm_list: bad or read-only buffer EFAULT, max respected", list_arguments, 0),
    SHM("bad ids give EINVAL for attach, detach and destroy", bad_ids, 0),
    SHM("a stale id does not reach the segment reusing its slot", stale_id, 0),
    SHM("detach of a segment not attached gives EINVAL", detach_not_attached, 0),
    SHM("detach twice gives EINVAL the second time", detach_twice, 0),
    SHM("destroy while attached gives EBUSY, works after detach", destroy_busy, 0),
    SHM("destroy while a child is attached gives EBUSY until it exits", destroy_busy_child, 0),
    SHM("exit while attached releases the attachment", exit_releases, 0),
    SHM("death by SIGSEGV while attached releases the attachment", fault_releases, 0),
    SHM("death by kill() while attached releases the attachment", kill_releases, 0),
    SHM("20 children inherit the attachment, nattch 21 then 1", fork_inherits, 60),
    SHM("exec detaches (nattch seen by the new image); failed exec not", exec_detaches, 0),
};
TEST_GROUP(100, tests);
