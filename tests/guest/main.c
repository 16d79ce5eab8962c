/* /bin/tests: the guest test runner. Prints TAP.
 *
 *   tests            run every test
 *   tests NAME...    run the tests whose name contains one of the NAMEs
 *   tests -l         list the test names
 *
 * Each test runs in a forked child (in its own process group, so a timeout
 * can kill whatever it started; Ctrl-C at the shell therefore stops the
 * runner but not the test in progress, which finishes and is reaped by init).
 * The child's wait status decides. The last TAP line checks that the suite
 * leaked nothing. Exits 0 iff all passed. */
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

/* The groups every test file registered (TEST_GROUP in tests.h). */
extern const struct test_group *const __start_test_groups[], *const __stop_test_groups[];
#define MAX_GROUPS 64

static const struct test_group *groups[MAX_GROUPS];
static int ngroups;

/* Does group a run before group b? */
static int runs_before(const struct test_group *a, const struct test_group *b)
{
    return a->order != b->order ? a->order < b->order : strcmp(a->file, b->file) < 0;
}

/* Fill groups[] in run order from the registered ones. 0, or -1 (printed)
 * if there are more than MAX_GROUPS. */
static int collect_groups(void)
{
    for (const struct test_group *const *g = __start_test_groups; g < __stop_test_groups; g++) {
        if (ngroups == MAX_GROUPS) {
            out("Bail out! more than %d test groups", MAX_GROUPS);
            return -1;
        }
        int i = ngroups++;
        for (; i > 0 && runs_before(*g, groups[i - 1]); i--)
            groups[i] = groups[i - 1];
        groups[i] = *g;
    }
    return 0;
}

#define LEAK_TEST_NAME "no leaks: free pages, processes, files, segments, semaphores, memory objects, nodes, futex waiters, fds"

static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay != '\0'; hay++)
        if (strncmp(hay, needle, n) == 0)
            return 1;
    return n == 0;
}

/* Is name chosen by the command-line filters (all tests when there are none)? */
static int selected(const char *name, int nfilters, char **filters)
{
    if (nfilters == 0)
        return 1;
    for (int i = 0; i < nfilters; i++)
        if (contains(name, filters[i]))
            return 1;
    return 0;
}

/* Monotonic milliseconds, or -1 if the clock does not work (the runner then
 * falls back to counting its own naps, so a broken clock cannot hang it). */
static long long runner_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return -1;
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Describe a wait status in words for a "not ok" line. */
static void describe(char *buf, size_t size, int status)
{
    if (WIFEXITED(status))
        fmt(buf, size, "exited with status %d", WEXITSTATUS(status));
    else
        fmt(buf, size, "killed by signal %d", WTERMSIG(status));
}

/* Run test t in a child and print its TAP line. Returns 1 if it passed. */
static int run_one(const struct test *t)
{
    if (t->skip != NULL) {
        tap_skip(t->name, t->skip);
        return 1;
    }
    long limit_ms = 1000L * (t->timeout > 0 ? t->timeout : TEST_TIMEOUT_DEFAULT);
    pid_t pid = fork();
    if (pid < 0) {
        return tap_ok(0, "%s (fork failed: %s)", t->name, errname(errno));
    }
    if (pid == 0) {
        setpgid(0, 0);
        child_setup();
        t->fn(t->arg);
        _exit(0);
    }
    setpgid(pid, pid);   /* either side may win the race; both ask for the same */

    long long start = runner_ms();
    long waited_ms = 0, nap_us = 100;
    int status = 0, timed_out = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            return tap_ok(0, "%s (waitpid failed: %s)", t->name, errname(errno));
        }
        long long now = runner_ms();
        long elapsed = (start >= 0 && now >= 0) ? (long)(now - start) : waited_ms;
        if (elapsed > limit_ms) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            timed_out = 1;
            break;
        }
        struct timespec nap = { 0, nap_us * 1000 };
        nanosleep(&nap, NULL);
        waited_ms += nap_us / 1000;
        if (nap_us < 20000)
            nap_us *= 2;
    }

    char why[96];
    if (timed_out)
        return tap_ok(0, "%s (timeout after %ld s)", t->name, limit_ms / 1000);
    if (t->signal == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return tap_ok(1, "%s", t->name);
    if (t->signal != 0 && WIFSIGNALED(status) && WTERMSIG(status) == t->signal)
        return tap_ok(1, "%s", t->name);
    describe(why, sizeof why, status);
    if (t->signal != 0)
        return tap_ok(0, "%s (%s, expected signal %d)", t->name, why, t->signal);
    return tap_ok(0, "%s (%s)", t->name, why);
}

