/* Lazy TLB (issue 13): a CPU that goes idle keeps the last user address
 * space loaded. Two things must still hold:
 *
 *   - a CPU that keeps a directory lazily still gets every shootdown: a
 *     thread reads a page on one CPU and sleeps, its CPU idles with the
 *     directory loaded, a sibling on another CPU remaps the address to
 *     another segment, and the thread, woken on the CPU it left (the
 *     scheduler prefers it), must read the new segment, not the old one
 *     through a stale translation;
 *   - a freed directory is never left loaded: churns of short processes
 *     (forks that sleep and wake, threads, exec) exit and are reaped while
 *     other CPUs idle; the kernel's as_put panics if a directory it is
 *     about to free is still loaded anywhere, and the suite's leak checks
 *     see every page back.
 *
 * Nothing here asserts timing. With one CPU the tests still run (there is
 * no other CPU to be lazy), and they are shmos-only (thread_spawn). */
#include "shm_util.h"

#define SKIP_LAZY "thread_spawn and getprocs are shmos-only"

#ifdef __shmos__
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <shmos/sysinfo.h>

#define STACK_SIZE (16 * 1024)
static char stack[STACK_SIZE] __attribute__((aligned(16)));

/* Process pid's getprocs record field: its CPU (valid while it runs) if
 * cpu, else its state (PS_*); -1 if it is not listed. */
static int proc_field(pid_t pid, bool cpu)
{
    static struct procinfo ps[64];
    int n = getprocs(ps, 64);
    for (int i = 0; i < n; i++)
        if (ps[i].pid == pid)
            return cpu ? ps[i].cpu : ps[i].state;
    return -1;
}

/* The CPU the caller is running on. */
static int my_cpu(void)
{
    return proc_field(getpid(), true);
}

struct report {
    uint32_t value;                 /* the word the reader saw at ADDR_A */
    int cpu;                        /* the CPU it read it on */
};

static int go_fd;                   /* the reader's end of its pipe */
static struct report last;          /* the reader's latest report */
static atomic_int reports;          /* how many it has made */

/* The reader thread: on each byte from go_fd, read the first word at
 * ADDR_A and report it with its CPU (in memory: its sibling spins for it,
 * so as not to leave its own CPU); a 0 byte ends it. */
static int reader(void *arg)
{
    (void)arg;
    for (;;) {
        char c;
        if (read(go_fd, &c, 1) != 1 || c == 0)
            return 0;
        last.value = *(volatile uint32_t *)at(ADDR_A);
        last.cpu = my_cpu();
        atomic_fetch_add(&reports, 1);
    }
}

/* Wake the reader and wait for its next report, spinning (so that this
 * thread keeps its CPU: the reader runs on another), or yielding with one
 * CPU. */
static struct report poke(int go)
{
    int n = atomic_load(&reports);
    write_all(go, "r", 1);
    while (atomic_load(&reports) == n)
        if (mem().ncpu < 2)
            sched_yield();
    return last;
}

#define ROUNDS 24
#define MARK(seg) (0xA0A0A000u + (uint32_t)(seg))

/* Round after round: the reader reads segment k at ADDR_A and sleeps on
 * its pipe; once it is asleep (its CPU idles, keeping the directory), this
 * thread detaches k and attaches the other segment at the same address,
 * then wakes the reader, which must see the other segment's mark. A
 * shootdown that skipped the reader's idle CPU leaves it the old
 * translation: it reads the old mark (the old segment still exists, so its
 * page holds it). With 2 CPUs or more, at least one round must have had
 * the reader read on the same CPU both times while this thread ran on
 * another: the case the test is about. One attempt of ROUNDS rounds;
 * returns how many were of that case. */
static int lazy_attempt(void)
{
    int seg[2], down[2];
    for (int k = 0; k < 2; k++) {
        seg[k] = create((int)PAGE);
        *(volatile uint32_t *)attach(seg[k], ADDR_B) = MARK(k);
        detach(seg[k]);
    }
    SYS(pipe(down));
    go_fd = down[0];
    attach(seg[0], ADDR_A);
    pid_t t = (pid_t)SYS(thread_spawn(reader, NULL, stack, STACK_SIZE));
    int cur = 0, lazy_rounds = 0;
    uint32_t sent = 0;
    for (int round = 0; round < ROUNDS; round++) {
        struct report before = poke(down[1]);
        if (before.value != MARK(cur))
            FAIL("round %d: the reader saw 0x%x before the remap, not 0x%x", round,
                 (unsigned)before.value, (unsigned)MARK(cur));
        for (int i = 0; i < 100000 && proc_field(t, false) != PS_SLEEPING; i++)
            ;                       /* until it is back in read(): its CPU idles */
        uint32_t flushes = mem().tlb_shootdowns;
        detach(seg[cur]);
        cur ^= 1;
        attach(seg[cur], ADDR_A);
        sent += mem().tlb_shootdowns - flushes;
        int here = my_cpu();
        struct report after = poke(down[1]);
        if (after.value != MARK(cur)) {
            write_all(down[1], "", 1);
            FAIL("round %d: the reader read 0x%x on cpu %d (before the remap on cpu %d; "
                 "remapped on cpu %d), not the new segment's 0x%x: a stale TLB entry",
                 round, (unsigned)after.value, after.cpu, before.cpu, here,
                 (unsigned)MARK(cur));
        }
        if (after.cpu == before.cpu && before.cpu != here)
            lazy_rounds++;
    }
    write_all(down[1], "", 1);
    expect_exit(t, 0);
    diag("%d of %d rounds on an idle CPU that kept the directory, %u flush requests",
         lazy_rounds, ROUNDS, (unsigned)sent);
    detach(seg[cur]);
    destroy(seg[0]);
    destroy(seg[1]);
    close(down[0]);
    close(down[1]);
    return lazy_rounds;
}

