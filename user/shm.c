/*
 * shm.c - an inter-process function call through shared memory: the lab
 * program, one source for both systems.
 *   - on shmos it is /bin/shm and uses the lab's calls: shm_create,
 *     shm_attach, shm_detach, shm_destroy;
 *   - on Linux it is build/host/shm-posix and uses POSIX shared memory:
 *     shm_open + ftruncate, mmap, munmap, shm_unlink.
 * Only the four segment operations differ (the "segment backend" below); the
 * protocol and its trace are the same code, so the two traces match line for
 * line (tests/host/shm-posix.expected).
 *
 * The parent creates an 8192-byte segment and forks. The parent maps it at
 * 0x10000000, the child at 0x20000000: two virtual addresses, the same
 * physical pages. The segment starts zero-filled, and its first two ints
 * carry the call:
 *   1. the parent waits while word 0 is 0;
 *   2. the child stores 1 in word 0 (the call) and waits while word 1 is 0;
 *   3. the released parent does its work and stores 1 in word 1 (the return);
 *   4. the released child unmaps and exits; the parent waits for it, unmaps
 *      and destroys the segment (shm_destroy is refused while the segment is
 *      attached anywhere, so the order matters on shmos).
 * Stores are releases and loads are acquires, so whatever one side wrote
 * before its store is visible to the other once it sees the 1.
 *
 * `--global` runs the same protocol on a global array instead of the
 * segment. fork gives the child a private copy of the data, so neither side
 * ever sees the other's store: each gives up after GLOBAL_WAIT_S seconds and
 * the program exits with EXIT_STORE_NOT_SEEN. See docs/shm-posix.md.
 * `--fail-after-call` makes the parent fail once the child has called it,
 * with the child still attached: a test of the cleanup on error.
 *
 * Output is a trace whose line order depends only on the synchronisation,
 * never on scheduling: a process prints only while the other one is blocked
 * or gone. With --global the parent cannot see the child's call, so it
 * stays silent until the child has exited. Every line after the first
 * starts with "[parent PID]" or "[child PID]" so a test can mask the pids.
 *
 * SIGPIPE is ignored: a closed output (shm | head) makes the trace lines
 * fail, not the program, so the protocol and its cleanup still complete.
 */
#ifndef __shmos__
#define _DEFAULT_SOURCE /* shm_open, MAP_FIXED_NOREPLACE, even with -std=c11 */
#endif

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __shmos__
#include <shmos.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#endif

#include "debug.h"
#include "monotime.h"

#ifdef __shmos__
#define PROG "shm"
#else
#define PROG "shm-posix"
#endif
#define SEGMENT_SIZE        8192
#define PARENT_ADDR         0x10000000UL
#define CHILD_ADDR          0x20000000UL
#define GLOBAL_WAIT_S       2   /* how long --global waits for the other side */
#define EXIT_STORE_NOT_SEEN 3   /* --global: the expected failure */

/* Indices of the two synchronisation words. */
enum { CALL_WORD = 0, RETURN_WORD = 1 };

enum wait_result { STORE_SEEN, GAVE_UP, PEER_GONE };

/* --global: the words each process has its own copy of after fork. */
static _Atomic int global_words[2];

static const char *role = "parent";
static pid_t parent_pid;
static pid_t child_pid;
static int child_status;      /* valid once child_reaped */
static bool child_reaped;

