/* Threads of control (thread_spawn): processes sharing one address space,
 * possibly running on several CPUs at once. They share memory and
 * attachments, the address space lives until the last of them leaves, and
 * a mapping one of them removes is gone for all of them at once — on every
 * CPU's TLB, before its pages are reused (the shootdown test). */
#include "shm_util.h"

#define SKIP_THREADS "thread_spawn is shmos-only"

#ifdef __shmos__
#include <sched.h>
#include <stdatomic.h>

#define STACK_SIZE (16 * 1024)
static char stacks[4][STACK_SIZE] __attribute__((aligned(16)));

static int answer;                  /* written by a thread, read by its creator */

static int set_answer(void *arg)
{
    answer = (int)(intptr_t)arg;
    return 7;
}

/* A thread writes the creator's memory and exits with fn's result. */
static void shares_memory(void)
{
    answer = 0;
    pid_t t = (pid_t)SYS(thread_spawn(set_answer, (void *)42, stacks[0], STACK_SIZE));
    expect_exit(t, 7);
    CHECK_EQ(answer, 42);
}

static void bad_arguments(void)
{
    EXPECT_ERR(thread_spawn(NULL, NULL, stacks[0], STACK_SIZE), EINVAL);
    EXPECT_ERR(thread_spawn(set_answer, NULL, NULL, STACK_SIZE), EINVAL);
    int __thread_create(void *eip, void *esp);
    EXPECT_ERR(__thread_create(NULL, stacks[0] + STACK_SIZE), EINVAL);
    EXPECT_ERR(__thread_create(KADDR(0xC0001000u), stacks[0] + STACK_SIZE), EINVAL);
    EXPECT_ERR(__thread_create((void *)set_answer, KADDR(0xD0000000u)), EINVAL);
}

static atomic_int phase;            /* steps of the tests below, shared by the threads */
static atomic_uint spins;           /* progress of a spinning thread */

static void wait_phase(int want)
{
    while (atomic_load(&phase) < want)
        sched_yield();
}

/* Attaches made after the thread started are visible to it; its detach
 * removes the mapping for everyone, and the segment stays until then. */
static int attach_in_thread(void *arg)
{
    int id = (int)(intptr_t)arg;
    wait_phase(1);
    if (at(ADDR_A)[0] != 'm')       /* attached by the creator after spawn */
        return 1;
    at(ADDR_A)[1] = 't';
    detach(id);
    atomic_store(&phase, 2);
    return 0;
}

static void attachments_shared(void)
{
    atomic_store(&phase, 0);
    int id = create(PAGE);
    pid_t t = (pid_t)SYS(thread_spawn(attach_in_thread, (void *)(intptr_t)id, stacks[0], STACK_SIZE));
    attach(id, ADDR_A)[0] = 'm';
    CHECK_EQ(nattch(id), 1);        /* one address space, one attachment */
    atomic_store(&phase, 1);
    expect_exit(t, 0);
    CHECK_EQ(nattch(id), 0);
    EXPECT_ERR(shm_detach(id), EINVAL);         /* gone for the creator too */
    CHECK(shm_attach(id, at(ADDR_A)) == 0);     /* and the address is free again */
    CHECK(at(ADDR_A)[0] == 'm' && at(ADDR_A)[1] == 't');
    release(id);
}

static int spin_forever(void *arg)
{
    volatile unsigned char *p = arg;
    for (;;) {
        p[0]++;
        atomic_fetch_add(&spins, 1);
    }
    return 0;
}

/* The address space outlives the thread that made it: the creator exits,
 * the attachment stays until the last thread is gone. */
static void last_thread_detaches(void)
{
    int id = create(PAGE);
    int fds[2];
    SYS(pipe(fds));
    pid_t creator = (pid_t)SYS(fork());
    if (creator == 0) {
        attach(id, ADDR_A);
        pid_t t = (pid_t)SYS(thread_spawn(spin_forever, at(ADDR_A), stacks[0], STACK_SIZE));
        write_all(fds[1], &t, sizeof(t));
        _exit(0);                   /* t is handed to init */
    }
    pid_t t;
    read_exact(fds[0], &t, sizeof(t));
    expect_exit(creator, 0);
    CHECK_EQ(nattch(id), 1);
    SYS(kill(t, SIGKILL));
    for (int i = 0; i < 200 && nattch(id) != 0; i++)
        sleep_ms(10);               /* init reaps it */
    CHECK_EQ(nattch(id), 0);
    destroy(id);
    close(fds[0]);
    close(fds[1]);
}

/* A thread that faults dies alone; its siblings and their memory go on. */
static int fault_now(void *arg)
{
    (void)arg;
    *(volatile int *)NULLPTR = 1;
    return 0;
}

static void fault_kills_one(void)
{
    answer = 5;
    pid_t t = (pid_t)SYS(thread_spawn(fault_now, NULL, stacks[0], STACK_SIZE));
    expect_killed(t, SIGSEGV);
    CHECK_EQ(answer, 5);
    t = (pid_t)SYS(thread_spawn(set_answer, (void *)9, stacks[1], STACK_SIZE));
    expect_exit(t, 7);
    CHECK_EQ(answer, 9);
}

