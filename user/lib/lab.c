/* The shared-memory lab's protocol (see include/portable/lab.h): the
 * parent and child halves of the call, their waits, and the cleanup of a
 * parent that exits early. The segment itself is the program's business
 * (struct lab_segment_ops). */
#define _DEFAULT_SOURCE /* kill, sched_yield, even with -std=c11 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "lab.h"
#include "monotime.h"

/* Indices of the two synchronisation words. */
enum { CALL_WORD = 0, RETURN_WORD = 1 };

enum wait_result { STORE_SEEN, GAVE_UP, PEER_GONE };

/* --global: the words each process has its own copy of after fork. */
static _Atomic int global_words[2];

const char *lab_role = "parent";
const char *lab_prog = "lab";
static const struct lab_segment_ops *seg_ops;
static pid_t parent_pid;
static pid_t child_pid;
static int child_status;      /* valid once child_reaped */
static bool child_reaped;

#define say lab_say
#define fail lab_fail

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
    _Atomic int *segment = seg_ops->map(seg, LAB_CHILD_ADDR);
    _Atomic int *words = global ? global_words : segment;
    int status = EXIT_SUCCESS;

    say("mapped the segment at 0x%08lx\n", LAB_CHILD_ADDR);
    say("releasing the parent\n");
    atomic_store_explicit(&words[CALL_WORD], 1, memory_order_release);
    /* Silent from here until released: the parent is printing. */
    switch (wait_for_store(&words[RETURN_WORD], global ? LAB_GLOBAL_WAIT_S : 0,
                           parent_alive)) {
    case STORE_SEEN:
        say("released by the parent\n");
        break;
    case GAVE_UP:
        say("gave up after %d s: the parent's store to the global variable "
            "was never seen\n", LAB_GLOBAL_WAIT_S);
        status = LAB_EXIT_STORE_NOT_SEEN;
        break;
    case PEER_GONE:
        fail("the parent exited without releasing the child\n");
    }
    seg_ops->unmap(seg, segment);
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
    _Atomic int *segment = seg_ops->map(seg, LAB_PARENT_ADDR);
    _Atomic int *words = global ? global_words : segment;
    int status = EXIT_SUCCESS;

    /* Silent until released: the child is printing.  With --global no
     * release ever comes: the parent waits its full LAB_GLOBAL_WAIT_S (the
     * child exiting early must not cut it short: the line below says 2 s),
     * then stays silent until the child, which gives up on its own, has
     * printed its last line and exited. */
    enum wait_result r = wait_for_store(&words[CALL_WORD],
                                        global ? LAB_GLOBAL_WAIT_S : 0,
                                        global ? NULL : child_alive);
    if (global)
        reap_child();
    say("mapped the segment at 0x%08lx\n", LAB_PARENT_ADDR);
    if (r == STORE_SEEN) {
        say("released by the child\n");
    } else if (global) {
        say("gave up after %d s: the child's store to the global variable "
            "was never seen\n", LAB_GLOBAL_WAIT_S);
        status = LAB_EXIT_STORE_NOT_SEEN;
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
    if (WEXITSTATUS(child_status) != (global ? LAB_EXIT_STORE_NOT_SEEN : 0))
        fail("the child failed\n");

    seg_ops->unmap(seg, segment);
    say("unmapped the segment\n");
    seg_ops->destroy(seg);
    say("destroyed the segment\n");
    return status;
}

int lab_main(int argc, char **argv, const struct lab_segment_ops *ops)
{
    bool global = false, fail_after_call = false;

    seg_ops = ops;
    lab_prog = ops->prog;
    signal(SIGPIPE, SIG_IGN);
    dprintf("the %s command started with %d parameters\n", argv[0], argc);
    if (argc == 2 && strcmp(argv[1], "--global") == 0)
        global = true;
    else if (argc == 2 && strcmp(argv[1], "--fail-after-call") == 0)
        fail_after_call = true;
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [--global]\n", argv[0]);
        exit(2);                        /* bad usage: 2, as every tool */
    }

    int seg = ops->create();
    say("created a segment of %d bytes\n", LAB_SEGMENT_SIZE);
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
        lab_role = "child";
        return run_child(seg, global);
    }
    return run_parent(seg, global, fail_after_call);
}
