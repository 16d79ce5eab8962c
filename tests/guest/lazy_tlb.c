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

#define STACK_SIZE (16 * 1024)
static char stack[STACK_SIZE] __attribute__((aligned(16)));

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
    T("exit/wait churn never frees a loaded directory", exit_wait_churn, 120),
};
TEST_GROUP(152, tests);
