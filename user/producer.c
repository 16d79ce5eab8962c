/*
 * producer - the producing half of the producer/consumer lab: writes the
 * integers 0..N-1 (default 500) into a ring of 10 slots held in a System V
 * shared-memory segment, in step with one or more consumers through three
 * named semaphores (empty, full, mutex). Builds for shmos and for Linux.
 *
 *   producer [-k RUN] [-c C] [N]   create the run, wait for C consumers
 *                                  (default 1) to join, produce N items, leave
 *   producer [-k RUN] --clean      remove the run's segment and semaphores
 *                                  (what a killed run leaves behind)
 *
 * The producer creates everything; whoever leaves the run last (producer
 * or consumer) removes it. A consumer that starts after the run has ended
 * finds nothing, so with several consumers -c C makes the producer wait
 * for all of them before the first item. With -c 0 it does not wait: if it
 * finishes while items are still in the ring, it exits and the run stays
 * until a consumer comes and takes them. Protocol: include/portable/pc.h and
 * docs/producer-consumer.md. The producer prints nothing on stdout except
 * the --clean summary; errors go to stderr.
 *
 * Exit status: 0 done, 1 error, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pc.h"

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: producer [-k RUN] [-c CONSUMERS] [N]\n"
                    "       producer [-k RUN] --clean\n");
    exit(2);
}

/* Print "producer: WHAT: <errno text>" on stderr. */
static void report(const char *what)
{
    fprintf(stderr, "producer: %s: %s\n", what, strerror(errno));
}

/* --clean: remove whatever exists of run r. Returns the exit status. */
static int clean(struct pc_run *r)
{
    int id = shmget(pc_key(r), 0, 0);
    if (id < 0 && errno != ENOENT) {
        report("shmget");
        return 1;
    }
    int n = pc_remove(r, id);
    printf("producer --clean: run %d (key 0x%08x): removed %d of its %d objects\n",
           r->run, (unsigned)pc_key(r), n, PC_NSEMS + 1);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Create run r for total items: the segment first, exclusively (holding
 * the key is what makes this process the run's producer), then the
 * semaphores, then publish the ring (magic last). 0, or -1 with a message
 * and nothing left behind. */
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
            report("shmget");
        return -1;
    }
    void *p = shmat(r->shmid, NULL, 0);
    if (p == (void *)-1) {
        report("shmat");
        goto remove_segment;
    }
    r->ring = p;
    /* A run unlinks its names before it frees its key, so any name found
     * while this process holds a fresh key is a killed run's leftover. */
    for (int i = 0; i < PC_NSEMS; i++)
        sem_unlink(r->name[i]);
    for (int i = 0; i < PC_NSEMS; i++) {
        sem_t *s = sem_open(r->name[i], O_CREAT | O_EXCL, 0600, initial[i]);
        if (s == SEM_FAILED) {
            report(r->name[i]);
            goto remove_all;
        }
        r->sem[i] = s;
    }
    struct pc_ring *q = r->ring;
    q->total = total;
    q->users = 1;
    q->consumers = q->over = 0;
    q->taken = q->in = q->out = 0;
    __atomic_store_n(&q->magic, PC_MAGIC, __ATOMIC_RELEASE);
    return 0;

remove_all:
    pc_remove(r, r->shmid);
    pc_release(r);
    return -1;
remove_segment:
    shmctl(r->shmid, IPC_RMID, NULL);
    return -1;
}

/* Wait until want consumers have joined run r (polling: the producer has
 * nothing else to do). 0, or -1 with a message. */
static int await_consumers(struct pc_run *r, long want)
{
    for (;;) {
        if (pc_wait(r, PC_MUTEX) != 0)
            goto fail;
        long joined = r->ring->consumers;
        if (pc_post(r, PC_MUTEX) != 0)
            goto fail;
        if (joined >= want)
            return 0;
        pc_nap(5);
    }
fail:
    report("semaphore");
    return -1;
}

/* Put 0..total-1 into the ring, then the end marker: one more unit of
 * full, which a consumer that finds nothing left to take passes on, so
 * every consumer ends. 0, or -1 with a message. */
static int produce(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    for (int v = 0; v < q->total; v++) {
        if (pc_wait(r, PC_EMPTY) != 0 || pc_wait(r, PC_MUTEX) != 0)
            goto fail;
        q->slot[q->in] = v;
        q->in = (q->in + 1) % PC_SLOTS;
        if (pc_post(r, PC_MUTEX) != 0 || pc_post(r, PC_FULL) != 0)
            goto fail;
    }
    if (pc_post(r, PC_FULL) != 0)
        goto fail;
    return 0;
fail:
    report("semaphore");
    return -1;
}

int main(int argc, char **argv)
{
    long run = 0, items = PC_ITEMS, consumers = 1;
    int do_clean = 0, have_items = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-k") == 0 && i + 1 < argc) {
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
    pc_run_init(&r, (int)run);
    if (do_clean)
        return clean(&r);
    if (create_run(&r, (int)items) != 0)
        return 1;
    int status = await_consumers(&r, consumers) == 0 && produce(&r) == 0 ? 0 : 1;
    if (pc_leave(&r) < 0) {
        report("leaving the run");
        status = 1;
    }
    return status;
}
