/*
 * shm-posix.c - the shared-memory lab program over POSIX shared memory
 * (shm_open + ftruncate, mmap at fixed addresses, munmap, shm_unlink), as
 * one writes it for Linux: build/host/shm-posix there and /bin/shm-posix
 * on shmos, from this same source with no system-specific line. The
 * protocol and its trace are user/lib/lab.c's (see lab.h); the same
 * program over the xv6 lab's calls is user/shm.c.
 */
#define _DEFAULT_SOURCE /* shm_open, MAP_FIXED_NOREPLACE, even with -std=c11 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "lab.h"

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
 * ignores SIGINT and must keep doing so). A system without signal
 * handlers (EINVAL) keeps the default: the name then outlives a parent
 * killed by a signal, and the program still runs. */
static void catch_fatal_signals(void)
{
    static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
    struct sigaction old, sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = unlink_segment_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        if (sigaction(sigs[i], NULL, &old) < 0)
            lab_fail("sigaction(%d): %s\n", sigs[i], strerror(errno));
        if (old.sa_handler != SIG_IGN && sigaction(sigs[i], &sa, NULL) < 0 && errno != EINVAL)
            lab_fail("sigaction(%d): %s\n", sigs[i], strerror(errno));
    }
}

/* Creates a new zero-filled segment of LAB_SEGMENT_SIZE bytes under a name
 * unique to this process, and arranges for the name to be unlinked on any
 * exit and on death by SIGHUP, SIGINT or SIGTERM.  Returns its
 * descriptor; exits through error() on failure. */
static int create_segment(void)
{
    if (atexit(unlink_segment_at_exit) != 0)
        lab_fail("atexit: cannot register the cleanup handler\n");
    catch_fatal_signals();
    snprintf(segment_name, sizeof segment_name, "/shmos-shm-posix-%d", (int)getpid());
    snprintf(segment_path, sizeof segment_path, "/dev/shm%s", segment_name);
    int fd = shm_open(segment_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        lab_fail("shm_open(%s): %s\n", segment_name, strerror(errno));
    segment_owner = getpid();
    if (ftruncate(fd, LAB_SEGMENT_SIZE) < 0)
        lab_fail("ftruncate(%s, %d): %s\n", segment_name, LAB_SEGMENT_SIZE,
             strerror(errno));
    return fd;
}

/* Maps the whole segment read-write at exactly `where` and closes fd.
 * Returns the mapping; exits through error() if the kernel refuses the
 * address (already in use) or would put the segment anywhere else. */
static _Atomic int *map_segment(int fd, uintptr_t where)
{
    void *want = (void *)where;
    /* MAP_FIXED_NOREPLACE: fail with EEXIST rather than move or replace
     * (kernels older than Linux 4.17 ignore the flag and treat `want` as a
     * hint, which the check below catches). */
    void *got = mmap(want, LAB_SEGMENT_SIZE, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
    if (got == MAP_FAILED)
        lab_fail("mmap at 0x%08lx: %s\n", (unsigned long)where, strerror(errno));
    if (got != want) {
        munmap(got, LAB_SEGMENT_SIZE);
        lab_fail("mmap put the segment at %p instead of 0x%08lx\n", got,
             (unsigned long)where);
    }
    if (close(fd) < 0)
        lab_fail("close(%d): %s\n", fd, strerror(errno));
    return got;
}

/* Removes this process's mapping of the segment; exits on failure. */
static void unmap_segment(int fd, _Atomic int *segment)
{
    (void)fd;                 /* closed once mapped: the name identifies it */
    if (munmap((void *)segment, LAB_SEGMENT_SIZE) < 0)
        lab_fail("munmap: %s\n", strerror(errno));
}

static void destroy_segment(int fd)
{
    (void)fd;
    if (shm_unlink(segment_name) < 0)
        lab_fail("shm_unlink(%s): %s\n", segment_name, strerror(errno));
    segment_owner = 0;
}

int main(int argc, char **argv)
{
    static const struct lab_segment_ops ops = {
        "shm-posix", create_segment, map_segment, unmap_segment, destroy_segment,
    };
    return lab_main(argc, argv, &ops);
}
