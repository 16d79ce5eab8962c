/* Memory tests: sbrk, copy-on-fork semantics, malloc, and the stack. */
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

/* An increment no kernel can grant: ~2 GiB on shmos (128 MiB of RAM), and
 * past the end of the 47-bit user address space on a 64-bit host. */
#define SBRK_IMPOSSIBLE (sizeof(void *) == 4 ? (intptr_t)0x7ff00000 : (intptr_t)1 << 62)

static unsigned char byte_at(uintptr_t i, unsigned seed)
{
    return (unsigned char)((i * 131u) ^ (i >> 9) ^ seed);
}

/* Grow by 256 KiB, write and verify every byte, shrink back; the break
 * moves exactly as sbrk reports. */
static void t_sbrk_grow_shrink(long arg)
{
    (void)arg;
    const intptr_t n = 256 * 1024;
    char *old = sbrk(0);
    CHECK(old != (char *)-1);
    char *p = sbrk(n);
    CHECK(p == old);
    CHECK((char *)sbrk(0) == old + n);
    for (intptr_t i = 0; i < n; i++)
        p[i] = (char)byte_at((uintptr_t)i, 0x5a);
    for (intptr_t i = 0; i < n; i++)
        if ((unsigned char)p[i] != byte_at((uintptr_t)i, 0x5a))
            FAIL("heap byte %ld changed", (long)i);
    CHECK((char *)sbrk(-n) == old + n);
    CHECK((char *)sbrk(0) == old);
    CHECK((char *)sbrk(PAGE) == old);
    CHECK((char *)sbrk(-(intptr_t)PAGE) == old + PAGE);
    CHECK((char *)sbrk(0) == old);
}

/* Pages given back and grown again must come back zeroed, not with the
 * previous contents (or anyone else's). */
static void t_sbrk_regrow_zeroed(long arg)
{
    (void)arg;
    const intptr_t n = 16 * PAGE;
    char *edge = heap_edge();
    char *p = sbrk(n);
    CHECK(p == edge);
    memset(p, 0xa5, (size_t)n);
    CHECK((char *)sbrk(-n) == edge + n);
    p = sbrk(n);
    CHECK(p == edge);
    for (intptr_t i = 0; i < n; i++)
        if (p[i] != 0)
            FAIL("regrown heap byte %ld is 0x%x, expected 0", (long)i, (unsigned char)p[i]);
}

/* An impossible sbrk fails with ENOMEM, moves nothing, and the process
 * carries on. */
static void t_sbrk_impossible(long arg)
{
    (void)arg;
    char *edge = heap_edge();
    edge[-1] = 'k';
    EXPECT_ERR(sbrk(SBRK_IMPOSSIBLE), ENOMEM);
    CHECK((char *)sbrk(0) == edge);
    EXPECT_ERR(sbrk(INTPTR_MAX), ENOMEM);
    CHECK((char *)sbrk(0) == edge);
    CHECK_EQ(edge[-1], 'k');
    char *p = sbrk(PAGE);
    CHECK(p == edge);
    memset(p, 'x', PAGE);
    CHECK_EQ(p[PAGE - 1], 'x');
}

/* A failed sbrk leaves no partial state: the free page count is what it
 * was (a few pages of slack for kernel bookkeeping), not short of the page
 * tables or pages the attempt allocated before running out. */
static void t_sbrk_failure_keeps_nothing(long arg)
{
    (void)arg;
#ifdef __shmos__
    heap_edge();
    long before = free_pages();
    EXPECT_ERR(sbrk(SBRK_IMPOSSIBLE), ENOMEM);
    EXPECT_ERR(sbrk(INTPTR_MAX), ENOMEM);
    long after = free_pages();
    if (after < before - 4)
        FAIL("free pages went from %ld to %ld after two failed sbrk calls", before, after);
#endif
}

/* The heap cannot shrink below its start (into data or text). */
static void t_sbrk_shrink_below_start(long arg)
{
    (void)arg;
    char *brk = sbrk(0);
    intptr_t incr = (intptr_t)0x2000 - (intptr_t)brk;
#ifdef __shmos__
    /* Linux's man page says ENOMEM, FreeBSD's brk says EINVAL: take either. */
    errno = 0;
    void *r = sbrk(incr);
    if (r != (void *)-1 || (errno != ENOMEM && errno != EINVAL))
        FAIL("sbrk(%ld) returned %p errno %s, expected ENOMEM or EINVAL",
             (long)incr, r, errname(errno));
#else
    /* glibc's sbrk reports success when the kernel refuses to shrink (it
     * only checks that the break is at least what was asked): accept that
     * as long as the break did not move. */
    errno = 0;
    void *r = sbrk(incr);
    if (r != (void *)-1 && r != brk)
        FAIL("sbrk(%ld) returned %p", (long)incr, r);
    if (r == (void *)-1 && errno != ENOMEM)
        FAIL("sbrk(%ld) failed with %s, expected ENOMEM", (long)incr, errname(errno));
#endif
    CHECK((char *)sbrk(0) == brk);
    static volatile int data_still_there = 77;
    CHECK_EQ(data_still_there, 77);
}

