/*
 * consumer - the consuming half of the producer/consumer lab: takes items
 * from the ring a producer fills (System V segment + named semaphores,
 * see include/portable/pc.h and docs/producer-consumer.md) and prints each as one
 * line "PID: VALUE", flushed at once. Several consumers may share a run:
 * each item goes to exactly one of them, and each one's values increase.
 * Builds for shmos and for Linux.
 *
 *   consumer [-k RUN]
 *
 * It waits up to 10 s for a producer of the run to appear, takes items
 * until all of the run's items are taken, and leaves; the last process to
 * leave removes the run. A consumer that finds the run already over takes
 * nothing and exits 0. If printing fails (say, a closed pipe), it keeps
 * taking items without printing, so the other processes still finish and
 * the run is still removed, and exits 1.
 *
 * Exit status: 0 done, 1 error (or no producer), 2 usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "pc.h"

enum join { JOINED, OVER, ERROR };

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: consumer [-k RUN]\n");
    exit(2);
}

/* Print "consumer: WHAT: <errno text>" on stderr. */
static void report(const char *what)
{
    fprintf(stderr, "consumer: %s: %s\n", what, strerror(errno));
}

/* CLOCK_MONOTONIC in milliseconds. */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait (up to PC_WAIT_MS) for run r's segment and attach it. JOINED (got
 * it), OVER (it went away between shmget and shmat: the run ended) or
 * ERROR with a message. */
static enum join find_segment(struct pc_run *r)
{
    long long deadline = now_ms() + PC_WAIT_MS;
    while ((r->shmid = shmget(pc_key(r), sizeof(struct pc_ring), 0)) < 0) {
        if (errno != ENOENT) {
            report("shmget");
            return ERROR;
        }
        if (now_ms() > deadline) {
            fprintf(stderr, "consumer: no producer for run %d (key 0x%08x) after %d s\n",
                    r->run, (unsigned)pc_key(r), PC_WAIT_MS / 1000);
            return ERROR;
        }
        pc_nap(10);
    }
    void *p = shmat(r->shmid, NULL, 0);
    if (p == (void *)-1) {
        /* Removed since shmget: EIDRM on shmos, EINVAL once freed on Linux. */
        if (errno == EIDRM || errno == EINVAL)
            return OVER;
        report("shmat");
        return ERROR;
    }
    r->ring = p;
    return JOINED;
}

/* Join run r: attach, wait for the producer to publish the ring, open the
 * semaphores, then count in unless the run is over (over set, or the names
 * gone: the last process already removed the run). */
static enum join join_run(struct pc_run *r)
{
    enum join j = find_segment(r);
    if (j != JOINED)
        return j;
    long long deadline = now_ms() + PC_WAIT_MS;
    while (__atomic_load_n(&r->ring->magic, __ATOMIC_ACQUIRE) != PC_MAGIC) {
        if (now_ms() > deadline) {
            fprintf(stderr, "consumer: the segment of run %d (key 0x%08x) was never set up"
                    " (a killed producer's leftover? 'producer -k %d --clean' removes it)\n",
                    r->run, (unsigned)pc_key(r), r->run);
            return ERROR;
        }
        pc_nap(5);
    }
    for (int i = 0; i < PC_NSEMS; i++) {
        sem_t *s = sem_open(r->name[i], 0);
        if (s == SEM_FAILED) {
            if (errno == ENOENT)
                return OVER;
            report(r->name[i]);
            return ERROR;
        }
        r->sem[i] = s;
    }
    if (pc_wait(r, PC_MUTEX) != 0) {
        report("sem_wait");
        return ERROR;
    }
    struct pc_ring *q = r->ring;
    int open = !q->over;
    if (open) {
        q->users++;
        q->consumers++;
    }
    pc_post(r, PC_MUTEX);
    return open ? JOINED : OVER;
}

/* Take items until none is left, printing each. 0, 1 if printing failed
 * (items still taken), -1 on a semaphore failure. */
static int consume(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    int pid = (int)getpid(), status = 0;
    for (;;) {
        if (pc_wait(r, PC_FULL) != 0 || pc_wait(r, PC_MUTEX) != 0)
            return -1;
        if (q->taken == q->total) {
            /* The unit was the producer's end marker: pass it on. */
            pc_post(r, PC_MUTEX);
            return pc_post(r, PC_FULL) == 0 ? status : -1;
        }
        int v = q->slot[q->out];
        q->out = (q->out + 1) % PC_SLOTS;
        q->taken++;
        if (pc_post(r, PC_MUTEX) != 0 || pc_post(r, PC_EMPTY) != 0)
            return -1;
        if (status == 0 && (printf("%d: %d\n", pid, v) < 0 || fflush(stdout) != 0)) {
            report("write");
            status = 1;
        }
    }
}

int main(int argc, char **argv)
{
    long run = 0;
    if (argc == 3 && strcmp(argv[1], "-k") == 0) {
        if (pc_parse(argv[2], PC_RUN_MAX, &run) != 0)
            usage();
    } else if (argc != 1) {
        usage();
    }
    /* A closed output pipe must not kill a consumer in the middle of the
     * run (the others would wait for it forever): write fails with EPIPE
     * instead, as it always does on shmos. */
    signal(SIGPIPE, SIG_IGN);
    struct pc_run r;
    pc_run_init(&r, (int)run);
    switch (join_run(&r)) {
    case OVER:
        pc_release(&r);
        return 0;
    case ERROR:
        pc_release(&r);
        return 1;
    case JOINED:
        break;
    }
    int status = consume(&r);
    if (status < 0)
        report("semaphore");
    if (pc_leave(&r) < 0) {
        report("leaving the run");
        status = 1;
    }
    return status == 0 ? 0 : 1;
}
