/*
 * pc_figures.c - bench's producer/consumer figures: items per second
 * through the lab's 10-slot ring (include/portable/pc.h,
 * docs/producer-consumer.md) from a producer process to one consumer
 * process, with each kind of semaphores:
 *
 *   pc_items_per_s          named POSIX semaphores (the lab's default)
 *   pc_unnamed_items_per_s  unnamed POSIX semaphores inside the segment
 *   pc_sysv_items_per_s     one System V set of three semaphores
 *
 * The protocol's own functions (pc_put, pc_take, pc_leave) move the items,
 * as in the lab programs; the consumer prints nothing. Declared in bench.h.
 */
#include <sched.h>
#include <stdio.h>
#include <unistd.h>
#include "bench.h"
#include "pc.h"             /* the producer/consumer protocol */

/* The lab's protocol from include/portable/pc.h (docs/producer-consumer.md)
 * with one producer (the parent) and one consumer (a forked partner) in a
 * run of this process alone; the waits report a lost partner as pc.h's
 * PC_STEP_LOST. */

static int64_t pc_since;        /* partner_given_up's clock for the wait under way */

/* The check pc_wait_watch, pc_put and pc_take make each PC_CHECK_MS
 * without a unit: 1 if the partner is gone or silent. */
static int pc_partner_lost(struct pc_run *r)
{
    (void)r;
    return partner_given_up(&pc_since);
}

/* The check to pass to a new wait on the partner: the partner's silence
 * counts from this wait on. */
static pc_lost_fn *pc_watch(void)
{
    pc_since = 0;
    return pc_partner_lost;
}

/* Producer steps 1-4 for a run of total items with semaphores of kind,
 * private to this process: a keyless segment (IPC_PRIVATE) instead of
 * PC_KEY + run, a keyless System V set, and names that carry the pid, so
 * it never meets a lab run or another bench. 0, or -1 (printed) with
 * nothing left. */
static int pc_create(struct pc_run *r, long total, enum pc_kind kind)
{
    static const char *const what[PC_NSEMS] = { "empty", "full", "mutex" };
    static const unsigned initial[PC_NSEMS] = { [PC_EMPTY] = PC_SLOTS, [PC_FULL] = 0,
                                                [PC_MUTEX] = 1 };
    char name[PC_NSEMS][PC_NAME_SIZE];
    for (int i = 0; i < PC_NSEMS; i++)
        snprintf(name[i], PC_NAME_SIZE, "/bench-pc-%s-%d", what[i], (int)getpid());
    pc_run_init(r, 0, kind);
    r->key = IPC_PRIVATE;
    pc_sems_init(&r->sems, kind, IPC_PRIVATE, (const char (*)[PC_NAME_SIZE])name);
    r->shmid = shmget(IPC_PRIVATE, sizeof(struct pc_ring), IPC_CREAT | 0600);
    if (r->shmid < 0)
        return (int)fail("shmget");
    void *p = shmat(r->shmid, NULL, 0);
    if (p == (void *)-1) {
        fail("shmat");
        goto remove;
    }
    r->ring = p;
    *r->ring = (struct pc_ring){
        .kind = kind, .total = (int32_t)total, .producer = (int32_t)getpid(),
    };
    const char *failed;
    if (pc_sems_create(&r->sems, r->ring->sem, initial, &failed) != 0) {
        fail(failed);
        goto remove;
    }
    __atomic_store_n(&r->ring->magic, PC_MAGIC, __ATOMIC_RELEASE);
    return 0;
remove:
    pc_remove(r, r->shmid);
    pc_release(r);
    return -1;
}

/* The consumer partner: join (consumer step 3), take every item, checking
 * that they come in order, leave. Exits 0; 3 on an error, 5 for an item
 * out of order; 4 if the producer is lost, after abandoning the run and
 * leaving it (removing it if the producer is dead). */
