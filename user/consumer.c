/*
 * consumer - the consuming half of the producer/consumer lab: takes items
 * from the ring a producer fills (System V segment + semaphores, see
 * include/portable/pc.h and docs/producer-consumer.md) and prints each as
 * one line "PID: VALUE", flushed at once. Several consumers may share a
 * run: each item goes to exactly one of them, and each one's values
 * increase. Builds for shmos and for Linux.
 *
 *   consumer [-k RUN] [--sysv|--unnamed]
 *
 * The semaphore option must be the producer's (named semaphores without
 * one, a System V set with --sysv, unnamed ones in the segment with
 * --unnamed); a consumer of another kind than its run's says so and
 * exits 1 without joining.
 *
 * It waits up to 10 s for a producer of the run to appear, takes items
 * until all of the run's items are taken, and leaves; the last process to
 * leave removes the run. A consumer that finds the run already over takes
 * nothing and exits 0. If printing fails (say, a closed pipe), it keeps
 * taking items without printing, so the other processes still finish and
 * the run is still removed, and exits 1. If the run is abandoned (its
 * producer gave up, failed or died: a waiting consumer checks the
 * producer every 200 ms), it says why, leaves, and exits 1.
 *
 * Exit status: 0 done, 1 error (no producer, run abandoned), 2 usage.
 */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* kill, sem_timedwait, nanosleep even with -std=c11 */
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define PC_PROG "consumer"
#include "pc.h"

/* How joining ended. HELD_ERROR: an error once the semaphores were open;
 * like OVER and ABANDONED, the process then still leaves through pc_leave
 * (it may be the last one attached, and then it removes the run). */
enum join { JOINED, OVER, ABANDONED, ERROR, HELD_ERROR };

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: consumer [-k RUN] [--sysv|--unnamed]\n");
    exit(2);
}

/* Say why run r was abandoned (why: ring->aborted). */
static void report_abandoned(const struct pc_run *r, int why)
{
    static const char *const reason[] = {
        [PC_TOO_FEW] = "its producer gave up waiting for consumers",
        [PC_FAILED] = "its producer failed",
        [PC_PRODUCER_DIED] = "its producer died before the end",
        [PC_CONSUMERS_GONE] = "its consumers were gone",
    };
    const char *text = why > PC_RUNNING && why <= PC_CONSUMERS_GONE ? reason[why]
                                                                    : "no reason given";
    fprintf(stderr, "consumer: run %d was abandoned: %s (producer pid %d)\n",
            r->run, text, (int)r->ring->producer);
}

/* Wait (up to PC_WAIT_MS) for run r's segment and attach it. JOINED (got
 * it), OVER (it went away between shmget and shmat: the run ended) or
 * ERROR with a message. */
static enum join find_segment(struct pc_run *r)
{
    int64_t deadline = mono_ms() + PC_WAIT_MS;
    while ((r->shmid = shmget(pc_key(r), sizeof(struct pc_ring), 0)) < 0) {
        if (errno != ENOENT) {
            pc_report("shmget", errno);
            return ERROR;
        }
        if (mono_ms() > deadline) {
            fprintf(stderr, "consumer: no producer for run %d (key 0x%08x) after %d s\n",
                    r->run, (unsigned)pc_key(r), PC_WAIT_MS / 1000);
            return ERROR;
        }
        nap_ms(10);
    }
    void *p = shmat(r->shmid, NULL, 0);
    if (p == (void *)-1) {
        /* Removed since shmget: EIDRM on shmos, EINVAL once freed on Linux. */
        if (errno == EIDRM || errno == EINVAL)
            return OVER;
        pc_report("shmat", errno);
        return ERROR;
    }
    r->ring = p;
    return JOINED;
}

/* Why run r's segment is not set up and never will be: 0 if it may still
 * be, else -1 after saying so (the producer failed, died, or the segment
 * was removed under it). */
static int setup_failed(struct pc_run *r)
{
    if (__atomic_load_n(&r->ring->magic, __ATOMIC_ACQUIRE) == PC_MAGIC_FAILED) {
        fprintf(stderr, "consumer: the producer of run %d could not set it up (see its"
                " message)\n", r->run);
        return -1;
    }
    struct shmid_ds ds;
    if (shmctl(r->shmid, IPC_STAT, &ds) != 0 || (ds.shm_perm.mode & SHM_DEST)) {
        fprintf(stderr, "consumer: run %d was removed before its producer set it up\n", r->run);
        return -1;
    }
    if (!pc_alive(ds.shm_cpid)) {
        fprintf(stderr, "consumer: the producer of run %d (pid %d) died before setting it up"
                " ('producer -k %d --clean' removes what it left)\n",
                r->run, (int)ds.shm_cpid, r->run);
        return -1;
    }
    return 0;
}

/* Wait (up to PC_WAIT_MS) for the producer to publish run r's ring. 0, or
 * -1 with a message. */
static int await_setup(struct pc_run *r)
{
    int64_t start = mono_ms(), next_check = start;
    while (__atomic_load_n(&r->ring->magic, __ATOMIC_ACQUIRE) != PC_MAGIC) {
        int64_t now = mono_ms();
        if (now >= next_check) {
            if (setup_failed(r) != 0)
                return -1;
            next_check = now + PC_CHECK_MS;
        }
        if (now - start > PC_WAIT_MS) {
            fprintf(stderr, "consumer: run %d (key 0x%08x) was not set up within %d s, though"
                    " its producer is still running\n",
                    r->run, (unsigned)pc_key(r), PC_WAIT_MS / 1000);
            return -1;
        }
        nap_ms(5);
    }
    return 0;
}

