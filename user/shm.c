/*
 * shm.c - an inter-process function call through xv6-style shared memory
 * (shmos; user/shm-posix.c is the Linux version of the same program, and
 * prints the same trace).
 *
 * The parent creates an 8192-byte segment (shm_create) and forks.  The
 * parent attaches it at 0x10000000, the child at 0x20000000 (shm_attach):
 * two virtual addresses, the same physical pages.  The segment starts
 * zero-filled, and its first two ints carry the call:
 *   1. the parent waits while word 0 is 0;
 *   2. the child stores 1 in word 0 (the call) and waits while word 1 is 0;
 *   3. the released parent does its work and stores 1 in word 1 (the return);
 *   4. the released child detaches and exits; the parent waits for it,
 *      detaches and destroys the segment (shm_destroy is refused while the
 *      segment is attached anywhere, so the order matters).
 * Stores are releases and loads are acquires, so whatever one side wrote
 * before its store is visible to the other once it sees the 1.
 *
 * `shm --global` runs the same protocol on a global array instead of the
 * segment.  fork gives the child a private copy of the data, so neither side
 * ever sees the other's store: each gives up after GLOBAL_WAIT_S seconds and
 * the program exits with EXIT_STORE_NOT_SEEN.
 *
 * shmos has no signal handlers, so unlike shm-posix there is nothing to
 * catch: a process ended by kill() loses its attachment in the kernel, and
 * a segment its creator could not destroy stays listed by ipcs.
 *
 * Output is a trace whose line order depends only on the synchronisation,
 * never on scheduling: a process prints only while the other one is blocked
 * or gone.  Every line after the first starts with "[parent PID]" or
 * "[child PID]", so a test can mask the pids and compare it with shm-posix.
 */
#include <errno.h>
#include <sched.h>
#include <shmos.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "debug.h"

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

static int segment_id;
static pid_t segment_owner;   /* creator of segment_id; 0: nothing to destroy */

