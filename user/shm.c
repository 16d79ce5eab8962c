/*
 * shm.c - the shared-memory lab program over the xv6 lab's calls
 * (shm_create, shm_attach, shm_detach, shm_destroy): /bin/shm on shmos.
 * The protocol and its trace are user/lib/lab.c's (see lab.h); the same
 * program over POSIX shared memory is user/shm-posix.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <shmos.h>
#include "lab.h"

static int segment_id;
static pid_t segment_owner;   /* creator of segment_id; 0: nothing to destroy */

/* atexit handler: destroys the segment if this process created it and has
 * not destroyed it yet. shm_destroy is refused while the segment is
 * attached, so the creator's own attachment goes first (shm_detach fails
 * harmlessly if there is none), and the child's is already gone: the
 * parent's later atexit handler (lab.c's) has reaped it. fork copies
 * atexit handlers into the child, hence the pid check. A process ended by
 * a signal detaches in the kernel; a segment its creator could not destroy
 * stays listed by ipcs. */
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
        lab_fail("atexit failed\n");
    int id = shm_create(LAB_SEGMENT_SIZE);
    if (id < 0)
        lab_fail("shm_create(%d): %s\n", LAB_SEGMENT_SIZE, strerror(errno));
    segment_id = id;
    segment_owner = getpid();
    return id;
}

/* shm_attach never moves a segment: it maps at addr or fails. */
static _Atomic int *map_segment(int id, uintptr_t where)
{
    if (shm_attach(id, (void *)where) < 0)
        lab_fail("shm_attach(%d, 0x%08lx): %s\n", id, (unsigned long)where, strerror(errno));
    return (_Atomic int *)where;
}

static void unmap_segment(int id, _Atomic int *segment)
{
    (void)segment;
    if (shm_detach(id) < 0)
        lab_fail("shm_detach(%d): %s\n", id, strerror(errno));
}

static void destroy_segment(int id)
{
    if (shm_destroy(id) < 0)
        lab_fail("shm_destroy(%d): %s\n", id, strerror(errno));
    segment_owner = 0;
}

int main(int argc, char **argv)
{
    static const struct lab_segment_ops ops = {
        "shm", create_segment, map_segment, unmap_segment, destroy_segment,
    };
    return lab_main(argc, argv, &ops);
}