/* Trace line / fatal error, prefixed with "[role pid]". */
#define say(fmt, ...) \
    dprintf("[%s %d] " fmt, role, (int)getpid(), ##__VA_ARGS__)
#define fail(fmt, ...) \
    error(PROG ": [%s %d] " fmt, role, (int)getpid(), ##__VA_ARGS__)

/* ------------------------------------------------------------------------
 * The segment backend: create_segment() returns a handle (a segment id on
 * shmos, a descriptor on Linux) and arranges for the segment to be removed
 * on any exit of its creator; map_segment() maps it at exactly `where`;
 * unmap_segment() and destroy_segment() undo. Each exits through fail().
 */
#ifdef __shmos__

static int segment_id;
static pid_t segment_owner;   /* creator of segment_id; 0: nothing to destroy */

/* atexit handler: destroys the segment if this process created it and has
 * not destroyed it yet. shm_destroy is refused while the segment is
 * attached, so the creator's own attachment goes first (shm_detach fails
 * harmlessly if there is none), and the child's is already gone: the
 * parent's later atexit handler, stop_child_at_exit, has reaped it. fork
 * copies atexit handlers into the child, hence the pid check. A process
 * ended by a signal detaches in the kernel; a segment its creator could
 * not destroy stays listed by ipcs. */
static void destroy_segment_at_exit(void)
{
    if (segment_owner != 0 && segment_owner == getpid()) {
        shm_detach(segment_id);
        shm_destroy(segment_id);
    }
}

static int create_segment(void)
{
    if (atexit(destroy_segment_at_exit) != 0)
        fail("atexit failed\n");
    int id = shm_create(SEGMENT_SIZE);
    if (id < 0)
        fail("shm_create(%d): %s\n", SEGMENT_SIZE, strerror(errno));
    segment_id = id;
    segment_owner = getpid();
    return id;
}

/* shm_attach never moves a segment: it maps at addr or fails. */
static _Atomic int *map_segment(int id, uintptr_t where)
{
    if (shm_attach(id, (void *)where) < 0)
        fail("shm_attach(%d, 0x%08lx): %s\n", id, (unsigned long)where,
             strerror(errno));
    return (_Atomic int *)where;
}

static void unmap_segment(int id, _Atomic int *segment)
{
    (void)segment;
    if (shm_detach(id) < 0)
        fail("shm_detach(%d): %s\n", id, strerror(errno));
}

static void destroy_segment(int id)
{
    if (shm_destroy(id) < 0)
        fail("shm_destroy(%d): %s\n", id, strerror(errno));
    segment_owner = 0;
}

#else /* Linux: POSIX shared memory */
static char segment_name[64];
static char segment_path[80]; /* the name under /dev/shm, for signal handlers */
/* Creator of segment_name; 0: nothing to unlink.  Read by a signal handler. */
static volatile sig_atomic_t segment_owner;

/* atexit handler: unlinks the segment name if this process created it and
 * has not unlinked it yet.  fork copies atexit handlers into the child,
 * hence the pid check: only the creator removes the name. */
static void unlink_segment_at_exit(void)
{
    if (segment_owner != 0 && segment_owner == getpid()) {
        shm_unlink(segment_name);
        segment_owner = 0;
    }
}

/* Handler for SIGHUP, SIGINT and SIGTERM: a process killed by a signal
 * skips its atexit handlers, so the creator unlinks the name here, then
 * dies of the same signal.  Only async-signal-safe calls: unlink(2) on the
 * /dev/shm path rather than shm_unlink. */
static void unlink_segment_on_signal(int sig)
{
    if (segment_owner != 0 && segment_owner == getpid())
        unlink(segment_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Installs unlink_segment_on_signal for the signals that usually end a
 * program, except those the caller ignores (a shell's background job
 * ignores SIGINT and must keep doing so). */
static void catch_fatal_signals(void)
{
    static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
    struct sigaction old, sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = unlink_segment_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        if (sigaction(sigs[i], NULL, &old) < 0)
            fail("sigaction(%d): %s\n", sigs[i], strerror(errno));
        if (old.sa_handler != SIG_IGN && sigaction(sigs[i], &sa, NULL) < 0)
            fail("sigaction(%d): %s\n", sigs[i], strerror(errno));
    }
}

/* Creates a new zero-filled segment of SEGMENT_SIZE bytes under a name
 * unique to this process, and arranges for the name to be unlinked on any
 * exit and on death by SIGHUP, SIGINT or SIGTERM.  Returns its
 * descriptor; exits through error() on failure. */
static int create_segment(void)
{
    if (atexit(unlink_segment_at_exit) != 0)
        fail("atexit: cannot register the cleanup handler\n");
    catch_fatal_signals();
    snprintf(segment_name, sizeof segment_name, "/shmos-" PROG "-%d",
             (int)getpid());
    snprintf(segment_path, sizeof segment_path, "/dev/shm%s", segment_name);
    int fd = shm_open(segment_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        fail("shm_open(%s): %s\n", segment_name, strerror(errno));
    segment_owner = getpid();
    if (ftruncate(fd, SEGMENT_SIZE) < 0)
        fail("ftruncate(%s, %d): %s\n", segment_name, SEGMENT_SIZE,
             strerror(errno));
    return fd;
}

/* Maps the whole segment read-write at exactly `where` and closes fd.
 * Returns the mapping; exits through error() if the kernel refuses the
 * address (already in use) or would put the segment anywhere else. */
static _Atomic int *map_segment(int fd, uintptr_t where)
{
    void *want = (void *)where;
    int flags = MAP_SHARED;
#ifdef MAP_FIXED_NOREPLACE
    /* Fail with EEXIST rather than move; kernels older than 4.17 ignore
     * the flag and treat `want` as a hint, which the check below catches. */
    flags |= MAP_FIXED_NOREPLACE;
#endif
    void *got = mmap(want, SEGMENT_SIZE, PROT_READ | PROT_WRITE, flags, fd, 0);
    if (got == MAP_FAILED)
        fail("mmap at 0x%08lx: %s\n", (unsigned long)where, strerror(errno));
    if (got != want) {
        munmap(got, SEGMENT_SIZE);
        fail("mmap put the segment at %p instead of 0x%08lx\n", got,
             (unsigned long)where);
    }
    if (close(fd) < 0)
        fail("close(%d): %s\n", fd, strerror(errno));
    return got;
}

/* Removes this process's mapping of the segment; exits on failure. */
static void unmap_segment(int fd, _Atomic int *segment)
{
    (void)fd;                 /* closed once mapped: the name identifies it */
    if (munmap((void *)segment, SEGMENT_SIZE) < 0)
        fail("munmap: %s\n", strerror(errno));
}

static void destroy_segment(int fd)
{
    (void)fd;
    if (shm_unlink(segment_name) < 0)
        fail("shm_unlink(%s): %s\n", segment_name, strerror(errno));
    segment_owner = 0;
}

#endif /* the segment backend */
/* ------------------------------------------------------------------------ */

/* atexit handler of the parent, run before the segment's (handlers run
 * in reverse order): an exit while the child still runs (an error after
 * fork) kills and reaps it first, so the child is not left waiting for a
 * call that will not come, and its attachment no longer stands in the way
 * of destroying the segment. */
static void stop_child_at_exit(void)
{
    if (child_pid <= 0 || child_reaped || getpid() != parent_pid)
        return;
    kill(child_pid, SIGKILL);
    while (waitpid(child_pid, &child_status, 0) < 0 && errno == EINTR)
        continue;
    child_reaped = true;
}

/* Parent's liveness probe: false once the child has exited, whose status is
 * then kept in child_status (the child is reaped here). */
static bool child_alive(void)
{
    if (child_reaped)
        return false;
    pid_t r = waitpid(child_pid, &child_status, WNOHANG);
    if (r < 0)
        fail("waitpid: %s\n", strerror(errno));
    child_reaped = (r == child_pid);
    return !child_reaped;
}

/* Child's liveness probe: an orphan is re-parented, so getppid changes. */
static bool parent_alive(void)
{
    return getppid() == parent_pid;
}

/* Yields the CPU until *word is non-zero.  The acquire load pairs with the
 * other side's release store.  Gives up after limit_s seconds if limit_s > 0,
 * and as soon as peer_alive() (if not NULL) says the other process is gone,
 * so a dead or unreachable peer never leaves this process spinning forever. */
static enum wait_result wait_for_store(_Atomic int *word, int limit_s,
                                       bool (*peer_alive)(void))
{
    int64_t deadline = mono_ns() + limit_s * INT64_C(1000000000);
    while (atomic_load_explicit(word, memory_order_acquire) == 0) {
        if (peer_alive != NULL && !peer_alive())
            return atomic_load_explicit(word, memory_order_acquire) != 0
                       ? STORE_SEEN : PEER_GONE;
        if (limit_s > 0 && mono_ns() >= deadline)
            return GAVE_UP;
        sched_yield();
    }
    return STORE_SEEN;
}

/* The child: calls the parent through word 0 and waits for the return in
 * word 1.  Returns the child's exit status. */
static int run_child(int seg, bool global)
{
    _Atomic int *segment = map_segment(seg, CHILD_ADDR);
    _Atomic int *words = global ? global_words : segment;
    int status = EXIT_SUCCESS;

    say("mapped the segment at 0x%08lx\n", CHILD_ADDR);
    say("releasing the parent\n");
    atomic_store_explicit(&words[CALL_WORD], 1, memory_order_release);
    /* Silent from here until released: the parent is printing. */
    switch (wait_for_store(&words[RETURN_WORD], global ? GLOBAL_WAIT_S : 0,
                           parent_alive)) {
    case STORE_SEEN:
        say("released by the parent\n");
        break;
    case GAVE_UP:
        say("gave up after %d s: the parent's store to the global variable "
            "was never seen\n", GLOBAL_WAIT_S);
        status = EXIT_STORE_NOT_SEEN;
        break;
    case PEER_GONE:
        fail("the parent exited without releasing the child\n");
    }
    unmap_segment(seg, segment);
    say("unmapped the segment\n");
    return status;
}

/* Waits for the child to exit (if not reaped yet); exits through fail()
 * if waitpid fails. */
static void reap_child(void)
{
    if (!child_reaped && waitpid(child_pid, &child_status, 0) < 0)
        fail("waitpid: %s\n", strerror(errno));
    child_reaped = true;
}

/* The parent: waits for the child's call, answers it, then reaps the child
 * and destroys the segment.  Returns the program's exit status. */
static int run_parent(int seg, bool global, bool fail_after_call)
{
    _Atomic int *segment = map_segment(seg, PARENT_ADDR);
    _Atomic int *words = global ? global_words : segment;
    int status = EXIT_SUCCESS;

    /* Silent until released: the child is printing.  With --global no
     * release ever comes: the parent waits its full GLOBAL_WAIT_S (the
     * child exiting early must not cut it short: the line below says 2 s),
     * then stays silent until the child, which gives up on its own, has
     * printed its last line and exited. */
    enum wait_result r = wait_for_store(&words[CALL_WORD],
                                        global ? GLOBAL_WAIT_S : 0,
                                        global ? NULL : child_alive);
    if (global)
        reap_child();
    say("mapped the segment at 0x%08lx\n", PARENT_ADDR);
    if (r == STORE_SEEN) {
        say("released by the child\n");
    } else if (global) {
        say("gave up after %d s: the child's store to the global variable "
            "was never seen\n", GLOBAL_WAIT_S);
        status = EXIT_STORE_NOT_SEEN;
    } else {
        fail("the child exited without releasing the parent\n");
    }
    if (fail_after_call)
        fail("failing on purpose after the call (--fail-after-call)\n");
    if (!global) {
        say("releasing the child\n");
        atomic_store_explicit(&words[RETURN_WORD], 1, memory_order_release);
    }

    /* Silent until the child is gone: it is printing. */
    reap_child();
    if (!WIFEXITED(child_status))
        fail("the child was killed by signal %d\n", WTERMSIG(child_status));
    say("the child exited with status %d\n", WEXITSTATUS(child_status));
    if (WEXITSTATUS(child_status) != (global ? EXIT_STORE_NOT_SEEN : 0))
        fail("the child failed\n");

    unmap_segment(seg, segment);
    say("unmapped the segment\n");
    destroy_segment(seg);
    say("destroyed the segment\n");
    return status;
}

int main(int argc, char **argv)
{
    bool global = false, fail_after_call = false;

    signal(SIGPIPE, SIG_IGN);
    dprintf("the %s command started with %d parameters\n", argv[0], argc);
    if (argc == 2 && strcmp(argv[1], "--global") == 0)
        global = true;
    else if (argc == 2 && strcmp(argv[1], "--fail-after-call") == 0)
        fail_after_call = true;
    else if (argc != 1)
        error("usage: %s [--global]\n", argv[0]);

    int seg = create_segment();
    say("created a segment of %d bytes\n", SEGMENT_SIZE);
    if (global)
        say("synchronising through a global variable, not the segment\n");

    /* Registered after the segment's handler, so it runs before it; a
     * no-op in the child (child_pid is 0 there) and before the fork. */
    if (atexit(stop_child_at_exit) != 0)
        fail("atexit: cannot register the cleanup handler\n");
    parent_pid = getpid();
    child_pid = fork();
    if (child_pid < 0)
        fail("fork: %s\n", strerror(errno));
    if (child_pid == 0) {
        role = "child";
        return run_child(seg, global);
    }
    return run_parent(seg, global, fail_after_call);
}
