/*
 * bench.h - the measuring harness of bench (user/bench/measure.c):
 * calibrated rounds of timed runs, the partner process a figure forks and
 * the checks that keep either side from waiting for ever on a dead one,
 * the output lines, and the program's main loop (bench_main); and the
 * figures defined outside bench.c (which holds the others and the table):
 * the semaphore ones (sem_figures.c), the producer/consumer ones
 * (pc_figures.c) and the POSIX threads ones (thread_figures.c).
 *
 * How a figure is measured: its time_ops(n) performs n operations and
 * returns the nanoseconds they took. An iteration count n is calibrated so
 * that a run lasts about the round time (-t, ms), then an attempt of
 * ROUNDS (-r) runs of n operations is timed with
 * clock_gettime(CLOCK_MONOTONIC) and its fastest run is printed (on a
 * shared host, interference only adds time), with the attempt's spread:
 * its slowest run's time over its fastest's. An attempt whose spread is
 * above 2 is noisy, and the figure is measured again, up to ATTEMPTS (-a)
 * attempts in all; if every one is noisy, the one with the smallest spread
 * is printed, marked noisy.
 *
 * Output: "bench: start ..." first (scripts/bench.sh timestamps it as the
 * moment the program started), then "bench: " and the program's note (how
 * it measures on this machine), then per figure a line
 * "name value unit spread S" (" noisy" after it when S > 2.00), preceded
 * by a "bench: name noisy ..." line per noisy attempt; then (on Linux)
 * "bench: clocksource NAME", then "bench: done", or "bench: FAILED ..."
 * and exit status 1. With -i S it then says "bench: idle S s" and sleeps
 * for S seconds before it ends, so that the host can measure an idle guest.
 *
 * On Linux as pid 1 (the reference initramfs) it first mounts a tmpfs on
 * /dev/shm for shm_open() and sysfs on /sys (for the clock source), and
 * powers the machine off at the end.
 */
#ifndef USER_BENCH_BENCH_H
#define USER_BENCH_BENCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MAX_OPS          (1L << 28)     /* most operations in one run */
#define RTT_PATIENCE_NS  INT64_C(10000000000)  /* no round trip takes 10 s */

/* One figure: time_ops(n) performs n operations and returns the nanoseconds
 * they took (setup excluded), or -1 after printing why it failed. */
struct bench {
    const char *name;
    const char *unit;
    uint64_t unit_ns;      /* 1 for ns, 1000 for us; 0: a rate, printed per second */
    int64_t (*time_ops)(long n);
};

/* Prints "bench: FAILED what: error" and returns -1, for time_ops. */
int64_t fail(const char *what);

/* ---------------------------------------------------------------- partners */

/* The partner process of a figure (the child of the fork figure, the other
 * side of a ping-pong, the consumer). Neither side may wait for ever on
 * the other: a waiting side looks at the other now and then
 * (partner_given_up), and its wait then returns RTT_LOST. */
#define RTT_LOST (-2)

/* fork() for a partner called role; sets up both sides' bookkeeping. Only
 * the bench process forks partners, so its pid is looked up once (no
 * system call added to the fork figure). */
pid_t partner_fork(const char *role);
/* Whether the other side is still running. The parent reaps a dead
 * partner here (a zombie would still answer kill(pid, 0)); an orphaned
 * partner sees its parent change. */
bool partner_alive(void);
/* For a side that has waited a while for an answer: true if the other
 * side is gone, or has been silent for RTT_PATIENCE_NS, counted from the
 * first call after the caller set *since to 0 (as it does at each answer). */
bool partner_given_up(int64_t *since);
/* Waits for the partner to exit. 0 if it exited with status 0, else -1
 * (printed). */
int partner_reap(void);
/* Ends the partner after a failure the parent has already reported: kills
 * it unless it is reaped already, and reaps it. */
void partner_stop(void);
/* A wait gave up on the partner (RTT_LOST, or pc.h's PC_STEP_LOST): says
 * how the partner was lost, and makes sure it is gone and reaped. Returns
 * -1, for time_ops. */
int64_t partner_lost(void);

/* ---------------------------------------------------------------- figures */

/* Each is a struct bench's time_ops (bench.c's table names them). */
int64_t time_sem_rtt(long n);       /* sem_rtt_us: named semaphore ping-pong */
int64_t time_sem_pair(long n);      /* sem_pair_ns: post + wait, uncontended */
int64_t time_sem_counter4(long n);  /* sem_counter4_ns: 4 processes, one mutex */
int64_t time_sysv_sem_rtt(long n);  /* sysv_sem_rtt_us: System V ping-pong */
int64_t time_pc_named(long n);      /* pc_items_per_s */
int64_t time_pc_unnamed(long n);    /* pc_unnamed_items_per_s */
int64_t time_pc_sysv(long n);       /* pc_sysv_items_per_s */
int64_t time_mutex_pair(long n);    /* mutex_pair_ns: lock + unlock, uncontended */
int64_t time_mutex_counter4(long n); /* mutex_counter4_ns: 4 threads, one mutex */
int64_t time_cond_rtt(long n);      /* cond_rtt_us: condition-variable ping-pong */
int64_t time_pthread_create_join(long n);   /* pthread_create_join_us */

/* ---------------------------------------------------------------- driver */

/* The program: parse -t, -r, -a and -i, print the start line and "bench: note"
 * (unless note is NULL), measure every figure of table[0..count-1] in
 * order, stopping at the first that fails, print the end line, and idle
 * if asked to.
 * Returns the exit status (0, 1 a figure failed, 2 usage). */
int bench_main(int argc, char **argv, const struct bench *table, size_t count,
               const char *note);
#endif
