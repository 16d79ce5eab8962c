/*
 * producer - the producing half of the producer/consumer lab: writes the
 * integers 0..N-1 (default 500) into a ring of 10 slots held in a System V
 * shared-memory segment, in step with one or more consumers through three
 * semaphores (empty, full, mutex): named POSIX semaphores by default,
 * unnamed ones inside the segment with --unnamed, one System V set with
 * --sysv (include/portable/pc_sem.h). Builds for shmos and for Linux.
 *
 *   producer [-k RUN] [--sysv|--unnamed] [-c C] [N]
 *                                  create the run, wait (up to 10 s) for C
 *                                  consumers (default 1) to join, produce N
 *                                  items, stay until the consumers are done
 *   producer [-k RUN] --clean      remove the run's segment and semaphores,
 *                                  of any kind (what a killed run leaves)
 *
 * The producer creates everything and, once its items are out, stays in
 * the run until every consumer has left, so that it can remove the run
 * even if a consumer is killed. If the run cannot go on (too few
 * consumers, an error, every consumer gone with items left) it marks the
 * run abandoned and wakes the consumers; whoever leaves last removes it.
 * With -c 0 it does not wait for consumers: if none has joined when it
 * finishes, it exits and the run stays until a consumer comes and takes
 * the items. Protocol: include/portable/pc.h and docs/producer-consumer.md.
 * The producer prints nothing on stdout except the --clean summary; errors
 * go to stderr.
 *
 * Exit status: 0 done, 1 error (or run abandoned), 2 usage.
 */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* kill, sem_timedwait, nanosleep even with -std=c11 */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define PC_PROG "producer"
#include "pc.h"

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: producer [-k RUN] [--sysv|--unnamed] [-c CONSUMERS] [N]\n"
                    "       producer [-k RUN] --clean\n");
    exit(2);
}

/* --clean: remove whatever exists of run r, of any kind: the semaphore
 * names, a System V set with the key, then the segment (the order of
 * pc_remove). Returns the exit status. */