/* What must be the same before and after the suite. */
struct snapshot {
    int fds;
#ifdef __shmos__
    struct meminfo mi;
#endif
};

static void take_snapshot(struct snapshot *s)
{
    s->fds = count_open_fds(64);
#ifdef __shmos__
    if (meminfo(&s->mi) != 0)
        memset(&s->mi, 0xff, sizeof s->mi);
#endif
}

static int same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
    if (a->fds != b->fds)
        return 0;
#ifdef __shmos__
    /* Pages a kernel stack took are held by its process slot for good:
     * not free, not leaked either (a test may have used more slots). */
    if (a->mi.free_pages + a->mi.kstack_pages != b->mi.free_pages + b->mi.kstack_pages ||
        a->mi.nproc != b->mi.nproc ||
        a->mi.nfile != b->mi.nfile || a->mi.nshm != b->mi.nshm || a->mi.nsem != b->mi.nsem ||
        a->mi.nobj != b->mi.nobj || a->mi.nnode != b->mi.nnode || a->mi.nfutex != b->mi.nfutex)
        return 0;
#endif
    return 1;
}

/* Deepen the runner's stack once, so demand-filled stack pages that the
 * runner would touch later are already counted in the "before" snapshot. */
static void __attribute__((noinline)) touch_stack(void)
{
    volatile char big[16384];
    for (size_t i = 0; i < sizeof big; i += 256)
        big[i] = (char)i;
}

static void warm_up_child(long arg)
{
    (void)arg;
    int p[2];
    if (pipe(p) == 0) {
        close(p[0]);
        close(p[1]);
    }
    sbrk(8192);
}

/* shmos gives a process slot's kernel stack its pages when the slot is
 * first used, and they stay (meminfo's kstack_pages): WARM_SLOTS children
 * alive at once, more than any test but the process-table ones has, back
 * the slots the tests use before the suite counts free pages, so that a
 * test's own count does not see them taken. */
#define WARM_SLOTS 64
static void warm_up_slots(void)
{
    int p[2];
    pid_t pids[WARM_SLOTS];
    if (pipe(p) != 0)
        return;
    int n = 0;
    for (; n < WARM_SLOTS; n++) {
        pids[n] = fork();
        if (pids[n] == 0) {
            char c;
            close(p[1]);
            while (read(p[0], &c, 1) < 0 && errno == EINTR)
                ;
            _exit(0);
        }
        if (pids[n] < 0)
            break;
    }
    close(p[0]);
    close(p[1]);                        /* every child's read returns 0 */
    for (int i = 0; i < n; i++)
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
}

/* Let the kernel settle (init reaping orphans, deferred frees), warming up
 * allocator caches and process slots first, then record the starting
 * state: two snapshots 20 ms apart that agree (once, 1 in ~20 boots, a suite ended with one
 * page more free than at its start: something was in flight at the first
 * snapshot). */
static void before_suite(struct snapshot *s)
{
    touch_stack();
    warm_up_slots();
    for (int i = 0; i < 2; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            warm_up_child(0);
            _exit(0);
        }
        if (pid > 0)
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
    }
    take_snapshot(s);
    for (int tries = 0; tries < 50; tries++) {
        struct snapshot again;
        struct timespec nap = { 0, 20 * 1000000L };
        nanosleep(&nap, NULL);
        take_snapshot(&again);
        if (same_snapshot(s, &again))
            break;
        *s = again;
    }
}

