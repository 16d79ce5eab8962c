/* Guarded bodies for tests that create system-wide objects (System V
 * segments, named semaphores): the body runs in a worker of its own process
 * group with a deadline; then a sweep removes whatever the test created,
 * even after a failure or a hang, so one failing test cannot leak into the
 * next ones or into the suite's leak check. */
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

/* Wait for the worker w; past limit_ms kill its process group (it and
 * whatever it started) so the sweep still runs before the runner's own
 * timeout would kill the guard too. The wait status, or -1 if killed. */
static int wait_body(pid_t w, int limit_ms)
{
    uint64_t deadline = now_ns() + (uint64_t)limit_ms * 1000000u;
    for (;;) {
        int st;
        pid_t r = waitpid(w, &st, WNOHANG);
        if (r == w)
            return st;
        if (r < 0 && errno != EINTR)
            FAIL("waitpid(%d) failed: %s", (int)w, errname(errno));
        if (now_ns() > deadline) {
            kill(-w, SIGKILL);
            kill(w, SIGKILL);
            wait_status(w);
            return -1;
        }
        sleep_ms(2);
    }
}

#ifdef __shmos__
/* Wait (up to 3 s: a killed child may still be on its way out) for
 * meminfo's segment and semaphore counts to be nshm and nsem again. */
static void expect_ipc_counts(uint32_t nshm, uint32_t nsem)
{
    struct meminfo mi;
    for (int tries = 0;; tries++) {
        SYS(meminfo(&mi));
        if ((mi.nshm == nshm && mi.nsem == nsem) || tries >= 150)
            break;
        sleep_ms(20);
    }
    if (mi.nshm != nshm || mi.nsem != nsem)
        FAIL("segments %u -> %u, semaphores %u -> %u over the test",
             (unsigned)nshm, (unsigned)mi.nshm, (unsigned)nsem, (unsigned)mi.nsem);
}
#endif

void run_guarded_body(void (*body)(void), int limit_ms, int (*sweep)(void), const char *what)
{
#ifdef __shmos__
    struct meminfo before;
    SYS(meminfo(&before));
#endif
    pid_t w = (pid_t)SYS(fork());
    if (w == 0) {
        setpgid(0, 0);
        own_pages();
        body();
        _exit(0);
    }
    setpgid(w, w);
    int st = wait_body(w, limit_ms);
    int left = sweep();
    if (st < 0)
        FAIL("the test body did not finish in %d s (killed)", limit_ms / 1000);
    if (WIFSIGNALED(st))
        FAIL("the test body was killed by signal %d", WTERMSIG(st));
    if (WEXITSTATUS(st) != 0)
        _exit(WEXITSTATUS(st));
    if (left > 0)
        FAIL("the test left %d %s behind", left, what);
#ifdef __shmos__
    expect_ipc_counts(before.nshm, before.nsem);
#endif
}