/* Pages removed by a negative sbrk are unmapped: touching them faults. */
static void t_sbrk_shrunk_unmapped(long arg)
{
    (void)arg;
    char *edge = heap_edge();
    char *p = sbrk(4 * PAGE);
    CHECK(p == edge);
    memset(p, 1, 4 * PAGE);
    CHECK((char *)sbrk(-4 * (intptr_t)PAGE) == edge + 4 * PAGE);
    volatile char *gone = opaque(edge + PAGE);
    *gone = 2;
    diag("write to a page released by sbrk succeeded");
}

static int fork_data[1024] = { 1 };
static int fork_bss[1024];

static void fill_ints(int *a, size_t n, int seed)
{
    for (size_t i = 0; i < n; i++)
        a[i] = (int)(i * 3) + seed;
}

static void check_ints(const int *a, size_t n, int seed, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != (int)(i * 3) + seed)
            FAIL("%s[%zu] is %d, expected %d", what, i, a[i], (int)(i * 3) + seed);
}

/* After fork, parent and child each see their own copy of data, bss, heap
 * and stack: writes on either side are invisible to the other. */
static void t_fork_private_copy(long arg)
{
    (void)arg;
    enum { HEAP_INTS = 256 * 1024 / sizeof(int) };
    int stack_buf[1024];
    int *heap = malloc(HEAP_INTS * sizeof(int));
    CHECK(heap != NULL);
    int *areas[] = { fork_data, fork_bss, heap, stack_buf };
    size_t sizes[] = { 1024, 1024, HEAP_INTS, 1024 };
    const char *names[] = { "data", "bss", "heap", "stack" };
    for (int a = 0; a < 4; a++)
        fill_ints(areas[a], sizes[a], 1);
    int to_child[2], to_parent[2];
    SYS(pipe(to_child));
    SYS(pipe(to_parent));
    pid_t pid = (pid_t)SYS(fork());
    char c;
    if (pid == 0) {
        for (int a = 0; a < 4; a++)
            check_ints(areas[a], sizes[a], 1, names[a]);
        for (int a = 0; a < 4; a++)
            fill_ints(areas[a], sizes[a], 2);
        write_all(to_parent[1], "c", 1);
        read_exact(to_child[0], &c, 1);
        for (int a = 0; a < 4; a++)
            check_ints(areas[a], sizes[a], 2, names[a]);
        _exit(0);
    }
    read_exact(to_parent[0], &c, 1);
    for (int a = 0; a < 4; a++)
        check_ints(areas[a], sizes[a], 1, names[a]);
    for (int a = 0; a < 4; a++)
        fill_ints(areas[a], sizes[a], 3);
    write_all(to_child[1], "p", 1);
    expect_exit(pid, 0);
    for (int a = 0; a < 4; a++)
        check_ints(areas[a], sizes[a], 3, names[a]);
    free(heap);
}

static uint32_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Mostly small sizes, some page-sized, a few large ones. */
static size_t random_size(void)
{
    uint32_t r = rng() % 100;
    if (r < 60)
        return 1 + rng() % 64;
    if (r < 90)
        return 1 + rng() % 4096;
    return 4096 + rng() % 40000;
}

struct block {
    unsigned char *p;
    size_t n;
    unsigned seed;
};

static void fill_block(struct block *b)
{
    for (size_t i = 0; i < b->n; i++)
        b->p[i] = byte_at(i, b->seed);
}

static void check_block(const struct block *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->p[i] != byte_at(i, b->seed))
            FAIL("block %p (size %zu) byte %zu corrupted", (void *)b->p, b->n, i);
}

static struct block blocks[300];

/* Allocate the same 200 sizes, keep them all; returns the break at the end. */
static char *allocate_fixed_set(void)
{
    rng_state = 12345;
    for (int i = 0; i < 200; i++) {
        blocks[i].n = random_size();
        blocks[i].seed = (unsigned)i;
        blocks[i].p = malloc(blocks[i].n);
        CHECK(blocks[i].p != NULL);
        fill_block(&blocks[i]);
    }
    return sbrk(0);
}

static void free_all_blocks(int n)
{
    for (int i = 0; i < n; i++) {
        if (blocks[i].p != NULL) {
            check_block(&blocks[i]);
            free(blocks[i].p);
            blocks[i].p = NULL;
        }
    }
}

/* Random malloc/free traffic with every block's contents verified; then
 * everything is freed and the same workload fits in the same heap. */