static int clean(struct pc_run *r)
{
    int id = shmget(pc_key(r), 0, 0);
    if (id < 0 && errno != ENOENT) {
        pc_report("shmget", errno);
        return 1;
    }
    int removed[PC_KINDS];
    for (int k = 0; k < PC_KINDS; k++) {
        struct pc_run of_kind;
        pc_run_init(&of_kind, r->run, (enum pc_kind)k);
        removed[k] = pc_sems_remove(&of_kind.sems);
    }
    int segment = id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
    printf("producer --clean: run %d (key 0x%08x): removed %d objects (segment %d,"
           " semaphore set %d, semaphore names %d)\n", r->run, (unsigned)pc_key(r),
           segment + removed[PC_SYSV] + removed[PC_NAMED], segment, removed[PC_SYSV],
           removed[PC_NAMED]);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Create run r for total items: the segment first, exclusively (holding
 * the key is what makes this process the run's producer), then the
 * semaphores (pc_sems_create: named, a System V set, or unnamed ones in
 * the ring), then publish the ring (magic last). 0, or -1 with a message
 * and nothing left behind; a consumer that attached meanwhile finds
 * PC_MAGIC_FAILED and says the setup failed. */
static int create_run(struct pc_run *r, int total)
{
    static const unsigned initial[PC_NSEMS] = { [PC_EMPTY] = PC_SLOTS, [PC_FULL] = 0,
                                                [PC_MUTEX] = 1 };
    r->shmid = shmget(pc_key(r), sizeof(struct pc_ring), IPC_CREAT | IPC_EXCL | 0600);
    if (r->shmid < 0) {
        if (errno == EEXIST)
            fprintf(stderr, "producer: run %d (key 0x%08x) exists already: another producer is"
                    " running, or a killed run left it behind ('producer -k %d --clean'"
                    " removes it)\n", r->run, (unsigned)pc_key(r), r->run);
        else
            pc_report("shmget", errno);
        return -1;
    }
    void *p = shmat(r->shmid, NULL, 0);
    if (p == (void *)-1) {
        pc_report("shmat", errno);
        goto remove_segment;
    }
    r->ring = p;
    /* A run removes its semaphores before it frees its key, so any name
     * or set found while this process holds a fresh key is a killed run's
     * leftover: pc_sems_create removes it. */
    const char *what;
    if (pc_sems_create(&r->sems, r->ring->sem, initial, &what) != 0) {
        pc_report(what, errno);
        goto remove_all;
    }
    struct pc_ring *q = r->ring;
    q->kind = r->sems.kind;
    q->total = total;
    q->producer = (int32_t)getpid();
    q->consumers = q->done = q->aborted = q->over = 0;
    q->taken = q->in = q->out = 0;
    __atomic_store_n(&q->magic, PC_MAGIC, __ATOMIC_RELEASE);
    return 0;

remove_all:
    __atomic_store_n(&r->ring->magic, PC_MAGIC_FAILED, __ATOMIC_RELEASE);
    pc_remove(r, r->shmid);
    pc_release(r);
    return -1;
remove_segment:
    shmctl(r->shmid, IPC_RMID, NULL);
    return -1;
}

/* Run r's consumers that ever joined, or -1 with errno. */
static long joined(struct pc_run *r)
{
    if (pc_wait(r, PC_MUTEX) != 0)
        return -1;
    long n = r->ring->consumers;
    return pc_post(r, PC_MUTEX) == 0 ? n : -1;
}

/* Wait (polling: the producer has nothing else to do), at most
 * PC_WAIT_MS, until want consumers have joined run r. PC_RUNNING, or why
 * the run cannot go on (a message printed). */
static enum pc_abort await_consumers(struct pc_run *r, long want)
{
    int64_t deadline = mono_ms() + PC_WAIT_MS;
    for (;;) {
        long n = joined(r);
        if (n < 0) {
            pc_report("semaphore", errno);
            return PC_FAILED;
        }
        if (n >= want)
            return PC_RUNNING;
        if (mono_ms() > deadline) {
            fprintf(stderr, "producer: only %ld of %ld consumers joined run %d within %d s:"
                    " giving up\n", n, want, r->run, PC_WAIT_MS / 1000);
            return PC_TOO_FEW;
        }
        nap_ms(5);
    }
}

/* pc_put's check while the producer waits for a free slot: 1 if
 * consumers joined and none is attached any more (all killed: no one
 * will ever free a slot), 0 otherwise (with -c 0 and no consumer yet, the
 * producer waits for one to come). */
static int consumers_gone(struct pc_run *r)
{
    return joined(r) > 0 && pc_attached(r) == 1;
}

/* Report that every consumer of r is gone with left items not taken. */
static void report_consumers_gone(struct pc_run *r, long left)
{
    fprintf(stderr, "producer: every consumer of run %d is gone (killed?) with %ld of %d"
            " items not taken: giving up\n", r->run, left, r->ring->total);
}

/* Items of run r no consumer has taken yet, or -1 with errno. */
static long not_taken(struct pc_run *r)
{
    if (pc_wait(r, PC_MUTEX) != 0)
        return -1;
    long n = r->ring->total - r->ring->taken;
    return pc_post(r, PC_MUTEX) == 0 ? n : -1;
}

/* Put 0..total-1 into the ring, then the end marker: one more unit of
 * full, which a consumer that finds nothing left to take passes on, so
 * every consumer ends. PC_RUNNING, or why the run cannot go on (a
 * message printed). */
static enum pc_abort produce(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    for (int v = 0; v < q->total; v++) {
        enum pc_step got = pc_put(r, v, consumers_gone);
        if (got == PC_STEP_LOST) {
            report_consumers_gone(r, not_taken(r));
            return PC_CONSUMERS_GONE;
        }
        if (got != PC_STEP_DONE)
            goto fail;
    }
    /* done and the marker in one step under the mutex: a consumer that
     * finds the producer gone without done knows no marker is coming. */
    if (pc_wait(r, PC_MUTEX) != 0)
        goto fail;
    q->done = 1;
    if (pc_post(r, PC_FULL) != 0 || pc_post(r, PC_MUTEX) != 0)
        goto fail;
    return PC_RUNNING;
fail:
    pc_report("semaphore", errno);
    return PC_FAILED;
}

/* Stay in run r until every other process has left it (polling the
 * attach count), so that the producer, who knows whether every item was
 * taken, can remove the run even if the last consumer is killed. If
 * consumers joined and left items behind, marks the run abandoned.
 * PC_RUNNING, or the reason it was abandoned (a message printed). */
static enum pc_abort linger(struct pc_run *r)
{
    long n;
    while ((n = pc_attached(r)) > 1)
        nap_ms(10);
    if (n < 0 || pc_wait(r, PC_MUTEX) != 0) {
        pc_report("waiting for the consumers", errno);
        return PC_FAILED;
    }
    struct pc_ring *q = r->ring;
    long left = q->total - q->taken;
    int gone = q->consumers > 0 && left > 0 && q->aborted == PC_RUNNING;
    if (gone)
        q->aborted = PC_CONSUMERS_GONE;
    pc_post(r, PC_MUTEX);
    if (gone)
        report_consumers_gone(r, left);
    return gone ? PC_CONSUMERS_GONE : PC_RUNNING;
}

int main(int argc, char **argv)
{
    long run = 0, items = PC_ITEMS, consumers = 1;
    int do_clean = 0, have_items = 0, have_kind = 0;
    enum pc_kind kind = PC_NAMED;
    for (int i = 1; i < argc; i++) {
        if (pc_parse_kind(argv[i], &kind)) {
            if (have_kind++)
                usage();
        } else if (strcmp(argv[i], "-k") == 0 && i + 1 < argc) {
            if (pc_parse(argv[++i], PC_RUN_MAX, &run) != 0)
                usage();
        } else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
            if (pc_parse(argv[++i], PC_CONSUMERS_MAX, &consumers) != 0)
                usage();
        } else if (strcmp(argv[i], "--clean") == 0 && !have_items) {
            do_clean = 1;
        } else if (!have_items && !do_clean && pc_parse(argv[i], PC_ITEMS_MAX, &items) == 0) {
            have_items = 1;
        } else {
            usage();
        }
    }

    struct pc_run r;
    pc_run_init(&r, (int)run, kind);
    if (do_clean)
        return clean(&r);
    if (create_run(&r, (int)items) != 0)
        return 1;
    /* Every path from here marks the run abandoned or finishes it, then
     * leaves it: consumers always wake, and the last one out removes it. */
    enum pc_abort why = await_consumers(&r, consumers);
    if (why == PC_RUNNING)
        why = produce(&r);
    if (why != PC_RUNNING && pc_abandon(&r, why) != 0)
        pc_report("semaphore", errno);
    enum pc_abort after = linger(&r);
    if (why == PC_RUNNING)
        why = after;
    int status = why == PC_RUNNING ? 0 : 1;
    if (pc_leave(&r) < 0) {
        pc_report("leaving the run", errno);
        status = 1;
    }
    return status;
}