/* Two threads grow and shrink the heap and attach and detach segments at
 * the same time: the region list stays consistent (the address-space lock). */
static int churn(void *arg)
{
    int n = (int)(intptr_t)arg;
    uint32_t addr = ADDR_C + (uint32_t)n * 0x100000u;
    for (int i = 0; i < 150; i++) {
        int id = shm_create((int)PAGE);
        if (id < 0 || shm_attach(id, at(addr)) != 0)
            return 10;
        at(addr)[0] = (unsigned char)n;
        char *old = sbrk((int)PAGE);
        if (old == (char *)-1)
            return 11;
        if (at(addr)[0] != (unsigned char)n || shm_detach(id) != 0 || shm_destroy(id) != 0)
            return 12;
        if (sbrk(-(int)PAGE) == (char *)-1)
            return 13;
    }
    return 0;
}

static void concurrent_changes(void)
{
    int warm = create(PAGE);        /* the page table the threads' attaches use */
    attach(warm, ADDR_C + 0x100000u);
    release(warm);
    long pages = free_pages();
    char *brk0 = sbrk(0);
    pid_t a = (pid_t)SYS(thread_spawn(churn, (void *)1, stacks[0], STACK_SIZE));
    pid_t b = (pid_t)SYS(thread_spawn(churn, (void *)2, stacks[1], STACK_SIZE));
    expect_exit(a, 0);
    expect_exit(b, 0);
    CHECK(sbrk(0) == brk0);
    CHECK_EQ(free_pages(), pages);
}

/* Keep writing the segment's pages while the creator detaches it. */
static int scribble(void *arg)
{
    volatile uint32_t *p = arg;
    for (;;) {
        for (uint32_t i = 0; i < 4 * PAGE / 4; i += PAGE / 8)
            p[i] = 0x5C5C5C5Cu;
        atomic_fetch_add(&spins, 1);
    }
    return 0;
}

/* Spin until the writer has made n more rounds (it is running now). */
static void until_writing(unsigned n)
{
    unsigned start = atomic_load(&spins);
    while (atomic_load(&spins) - start < n)
        if (mem().ncpu < 2)
            sched_yield();          /* one CPU: let it run */
}

/* TLB shootdown: a thread keeps writing a 4-page segment on another CPU
 * while its sibling detaches and destroys the segment and at once creates
 * a new one, which gets the same physical pages back (the allocator is
 * last-in first-out). Without a shootdown the writer's CPU keeps its old
 * translations: it goes on writing (now into the new segment) until that
 * CPU happens to switch address spaces. With it, the writer's first write
 * after the detach faults and kills it. The writer may be switched out at
 * the moment of the detach (then even a missing shootdown goes unseen),
 * so the test makes several rounds, each checked. */
static void detach_under_writer(void)
{
    int warm = create(PAGE);        /* the new segment's page table, made now */
    attach(warm, ADDR_B);
    release(warm);
    uint32_t sent = 0;              /* flush requests the detaches sent */
    for (int round = 0; round < 8; round++) {
        int id = create(4 * (int)PAGE);
        unsigned char *p = attach(id, ADDR_A);
        atomic_store(&spins, 0);
        pid_t t = (pid_t)SYS(thread_spawn(scribble, p, stacks[0], STACK_SIZE));
        until_writing(1000);
        uint32_t before = mem().tlb_shootdowns;
        release(id);
        sent += mem().tlb_shootdowns - before;
        unsigned after = atomic_load(&spins);
        int id2 = create(4 * (int)PAGE);
        unsigned char *q = attach(id2, ADDR_B);
        for (volatile int k = 0; k < 200000; k++)
            ;                       /* a few ms for a stale writer to show */
        unsigned more = atomic_load(&spins) - after;
        int dirty = -1;
        for (uint32_t i = 0; i < 4 * PAGE && dirty < 0; i++)
            if (q[i] != 0)
                dirty = (int)i;
        if (more > 1 || dirty >= 0) {
            kill(t, SIGKILL);
            FAIL("round %d: the writer went on %u rounds after the detach%s (a stale TLB entry)",
                 round, more, dirty >= 0 ? " and wrote into the new segment" : "");
        }
        expect_killed(t, SIGSEGV);
        release(id2);
    }
    if (mem().ncpu >= 2 && sent == 0)
        FAIL("no detach sent a TLB flush to the writer's CPU in 8 rounds");
    diag("%u TLB flush requests sent on %u CPUs", (unsigned)sent, (unsigned)mem().ncpu);
}

#define T(name, body) { "threads: " name, run_guarded, (long)(body), 0, 0, NULL }
#else
#define T(name, body) { "threads: " name, NULL, 0, 0, 0, SKIP_THREADS }
#endif

static const struct test tests[] = {
    T("a thread shares its creator's memory and exit status", shares_memory),
    T("bad arguments are refused with EINVAL", bad_arguments),
    T("attachments are shared and a detach is for all threads", attachments_shared),
    T("the last thread out detaches", last_thread_detaches),
    T("a faulting thread dies alone", fault_kills_one),
    T("concurrent sbrk, attach and detach in one address space", concurrent_changes),
    T("TLB shootdown: a detach under a writer on another CPU", detach_under_writer),
};
TEST_GROUP(150, tests);