/* Trace line / fatal error, prefixed with "[role pid]". */
#define say(fmt, ...) \
    dprintf("[%s %d] " fmt, role, (int)getpid(), ##__VA_ARGS__)
#define fail(fmt, ...) \
    error("shm: [%s %d] " fmt, role, (int)getpid(), ##__VA_ARGS__)

/* atexit handler: destroys the segment if this process created it and has
 * not destroyed it yet.  shm_destroy is refused while the segment is
 * attached, so the creator's own attachment goes first (shm_detach fails
 * harmlessly if there is none).  fork copies atexit handlers into the
 * child, hence the pid check: only the creator destroys the segment. */
static void destroy_segment_at_exit(void)
{
    if (segment_owner != 0 && segment_owner == getpid()) {
        shm_detach(segment_id);
        shm_destroy(segment_id);
        segment_owner = 0;
    }
}

/* Creates a new zero-filled segment of SEGMENT_SIZE bytes and arranges for
 * it to be destroyed on any exit of this process.  Returns its id; exits
 * through error() on failure. */
static int create_segment(void)
{
    if (atexit(destroy_segment_at_exit) != 0)
        fail("atexit: cannot register the cleanup handler\n");
    int id = shm_create(SEGMENT_SIZE);
    if (id < 0)
        fail("shm_create(%d): %s\n", SEGMENT_SIZE, strerror(errno));
    segment_id = id;
    segment_owner = getpid();
    return id;
}

/* Attaches the whole segment read-write at exactly `where`.  Returns the
 * attachment; exits through error() if the kernel refuses the address.
 * shm_attach never moves a segment: it maps at addr or fails. */
static _Atomic int *map_segment(int id, uintptr_t where)
{
    if (shm_attach(id, (void *)where) < 0)
        fail("shm_attach(%d, 0x%08lx): %s\n", id, (unsigned long)where,
             strerror(errno));
    return (_Atomic int *)where;
}

/* Removes this process's attachment of the segment; exits on failure. */
static void unmap_segment(int id)
{
    if (shm_detach(id) < 0)
        fail("shm_detach(%d): %s\n", id, strerror(errno));
}

/* Monotonic time in nanoseconds. */
static long long now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        fail("clock_gettime: %s\n", strerror(errno));
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
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
 * and as soon as peer_alive() says the other process is gone, so a dead or
 * unreachable peer never leaves this process spinning forever. */
static enum wait_result wait_for_store(_Atomic int *word, int limit_s,
                                       bool (*peer_alive)(void))
{
    long long deadline = now_ns() + limit_s * 1000000000LL;
    while (atomic_load_explicit(word, memory_order_acquire) == 0) {
        if (!peer_alive())
            return atomic_load_explicit(word, memory_order_acquire) != 0
                       ? STORE_SEEN : PEER_GONE;
        if (limit_s > 0 && now_ns() >= deadline)
            return GAVE_UP;
        sched_yield();
    }
    return STORE_SEEN;
}

/* The child: calls the parent through word 0 and waits for the return in
 * word 1.  Returns the child's exit status. */
static int run_child(int id, bool global)
{
    _Atomic int *segment = map_segment(id, CHILD_ADDR);
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
    unmap_segment(id);
    say("unmapped the segment\n");
    return status;
}

/* The parent: waits for the child's call, answers it, then reaps the child
 * and destroys the segment.  Returns the program's exit status. */
static int run_parent(int id, bool global)
{
    _Atomic int *segment = map_segment(id, PARENT_ADDR);
    _Atomic int *words = global ? global_words : segment;
    int status = EXIT_SUCCESS;

    /* Silent until released: the child is printing. */
    enum wait_result r = wait_for_store(&words[CALL_WORD],
                                        global ? GLOBAL_WAIT_S : 0,
                                        child_alive);
    say("mapped the segment at 0x%08lx\n", PARENT_ADDR);
    if (r == STORE_SEEN) {
        say("released by the child\n");
    } else if (global) {
        /* Timed out, or the child gave up first: either way it stored 1
         * before waiting, in its own copy of global_words. */
        say("gave up after %d s: the child's store to the global variable "
            "was never seen\n", GLOBAL_WAIT_S);
        status = EXIT_STORE_NOT_SEEN;
    } else {
        fail("the child exited without releasing the parent\n");
    }
    say("releasing the child\n");
    atomic_store_explicit(&words[RETURN_WORD], 1, memory_order_release);

    /* Silent until the child is gone: it is printing. */
    if (!child_reaped && waitpid(child_pid, &child_status, 0) < 0)
        fail("waitpid: %s\n", strerror(errno));
    child_reaped = true;
    if (!WIFEXITED(child_status))
        fail("the child was killed by signal %d\n", WTERMSIG(child_status));
    say("the child exited with status %d\n", WEXITSTATUS(child_status));
    if (WEXITSTATUS(child_status) != (global ? EXIT_STORE_NOT_SEEN : 0))
        fail("the child failed\n");

    unmap_segment(id);
    say("unmapped the segment\n");
    if (shm_destroy(id) < 0)
        fail("shm_destroy(%d): %s\n", id, strerror(errno));
    segment_owner = 0;
    say("destroyed the segment\n");
    return status;
}

int main(int argc, char **argv)
{
    bool global = false;

    dprintf("the %s command started with %d parameters\n", argv[0], argc);
    if (argc == 2 && strcmp(argv[1], "--global") == 0)
        global = true;
    else if (argc != 1)
        error("usage: %s [--global]\n", argv[0]);

    int id = create_segment();
    say("created a segment of %d bytes\n", SEGMENT_SIZE);
    if (global)
        say("synchronising through a global variable, not the segment\n");

    parent_pid = getpid();
    child_pid = fork();
    if (child_pid < 0)
        fail("fork: %s\n", strerror(errno));
    if (child_pid == 0) {
        role = "child";
        return run_child(id, global);
    }
    return run_parent(id, global);
}