static void t_malloc_stress(long arg)
{
    (void)arg;
    rng_state = 2463534242u;
    int nblocks = (int)(sizeof blocks / sizeof blocks[0]);
    for (int op = 0; op < 3000; op++) {
        struct block *b = &blocks[rng() % (uint32_t)nblocks];
        if (b->p != NULL) {
            check_block(b);
            free(b->p);
            b->p = NULL;
            continue;
        }
        b->n = random_size();
        b->seed = (unsigned)op;
        b->p = malloc(b->n);
        if (b->p == NULL)
            FAIL("malloc(%zu) returned NULL at op %d", b->n, op);
        if ((uintptr_t)b->p % 8 != 0)
            FAIL("malloc(%zu) returned %p, not 8-byte aligned", b->n, (void *)b->p);
        fill_block(b);
    }
    free_all_blocks(nblocks);

    char *first = allocate_fixed_set();
    free_all_blocks(200);
    char *second = allocate_fixed_set();
    free_all_blocks(200);
    if (second > first + 64 * 1024)
        FAIL("the same allocations grew the break from %p to %p: freed memory not reused",
             (void *)first, (void *)second);

    unsigned char *big = malloc(1024 * 1024);
    CHECK(big != NULL);
    struct block bb = { big, 1024 * 1024, 9 };
    fill_block(&bb);
    check_block(&bb);
    free(big);
}

/* calloc returns zeroed memory even when reusing a dirty block, refuses a
 * size that overflows, and realloc keeps the contents. */
static void t_calloc_realloc(long arg)
{
    (void)arg;
    unsigned char *dirty = malloc(4000);
    CHECK(dirty != NULL);
    memset(dirty, 0xff, 4000);
    free(dirty);
    unsigned char *z = calloc(1000, 4);
    CHECK(z != NULL);
    for (int i = 0; i < 4000; i++)
        if (z[i] != 0)
            FAIL("calloc byte %d is 0x%x", i, z[i]);
    free(z);
    volatile size_t huge = (SIZE_MAX / 2) + 2;   /* volatile: gcc rejects the constant */
    void *volatile overflow = calloc(huge, 4);
    CHECK(overflow == NULL);

    struct block b = { malloc(100), 100, 3 };
    CHECK(b.p != NULL);
    fill_block(&b);
    b.p = realloc(b.p, 10000);
    CHECK(b.p != NULL);
    check_block(&b);
    b.n = 50;
    b.p = realloc(b.p, 50);
    CHECK(b.p != NULL);
    check_block(&b);
    free(b.p);
    unsigned char *fresh = realloc(NULL, 64);
    CHECK(fresh != NULL);
    memset(fresh, 1, 64);
    free(fresh);
}

/* Recurse through 192 frames of ~4 KiB each (768 KiB of the 1 MiB stack),
 * checking that no frame was disturbed by the ones below it. */
static unsigned long __attribute__((noinline)) deep(int depth)
{
    volatile unsigned char buf[4000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(depth + i);
    unsigned long sum = depth > 0 ? deep(depth - 1) : 0;
    for (size_t i = 0; i < sizeof buf; i++)
        if (buf[i] != (unsigned char)(depth + i))
            FAIL("stack frame at depth %d corrupted at byte %zu", depth, i);
    return sum + buf[0];
}

static void t_deep_stack(long arg)
{
    (void)arg;
    unsigned long want = 0;
    for (int d = 0; d <= 191; d++)
        want += (unsigned char)d;
    CHECK_EQ(deep(191), want);
}

static const struct test tests[] = {
    { "sbrk: grow 256 KiB, fill, shrink back", t_sbrk_grow_shrink, 0, 0, 0, NULL },
    { "sbrk: regrown pages are zeroed", t_sbrk_regrow_zeroed, 0, 0, 0, NULL },
    { "sbrk: impossible growth gives ENOMEM, process fine", t_sbrk_impossible, 0, 0, 0, NULL },
    { "sbrk: a failed growth keeps no pages", t_sbrk_failure_keeps_nothing, 0, 0, 0,
      SHMOS_ONLY("free page counts come from meminfo") },
    { "sbrk: shrinking below the heap start fails", t_sbrk_shrink_below_start, 0, 0, 0, NULL },
    { "sbrk: released pages are unmapped (SIGSEGV)", t_sbrk_shrunk_unmapped, 0, SIGSEGV, 0, NULL },
    { "fork: data, bss, heap and stack are private copies", t_fork_private_copy, 0, 0, 0, NULL },
    { "malloc: 3000 random ops verified, heap reused after free", t_malloc_stress, 0, 0, 60, NULL },
    { "malloc: calloc zeroes, overflow refused, realloc keeps data", t_calloc_realloc, 0, 0, 0, NULL },
    { "stack: 768 KiB of frames, demand-filled, intact", t_deep_stack, 0, 0, 0, NULL },
};
TEST_GROUP(30, tests);
