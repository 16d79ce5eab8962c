/* SMP stress on the segment core: 8 processes creating, attaching,
 * writing, detaching and destroying the segments of one pool at once, on
 * every CPU, with the System V calls and (shmos only) the xv6 ones. Lost
 * races must give a clean errno, each process's own data must be intact
 * wherever it still has the right to look, and the kernel's free pages,
 * processes, segments and semaphores must be back at their starting
 * counts. Helpers and the guard: smp_util.h. The same file runs on Linux,
 * the reference; the xv6 variant is shmos's (SKIP there). */
#include "smp_util.h"

/* Each of POOL_PROCS processes, for POOL_MS (at least POOL_MIN_OPS and at
 * most POOL_MAX_OPS operations), picks one of POOL_SLOTS slots and an
 * operation at random: create the slot's segment, attach it or detach it,
 * rewrite its data, destroy it. A process attaches slot s's segment, of
 * slot_pages(s) pages, at slot_addr(s), always the same address, so a
 * stale translation left from the previous segment there would show. In
 * every page of a segment, process i owns bytes [i * REGION, (i + 1) *
 * REGION): a seed (never 0), the segment's id, then a pattern from the
 * seed. Ids are never reused, so on attach a process knows what its region
 * must hold: its last seed for that id, or zeros for a segment it never
 * wrote. */
#define POOL_SLOTS SMP_KEYS          /* slot s of the System V pool has smp_key(s) */
#define POOL_PROCS 8
#define POOL_MS 600
#define POOL_MIN_OPS 60
#define POOL_MAX_OPS 600
#define REGION ((int)PAGE / POOL_PROCS)
#define SLOT_BASE 0x10000000u
#define SLOT_STRIDE 0x10000u        /* room for the largest slot (3 pages) */

struct pool_shared {
    _Atomic int ids[POOL_SLOTS];    /* xv6 calls: the slot's segment, 0 for none */
    _Atomic int arrived;
    _Atomic int creates, attaches, rewrites, destroys, races;
};

/* One API's way to do the pool's operations on slot s. */
struct pool_api {
    const char *name;
    void (*create)(int s);
    int (*attach)(int s);           /* the id attached at slot_addr(s), or -1 (gone) */
    void (*detach)(int s, int id);
    void (*destroy)(int s);
    void (*cleanup)(void);          /* in the body, at the end: remove every segment */
};

static const struct pool_api *api;
static struct pool_shared *pool;
static int me;                                  /* this child's number */
static int held_id[POOL_SLOTS];                 /* attached here, or -1 */
static uint32_t held_seed[POOL_SLOTS];          /* what its region holds */
static struct { int id; uint32_t seed; } known[POOL_MAX_OPS + POOL_SLOTS];
static int nknown;
static uint32_t seeds;                          /* seeds used so far */
static uint32_t rng;

static int slot_pages(int s) { return 1 + s % 3; }
static unsigned char *slot_addr(int s)
{
    return (unsigned char *)(uintptr_t)(SLOT_BASE + (uint32_t)s * SLOT_STRIDE);
}

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng % n;
}

/* Where an operation may lose a race, the errno must be one of a, b. */
static void race_errno(const char *call, int s, int a, int b)
{
    int e = errno;
    if (e != a && e != b)
        FAIL("pool (%s), process %d: %s on slot %d failed with %s, expected %s%s%s",
             api->name, me, call, s, errname(e), errname(a), a != b ? " or " : "",
             a != b ? errname(b) : "");
    atomic_fetch_add(&pool->races, 1);
}

static unsigned char pat(uint32_t seed, int page, int j)
{
    return (unsigned char)((seed * 2654435761u) >> 24 ^ (uint32_t)page * 37u ^ (uint32_t)j * 11u);
}

static void region_write(int s, int id, uint32_t seed)
{
    for (int p = 0; p < slot_pages(s); p++) {
        unsigned char *r = slot_addr(s) + p * (int)PAGE + me * REGION;
        volatile uint32_t *w = (volatile uint32_t *)r;
        w[0] = seed;
        w[1] = (uint32_t)id;
        for (int j = 8; j < REGION; j++)
            r[j] = pat(seed, p, j);
    }
}

/* This process's region of segment id at slot s must hold seed's data
 * (all zeros for seed 0). */