/* Join run r: attach, wait for the producer to publish the ring, check
 * that it uses this consumer's kind of semaphores, open them, then count
 * in unless the run is over (over set, or the semaphores gone: the last
 * process already removed the run) or abandoned. */
static enum join join_run(struct pc_run *r)
{
    enum join j = find_segment(r);
    if (j != JOINED)
        return j;
    if (await_setup(r) != 0)
        return ERROR;
    enum pc_kind kind = (enum pc_kind)r->ring->kind;
    if (kind != r->sems.kind) {
        char k[16] = "";
        if (r->run != 0)
            snprintf(k, sizeof k, " -k %d", r->run);
        fprintf(stderr, "consumer: run %d uses %s semaphores, not %s ones: run 'consumer%s%s%s'\n",
                r->run, pc_kind_name(kind), pc_kind_name(r->sems.kind), k,
                *pc_kind_option(kind) ? " " : "", pc_kind_option(kind));
        return ERROR;
    }
    const char *what;
    switch (pc_sems_open(&r->sems, r->ring->sem, &what)) {
    case 0:
        break;
    case 1:
        return OVER;
    default:
        pc_report(what, errno);
        return ERROR;
    }
    if (pc_wait(r, PC_MUTEX) != 0) {
        if (pc_sems_removed(&r->sems, errno))
            return OVER;        /* the System V set went with the run */
        pc_report("semaphore", errno);
        return HELD_ERROR;
    }
    struct pc_ring *q = r->ring;
    int why = q->aborted;
    j = q->over ? OVER : why != PC_RUNNING ? ABANDONED : JOINED;
    if (j == JOINED)
        q->consumers++;
    pc_post(r, PC_MUTEX);
    if (j == ABANDONED)
        report_abandoned(r, why);
    return j;
}

/* pc_take's check while a consumer waits for an item: 1 if the run
 * is abandoned, or if its producer is dead without having posted the end
 * marker (no item will ever come: then mark the run abandoned and post
 * full so the other consumers wake), else 0. The producer is looked at
 * outside the mutex; done, read after it under the mutex, says whether
 * it finished before it went. */
static int producer_lost(struct pc_run *r)
{
    struct pc_ring *q = r->ring;
    if (pc_alive(q->producer))
        return 0;
    if (pc_wait(r, PC_MUTEX) != 0)
        return 0;                   /* the next semaphore call reports it */
    if (q->aborted == PC_RUNNING && !q->done) {
        q->aborted = PC_PRODUCER_DIED;
        pc_post(r, PC_FULL);
    }
    int lost = q->aborted != PC_RUNNING;
    pc_post(r, PC_MUTEX);
    return lost;
}

/* Why run r was abandoned (ring->aborted, read under the mutex). */
static int abandon_reason(struct pc_run *r)
{
    if (pc_wait(r, PC_MUTEX) != 0)
        return PC_RUNNING;
    int why = r->ring->aborted;
    pc_post(r, PC_MUTEX);
    return why;
}

/* What consume() ended with. */
enum outcome { DONE, PRINT_FAILED, RUN_ABANDONED, SEM_BROKEN };

/* Take items until none is left, printing each; stop if the run is
 * abandoned (passing the wake-up on to the next consumer). */
static enum outcome consume(struct pc_run *r)
{
    int pid = (int)getpid();
    enum outcome result = DONE;
    for (;;) {
        int v;
        switch (pc_take(r, &v, producer_lost)) {
        case PC_STEP_DONE:
            break;
        case PC_STEP_END:
            return result;
        case PC_STEP_LOST:
        case PC_STEP_ABANDONED:
            return RUN_ABANDONED;
        case PC_STEP_ERROR:
        default:
            return SEM_BROKEN;
        }
        if (result == DONE && (printf("%d: %d\n", pid, v) < 0 || fflush(stdout) != 0)) {
            pc_report("write", errno);
            result = PRINT_FAILED;
        }
    }
}

int main(int argc, char **argv)
{
    long run = 0;
    int have_run = 0, have_kind = 0;
    enum pc_kind kind = PC_NAMED;
    for (int i = 1; i < argc; i++) {
        if (pc_parse_kind(argv[i], &kind)) {
            if (have_kind++)
                usage();
        } else if (strcmp(argv[i], "-k") == 0 && i + 1 < argc && !have_run++) {
            if (pc_parse(argv[++i], PC_RUN_MAX, &run) != 0)
                usage();
        } else {
            usage();
        }
    }
    /* A closed output pipe must not kill a consumer in the middle of the
     * run: write fails with EPIPE instead, and the consumer goes on taking
     * items, so the run still ends normally. (A consumer killed anyway
     * does no lasting harm: see pc_leave.) */
    signal(SIGPIPE, SIG_IGN);
    struct pc_run r;
    pc_run_init(&r, (int)run, kind);
    int status = 1;
    switch (join_run(&r)) {
    case OVER:
        status = 0;
        /* fall through */
    case ABANDONED:
    case HELD_ERROR:
        break;
    case ERROR:
        pc_release(&r);
        return 1;
    case JOINED:
        switch (consume(&r)) {
        case DONE:
            status = 0;
            break;
        case PRINT_FAILED:
            break;
        case RUN_ABANDONED:
            report_abandoned(&r, abandon_reason(&r));
            break;
        case SEM_BROKEN:
            pc_report("semaphore", errno);
            break;
        }
        break;
    }
    /* Whoever holds the semaphores leaves through pc_leave: it may be the
     * last one attached, and then it must remove the run. */
    if (!pc_sems_held(&r.sems)) {
        pc_release(&r);
        return status;
    }
    if (pc_leave(&r) < 0) {
        pc_report("leaving the run", errno);
        status = 1;
    }
    return status;
}