static _Noreturn void pc_consume(struct pc_run *r)
{
    if (pc_wait(r, PC_MUTEX) != 0)
        _exit(3);
    r->ring->consumers++;
    if (pc_post(r, PC_MUTEX) != 0)
        _exit(3);
    int v = 0;
    enum pc_step got;
    for (int want = 0; (got = pc_take(r, &v, pc_watch())) == PC_STEP_DONE; want++)
        if (v != want)
            _exit(5);
    if (got == PC_STEP_LOST) {
        pc_abandon(r, PC_PRODUCER_DIED);
        pc_leave(r);
        _exit(4);
    }
    _exit(got == PC_STEP_END && pc_leave(r) >= 0 ? 0 : 3);
}

/* Waits until the consumer has joined run r (consumers, read under the
 * mutex), yielding between looks, so that the clock starts with the
 * consumer running. PC_STEP_DONE, PC_STEP_LOST or PC_STEP_ERROR (errno). */
static enum pc_step pc_await_join(struct pc_run *r)
{
    int64_t since = 0;
    for (unsigned looks = 1;; looks++) {
        if (pc_wait(r, PC_MUTEX) != 0)
            return PC_STEP_ERROR;
        int joined = r->ring->consumers;
        if (pc_post(r, PC_MUTEX) != 0)
            return PC_STEP_ERROR;
        if (joined > 0)
            return PC_STEP_DONE;
        if (looks % 1024 == 0 && partner_given_up(&since))
            return PC_STEP_LOST;
        sched_yield();
    }
}

/* Producer step 7 (done and the end marker), then every free slot taken
 * back: the ring is empty, the consumer has taken the last item.
 * PC_STEP_DONE, PC_STEP_LOST or PC_STEP_ERROR (errno). */
static enum pc_step pc_finish(struct pc_run *r)
{
    if (pc_wait(r, PC_MUTEX) != 0)
        return PC_STEP_ERROR;
    r->ring->done = 1;
    if (pc_post(r, PC_FULL) != 0 || pc_post(r, PC_MUTEX) != 0)
        return PC_STEP_ERROR;
    for (int i = 0; i < PC_SLOTS; i++) {
        int got = pc_wait_watch(r, PC_EMPTY, pc_watch());
        if (got != 0)
            return got > 0 ? PC_STEP_LOST : PC_STEP_ERROR;
    }
    return PC_STEP_DONE;
}

/* n items through the ring with semaphores of kind, timed from the
 * consumer's joining to its taking the last item. Then both leave the run
 * the protocol's way; the producer, left alone, must be the one that
 * removes it. */
static int64_t time_pc(long n, enum pc_kind kind)
{
    struct pc_run r;
    if (pc_create(&r, n, kind) != 0)
        return -1;
    pid_t pid = partner_fork("consumer");
    if (pid == 0)
        pc_consume(&r);
    if (pid < 0) {
        fail("fork");
        goto remove;
    }
    int64_t elapsed = -1;
    enum pc_step got = pc_await_join(&r);
    if (got == PC_STEP_DONE) {
        int64_t t0 = mono_ns();
        for (long v = 0; v < n && got == PC_STEP_DONE; v++)
            got = pc_put(&r, (int)v, pc_watch());
        if (got == PC_STEP_DONE)
            got = pc_finish(&r);
        elapsed = mono_ns() - t0;
    }
    if (got == PC_STEP_LOST) {
        partner_lost();
        goto remove;
    }
    if (got != PC_STEP_DONE) {
        fail("semaphore");
        partner_stop();
        goto remove;
    }
    if (partner_reap() != 0)
        goto remove;
    int last = pc_leave(&r);
    if (last == 1)
        return elapsed;
    if (last < 0)
        fail("leaving the run");
    else
        printf("bench: FAILED the producer, alone, did not remove its run\n");
remove:
    pc_remove(&r, r.shmid);
    pc_release(&r);
    return -1;
}

int64_t time_pc_named(long n)
{
    return time_pc(n, PC_NAMED);
}

int64_t time_pc_unnamed(long n)
{
    return time_pc(n, PC_UNNAMED);
}

int64_t time_pc_sysv(long n)
{
    return time_pc(n, PC_SYSV);
}