static void region_check(int s, int id, uint32_t seed, const char *when)
{
    for (int p = 0; p < slot_pages(s); p++) {
        const unsigned char *r = slot_addr(s) + p * (int)PAGE + me * REGION;
        const volatile uint32_t *w = (const volatile uint32_t *)r;
        uint32_t want_id = seed ? (uint32_t)id : 0;
        if (w[0] != seed || w[1] != want_id)
            FAIL("pool (%s), process %d, %s: segment %d page %d holds seed 0x%x id %d, "
                 "expected 0x%x id %d", api->name, me, when, id, p, (unsigned)w[0],
                 (int)w[1], (unsigned)seed, (int)want_id);
        for (int j = 8; j < REGION; j++)
            if (r[j] != (seed ? pat(seed, p, j) : 0))
                FAIL("pool (%s), process %d, %s: segment %d page %d byte %d is 0x%x, "
                     "expected 0x%x", api->name, me, when, id, p, me * REGION + j, r[j],
                     seed ? pat(seed, p, j) : 0);
    }
}

/* The seed this process last left in segment id, or 0. */
static uint32_t known_seed(int id)
{
    for (int i = 0; i < nknown; i++)
        if (known[i].id == id)
            return known[i].seed;
    return 0;
}

static void remember(int id, uint32_t seed)
{
    int i = 0;
    while (i < nknown && known[i].id != id)
        i++;
    if (i == nknown)
        nknown++;           /* one new id per detach at most: it fits */
    known[i].id = id;
    known[i].seed = seed;
}

static void rewrite(int s)
{
    region_check(s, held_id[s], held_seed[s], "before a rewrite");
    held_seed[s] = ((uint32_t)(me + 1) << 24) | ++seeds;
    region_write(s, held_id[s], held_seed[s]);
    atomic_fetch_add(&pool->rewrites, 1);
}

static void attach_slot(int s)
{
    int id = api->attach(s);
    if (id < 0)
        return;
    held_id[s] = id;
    held_seed[s] = known_seed(id);
    region_check(s, id, held_seed[s], "just attached");
    atomic_fetch_add(&pool->attaches, 1);
    rewrite(s);
}

static void detach_slot(int s)
{
    region_check(s, held_id[s], held_seed[s], "before detaching");
    api->detach(s, held_id[s]);
    remember(held_id[s], held_seed[s]);
    held_id[s] = -1;
}

static void pool_child(long arg)
{
    me = (int)arg;
    rng = 0x9E3779B9u ^ ((uint32_t)smp_guard << 8) ^ (uint32_t)(me * 7919 + 1);
    for (int s = 0; s < POOL_SLOTS; s++)
        held_id[s] = -1;
    barrier(&pool->arrived, POOL_PROCS);
    uint64_t stop = now_ns() + POOL_MS * 1000000ull;
    for (int op = 0; op < POOL_MAX_OPS && (op < POOL_MIN_OPS || now_ns() < stop); op++) {
        int s = (int)rnd(POOL_SLOTS), r = (int)rnd(100);
        if (r < 20)
            api->create(s);
        else if (r < 50 && held_id[s] >= 0)
            detach_slot(s);
        else if (r < 80 && held_id[s] >= 0)
            rewrite(s);
        else if (r < 80)
            attach_slot(s);
        else
            api->destroy(s);
        if (op % 16 == 0)
            still_needed();
        if (rnd(4) == 0)
            sched_yield();      /* interleave at operations, on one CPU too */
    }
    for (int s = 0; s < POOL_SLOTS; s++)
        if (held_id[s] >= 0)
            detach_slot(s);
}

/* System V: the slot's segment is the one with smp_key(s). A removed one stays
 * attached where it is; shmos refuses new attaches with EIDRM (Linux
 * allows them), and a freed id gives EINVAL. */
static void sysv_create(int s)
{
    if (shmget(smp_key(s), (size_t)slot_pages(s) * PAGE, IPC_CREAT | IPC_EXCL | 0600) >= 0)
        atomic_fetch_add(&pool->creates, 1);
    else
        race_errno("shmget(IPC_CREAT | IPC_EXCL)", s, EEXIST, ENOSPC);
}

static int sysv_attach(int s)
{
    int id = shmget(smp_key(s), 0, 0);
    if (id < 0) {
        race_errno("shmget", s, ENOENT, ENOENT);
        return -1;
    }
    void *p = shmat(id, slot_addr(s), 0);
    if (p == (void *)-1) {
        race_errno("shmat", s, EINVAL, EIDRM);
        return -1;
    }
    if (p != slot_addr(s))
        FAIL("shmat(%d, %p) attached at %p", id, (void *)slot_addr(s), p);
    return id;
}

static void sysv_detach(int s, int id)
{
    (void)id;
    SYS(shmdt(slot_addr(s)));
}

static void sysv_destroy(int s)
{
    int id = shmget(smp_key(s), 0, 0);
    if (id < 0)
        race_errno("shmget", s, ENOENT, ENOENT);
    else if (shmctl(id, IPC_RMID, NULL) == 0)
        atomic_fetch_add(&pool->destroys, 1);
    else
        race_errno("shmctl(IPC_RMID)", s, EINVAL, EIDRM);
}

