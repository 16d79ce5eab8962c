/*
 * lab.h - the protocol of the shared-memory lab programs (user/lib/lab.c):
 * an inter-process function call through a shared segment, run by
 * /bin/shm over the xv6-style calls and by shm-posix over POSIX shared
 * memory (on shmos and on Linux alike). A program supplies the four
 * segment operations; the protocol, its trace and its cleanup are the same
 * code, so the traces match line for line (tests/host/shm-posix.expected).
 *
 * The parent creates an 8192-byte segment and forks. The parent maps it at
 * 0x10000000, the child at 0x20000000: two virtual addresses, the same
 * physical pages. The segment starts zero-filled, and its first two ints
 * carry the call:
 *   1. the parent waits while word 0 is 0;
 *   2. the child stores 1 in word 0 (the call) and waits while word 1 is 0;
 *   3. the released parent does its work and stores 1 in word 1 (the return);
 *   4. the released child unmaps and exits; the parent waits for it, unmaps
 *      and destroys the segment.
 * Stores are releases and loads are acquires, so whatever one side wrote
 * before its store is visible to the other once it sees the 1.
 *
 * `--global` runs the same protocol on a global array instead of the
 * segment. fork gives the child a private copy of the data, so neither side
 * ever sees the other's store: each gives up after LAB_GLOBAL_WAIT_S seconds
 * and the program exits with LAB_EXIT_STORE_NOT_SEEN. See docs/shm-posix.md.
 * `--fail-after-call` makes the parent fail once the child has called it,
 * with the child still attached: a test of the cleanup on error.
 *
 * Output is a trace whose line order depends only on the synchronisation,
 * never on scheduling: a process prints only while the other one is blocked
 * or gone. Every line after the first starts with "[parent PID]" or
 * "[child PID]" so a test can mask the pids. SIGPIPE is ignored: a closed
 * output (shm | head) makes the trace lines fail, not the program.
 */
#ifndef SHMOS_LAB_H
#define SHMOS_LAB_H
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>
#include "debug.h"

#define LAB_SEGMENT_SIZE        8192
#define LAB_PARENT_ADDR         0x10000000UL
#define LAB_CHILD_ADDR          0x20000000UL
#define LAB_GLOBAL_WAIT_S       2   /* how long --global waits for the other side */
#define LAB_EXIT_STORE_NOT_SEEN 3   /* --global: the expected failure */

/* The segment operations of one program. create returns a handle (a
 * segment id, a descriptor) and arranges for the segment to be removed on
 * any exit of its creator; map maps it at exactly `where`; unmap and
 * destroy undo. Each exits through lab_fail on failure. */
struct lab_segment_ops {
    const char *prog;                               /* the name in error messages */
    int (*create)(void);
    _Atomic int *(*map)(int handle, uintptr_t where);
    void (*unmap)(int handle, _Atomic int *segment);
    void (*destroy)(int handle);
};

/* Who prints: "parent" or "child", and the program's name. */
extern const char *lab_role;
extern const char *lab_prog;

/* A trace line / a fatal error, prefixed with "[role pid]". */
#define lab_say(fmt, ...) \
    dprintf("[%s %d] " fmt, lab_role, (int)getpid(), ##__VA_ARGS__)
#define lab_fail(fmt, ...) \
    error("%s: [%s %d] " fmt, lab_prog, lab_role, (int)getpid(), ##__VA_ARGS__)

/* Run the lab program with these segment operations; its exit status. */
int lab_main(int argc, char **argv, const struct lab_segment_ops *ops);
#endif