/* The reader may be kept on this thread's CPU for a whole attempt (on a
 * loaded host the other virtual CPU may not run): then no round was the
 * case under test, and the test tries again, up to 4 attempts. */
static void lazy_cpu_gets_shootdown(void)
{
    int lazy_rounds = 0;
    for (int attempt = 0; attempt < 4 && lazy_rounds == 0; attempt++)
        lazy_rounds = lazy_attempt();
    if (mem().ncpu >= 2 && lazy_rounds == 0)
        FAIL("the reader never came back to the idle CPU it had left in 4 x %d rounds", ROUNDS);
}

/* ---------------------------------------------------------------- churn */

#define WAVES 12
#define WAVE 6

/* A child that sleeps and wakes a few times (so it may move between CPUs,
 * leaving directories behind on idle ones), touches fresh memory, then
 * exits. */
static void napper(int fd)
{
    for (int i = 0; i < 3; i++) {
        char c;
        if (read(fd, &c, 1) != 1)
            _exit(2);
        char *p = sbrk((int)PAGE);
        if (p == (char *)-1)
            _exit(3);
        p[0] = c;
    }
    _exit(0);
}

static int sleepy_thread(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char c;
    return read(fd, &c, 1) == 1 ? 5 : 6;
}

/* A process whose thread sleeps while its main thread exits: the address
 * space goes with the thread, on whatever CPU it then runs. */
static void thread_leaver(int fd)
{
    if (thread_spawn(sleepy_thread, (void *)(intptr_t)fd, stack, STACK_SIZE) < 0)
        _exit(4);
    _exit(0);
}

/* Waves of short processes of three kinds (nappers fed by the parent,
 * thread leavers, and forks that exec /bin/true), all reaped: no kernel
 * panic (as_put's "still loaded"), every status right, every page back. */
static void exit_wait_churn(void)
{
    long pages = free_pages();
    uint32_t procs = mem().nproc;
    for (int wave = 0; wave < WAVES; wave++) {
        pid_t kids[WAVE];
        int fds[WAVE][2];
        for (int i = 0; i < WAVE; i++) {
            SYS(pipe(fds[i]));
            kids[i] = (pid_t)SYS(fork());
            if (kids[i] == 0) {
                close(fds[i][1]);
                switch (i % 3) {
                case 0: napper(fds[i][0]); break;
                case 1: thread_leaver(fds[i][0]); break;
                default: {
                    char *argv[] = { "true", NULL };
                    execv("/bin/true", argv);
                    _exit(7);
                }
                }
            }
            close(fds[i][0]);
        }
        for (int step = 0; step < 3; step++)
            for (int i = 0; i < WAVE; i++)
                if (i % 3 != 2 && (step == 0 || i % 3 == 0))
                    write_all(fds[i][1], "x", 1);
        for (int i = 0; i < WAVE; i++) {
            expect_exit(kids[i], 0);
            close(fds[i][1]);
        }
    }
    /* The thread leavers' threads were handed to init: let it reap them. */
    for (int i = 0; i < 300 && mem().nproc > procs; i++)
        sleep_ms(10);
    CHECK(mem().nproc <= procs);
    long now = free_pages();
    for (int i = 0; i < 300 && now < pages; i++, now = free_pages())
        sleep_ms(10);
    CHECK(now >= pages);
}

#define T(name, body, timeout) { "lazy tlb: " name, run_guarded, (long)(body), 0, timeout, NULL }
#else
#define T(name, body, timeout) { "lazy tlb: " name, NULL, 0, 0, timeout, SKIP_LAZY }
#endif

static const struct test tests[] = {
    T("a CPU idling with the directory loaded gets the shootdown", lazy_cpu_gets_shootdown, 60),
    T("exit/wait churn never frees a loaded directory", exit_wait_churn, 120),
};
TEST_GROUP(152, tests);