static void sysv_cleanup(void)
{
    for (int s = 0; s < POOL_SLOTS; s++) {
        int id = shmget(smp_key(s), 0, 0);
        if (id >= 0)
            SYS(shmctl(id, IPC_RMID, NULL));
        else if (errno != ENOENT)
            FAIL("shmget(key %d) failed: %s", s, errname(errno));
    }
}

static const struct pool_api sysv_api = {
    "System V", sysv_create, sysv_attach, sysv_detach, sysv_destroy, sysv_cleanup,
};

#ifdef __shmos__
/* xv6 calls: keyless segments, published in pool->ids. shm_destroy is
 * refused (EBUSY) while the segment is attached anywhere and frees it at
 * once otherwise, so an attach racing with it gets EINVAL. */
/* A segment attached here cannot have been destroyed: the slot still
 * holds it. */
static void xv6_check_held(int s)
{
    int id = atomic_load(&pool->ids[s]);
    if (held_id[s] >= 0 && id != held_id[s])
        FAIL("pool (xv6 calls), process %d: segment %d, attached here, left slot %d "
             "(now %d): destroyed while attached", me, held_id[s], s, id);
}

static void xv6_create(int s)
{
    xv6_check_held(s);
    if (atomic_load(&pool->ids[s]) != 0)
        return;
    int id = shm_create(slot_pages(s) * (int)PAGE);
    if (id < 0) {
        race_errno("shm_create", s, ENOSPC, ENOSPC);
        return;
    }
    int none = 0;
    if (atomic_compare_exchange_strong(&pool->ids[s], &none, id))
        atomic_fetch_add(&pool->creates, 1);
    else
        SYS(shm_destroy(id));   /* never published: nobody else can have it */
}

static int xv6_attach(int s)
{
    int id = atomic_load(&pool->ids[s]);
    if (id == 0)
        return -1;
    if (shm_attach(id, slot_addr(s)) != 0) {
        race_errno("shm_attach", s, EINVAL, EINVAL);
        return -1;
    }
    return id;
}

static void xv6_detach(int s, int id)
{
    xv6_check_held(s);
    SYS(shm_detach(id));
}

static void xv6_destroy(int s)
{
    xv6_check_held(s);
    int id = atomic_load(&pool->ids[s]);
    if (id == 0)
        return;
    if (held_id[s] == id) {     /* attached here: refused whatever the others do */
        EXPECT_ERR(shm_destroy(id), EBUSY);
        return;
    }
    if (shm_destroy(id) == 0) {
        atomic_compare_exchange_strong(&pool->ids[s], &id, 0);
        atomic_fetch_add(&pool->destroys, 1);
    } else {
        race_errno("shm_destroy", s, EBUSY, EINVAL);
    }
}

/* Every process is gone, so every segment left must be destroyable now. */
static void xv6_cleanup(void)
{
    for (int s = 0; s < POOL_SLOTS; s++) {
        int id = atomic_load(&pool->ids[s]);
        if (id != 0 && shm_destroy(id) != 0)
            FAIL("shm_destroy(%d) of slot %d after the pool failed: %s", id, s, errname(errno));
    }
}

static const struct pool_api xv6_api = {
    "xv6 calls", xv6_create, xv6_attach, xv6_detach, xv6_destroy, xv6_cleanup,
};
#endif

static void pool_body(void)
{
    warm_stack();
    pool = scratch_new(sizeof *pool);
    struct counts before = settled_counts();
    struct crew crew;
    crew_start(&crew, POOL_PROCS, pool_child);
    crew_finish(&crew, "pool process");
    api->cleanup();
    diag("pool (%s): %d creates, %d attaches, %d rewrites, %d destroys, %d lost races",
         api->name, atomic_load(&pool->creates), atomic_load(&pool->attaches),
         atomic_load(&pool->rewrites), atomic_load(&pool->destroys), atomic_load(&pool->races));
    if (atomic_load(&pool->attaches) == 0)
        FAIL("no process ever attached a segment: the pool tested nothing");
    expect_counts_back(before);
    SYS(shmdt(pool));
}

static void pool_sysv_body(void)
{
    api = &sysv_api;
    pool_body();
}

#ifdef __shmos__
static void pool_xv6_body(void)
{
    api = &xv6_api;
    pool_body();
}
#define POOL_XV6_BODY pool_xv6_body
#else
#define POOL_XV6_BODY NULL
#endif

static const struct test tests[] = {
    T("8 processes race create/attach/write/detach/destroy on a System V pool",
      pool_sysv_body, NULL),
    T("8 processes race shm_create/attach/write/detach/destroy on one pool",
      POOL_XV6_BODY, SHMOS_ONLY("the xv6 calls are shmos's")),
};
TEST_GROUP(160, tests);