/* The final TAP line: nothing leaked. Retries for a few seconds because
 * orphans handed to init are reaped asynchronously. Returns 1 if passed. */
static int leak_check(const struct snapshot *before)
{
    struct snapshot after;
    for (int tries = 0; ; tries++) {
        take_snapshot(&after);
        if (same_snapshot(before, &after) || tries >= 250)
            break;
        sched_yield();
        struct timespec nap = { 0, 20 * 1000000L };
        nanosleep(&nap, NULL);
    }
    int ok = same_snapshot(before, &after);
    errno = 0;
    pid_t stray = waitpid(-1, NULL, WNOHANG);
    if (stray != -1 || errno != ECHILD) {
        diag("runner still has children: waitpid(-1) = %d errno %s", (int)stray, errname(errno));
        ok = 0;
    }
    if (before->fds != after.fds)
        diag("runner fds: %d open before, %d after", before->fds, after.fds);
#ifdef __shmos__
    diag("meminfo before: free_pages %u kstack_pages %u nproc %u nfile %u nshm %u nsem %u nobj %u "
         "nnode %u nfutex %u",
         (unsigned)before->mi.free_pages, (unsigned)before->mi.kstack_pages,
         (unsigned)before->mi.nproc,
         (unsigned)before->mi.nfile, (unsigned)before->mi.nshm, (unsigned)before->mi.nsem,
         (unsigned)before->mi.nobj, (unsigned)before->mi.nnode, (unsigned)before->mi.nfutex);
    diag("meminfo after:  free_pages %u kstack_pages %u nproc %u nfile %u nshm %u nsem %u nobj %u "
         "nnode %u nfutex %u",
         (unsigned)after.mi.free_pages, (unsigned)after.mi.kstack_pages,
         (unsigned)after.mi.nproc,
         (unsigned)after.mi.nfile, (unsigned)after.mi.nshm, (unsigned)after.mi.nsem,
         (unsigned)after.mi.nobj, (unsigned)after.mi.nnode, (unsigned)after.mi.nfutex);
#else
    diag("kernel-wide counters (meminfo) are shmos-only; checked runner fds and children");
#endif
    return tap_ok(ok, "%s", LEAK_TEST_NAME);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], EXEC_HELPER) == 0)
        return exec_helper_main(argc, argv);
    if (argc >= 2 && strcmp(argv[1], VCLOCK_HELPER) == 0)
        return vclock_helper_main(argc, argv);
    if (argc >= 2 && strcmp(argv[1], TTY_HELPER) == 0)
        return tty_helper_main(argc, argv);
    if (argc >= 2 && strcmp(argv[1], IDS_HELPER) == 0)
        return ids_helper_main(argc, argv);

    int list = 0, nfilters = 0;
    char **filters = argv + 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-l") == 0) {
            list = 1;
        } else if (argv[i][0] == '-') {
            out("usage: tests [-l] [NAME...]");
            return 2;
        } else {
            filters[nfilters++] = argv[i];
        }
    }

    if (collect_groups() != 0)
        return 1;
    int total = 0;
    for (int g = 0; g < ngroups; g++)
        for (int i = 0; i < groups[g]->count; i++)
            if (selected(groups[g]->tests[i].name, nfilters, filters)) {
                if (list)
                    out("%s", groups[g]->tests[i].name);
                total++;
            }
    if (list) {
        out("%s", LEAK_TEST_NAME);
        return 0;
    }
    if (total == 0) {
        tap_skip_all("no test name matches");
        return 1;
    }

    struct snapshot before;
    before_suite(&before);
    tap_plan(total + 1);
    for (int g = 0; g < ngroups; g++)
        for (int i = 0; i < groups[g]->count; i++)
            if (selected(groups[g]->tests[i].name, nfilters, filters))
                run_one(&groups[g]->tests[i]);
    leak_check(&before);
    diag("%d of %d passed", tap_count() - tap_failed(), tap_count());
    return tap_failed() == 0 ? 0 : 1;
}
