/*
 * bench.c - micro-benchmarks of the kernel paths shmos is built around.
 *
 * The same source builds for shmos (/bin/bench) and, statically, for Linux
 * (the reference: scripts/bench.sh boots it as /init of an initramfs).
 * Each figure is the cost of one operation:
 *
 *   getppid_ns        a null system call
 *   fork_exit_wait_us fork a child that exits at once, and wait for it
 *   pipe_rtt_us       1 byte to a partner process and 1 byte back (2 pipes)
 *   shm_rtt_ns        ping-pong of an atomic int in a shared page between
 *                     two processes; each waiting side calls sched_yield()
 *                     between checks
 *   shm_cycle_us      create + attach + touch each page + detach + destroy
 *                     of an 8 KiB segment
 *
 * How: every figure is measured by calibrating an iteration count n whose
 * run lasts about the round time (-t, ms), then timing ROUNDS runs of n
 * operations with clock_gettime(CLOCK_MONOTONIC); the fastest round is
 * printed (on a shared host, interference only adds time). Partner
 * processes are forked and warmed up before the clock starts, so only the
 * steady-state operation is timed; a partner that dies or stops answering
 * fails the figure instead of leaving the other side waiting.
 *
 * Output: "bench: start ..." first (scripts/bench.sh timestamps it as the
 * moment the program started), then one "name value unit" line per figure,
 * then "bench: done", or "bench: FAILED ..." and exit status 1.
 *
 * On Linux as pid 1 (the reference initramfs) it first mounts a tmpfs on
 * /dev/shm for shm_open(), and powers the machine off at the end.
 *
 * Usage: bench [-t ROUND_MS] [-r ROUNDS]
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __shmos__
#include <shmos.h>
#define SYSTEM_NAME "shmos"
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#define SYSTEM_NAME "linux"
#endif
/* By path: scripts/bench.sh compiles this file alone for Linux, without
 * the Makefile's -iquote include/portable. */
#include "../include/portable/monotime.h"
/* gcc defines __linux__ for the shmos build too (it is Linux's compiler). */
#if defined(__linux__) && !defined(__shmos__)
#define LINUX_REFERENCE 1
#include <sys/mount.h>
#include <sys/reboot.h>
#endif

#define DEFAULT_ROUND_MS 250
#define DEFAULT_ROUNDS   5
#define MAX_ROUNDS       100
#define CALIBRATE_NS     20000000ull    /* a calibration run this long is trusted */
#define MAX_OPS          (1L << 28)     /* most operations in one run */
#define RTT_PATIENCE_NS  INT64_C(10000000000)  /* no round trip takes 10 s */
#define CYCLE_SEG_BYTES  8192
#define PAGE_BYTES       4096
#ifdef __shmos__
#define RTT_ADDR   ((void *)0x10000000)  /* where the ping-pong page attaches */
#define CYCLE_ADDR ((void *)0x20000000)  /* where the 8 KiB segment attaches */
#endif

static int round_ms = DEFAULT_ROUND_MS;
static int rounds = DEFAULT_ROUNDS;

/* One figure: time_ops(n) performs n operations and returns the nanoseconds
 * they took (setup excluded), or -1 after printing why it failed. */
struct bench {
    const char *name;
    const char *unit;
    uint64_t unit_ns;      /* 1 for ns, 1000 for us */
    int64_t (*time_ops)(long n);
};

/* Prints "bench: FAILED what: error" and returns -1, for time_ops. */
static int64_t fail(const char *what)
{
    printf("bench: FAILED %s: %s\n", what, strerror(errno));
    return -1;
}

/* Waits for child pid; 0 if it exited with status 0, else -1 (printed). */
static int reap(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return (int)fail("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("bench: FAILED child %d ended with status 0x%x\n", (int)pid, status);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- null call */

static int64_t time_getppid(long n)
{
    volatile pid_t sink = 0;
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++)
        sink += getppid();
    (void)sink;
    return mono_ns() - t0;
}

/* ---------------------------------------------------------------- fork */

static int64_t time_fork(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return fail("fork");
        if (pid == 0)
            _exit(0);
        if (reap(pid) < 0)
            return -1;
    }
    return mono_ns() - t0;
}

/* ---------------------------------------------------------------- pipe */

/* The partner's side: echo every byte from in to out until EOF. */
static _Noreturn void pipe_echo(int in, int out)
{
    char c;
    ssize_t got;
    while ((got = read(in, &c, 1)) == 1)
        if (write(out, &c, 1) != 1)
            _exit(2);
    _exit(got == 0 ? 0 : 3);
}

/* One byte to the partner and back. 0 or -1 (printed). */
static int pipe_round_trip(int to, int from)
{
    char c = 'x';
    if (write(to, &c, 1) != 1)
        return (int)fail("pipe write");
    if (read(from, &c, 1) != 1)
        return (int)fail("pipe read");
    return 0;
}

static int64_t time_pipe(long n)
{
    int down[2], up[2];         /* parent -> partner, partner -> parent */
    if (pipe(down) < 0)
        return fail("pipe");
    if (pipe(up) < 0) {
        close(down[0]);
        close(down[1]);
        return fail("pipe");
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(down[0]); close(down[1]); close(up[0]); close(up[1]);
        return fail("fork");
    }
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        pipe_echo(down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    int64_t elapsed = -1;
    if (pipe_round_trip(down[1], up[0]) == 0) {     /* the partner is running */
        int64_t t0 = mono_ns();
        long i = 0;
        while (i < n && pipe_round_trip(down[1], up[0]) == 0)
            i++;
        if (i == n)
            elapsed = mono_ns() - t0;
    }
    close(down[1]);             /* EOF: the partner exits */
    close(up[0]);
    if (reap(pid) < 0)
        return -1;
    return elapsed;
}

/* ---------------------------------------------------------------- shared page */

#ifdef __shmos__
static int rtt_seg = -1;
#endif

/* Maps one zero-filled page that a later fork shares with the child.
 * Returns its address or NULL (printed); release with shared_page_free. */
static void *shared_page_new(void)
{
#ifdef __shmos__
    rtt_seg = shm_create(PAGE_BYTES);
    if (rtt_seg < 0) {
        fail("shm_create");
        return NULL;
    }
    if (shm_attach(rtt_seg, RTT_ADDR) < 0) {
        fail("shm_attach");
        shm_destroy(rtt_seg);
        return NULL;
    }
    return RTT_ADDR;
#else
    void *p = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fail("mmap");
        return NULL;
    }
    return p;
#endif
}

/* Unmaps (and on shmos destroys) the page from shared_page_new.
 * 0, or -1 (printed) if the kernel refused. */
static int shared_page_free(void *p)
{
#ifdef __shmos__
    (void)p;
    if (shm_detach(rtt_seg) < 0)
        return (int)fail("shm_detach");
    if (shm_destroy(rtt_seg) < 0)
        return (int)fail("shm_destroy");
#else
    if (munmap(p, PAGE_BYTES) < 0)
        return (int)fail("munmap");
#endif
    return 0;
}

/* The ping-pong word: the parent stores odd values, the partner answers
 * each with the next even one; RTT_STOP tells the partner to exit.
 * wait_turn returns RTT_LOST when the other side is gone. The values go
 * up to 2 * MAX_OPS + 2, which must fit an int. */
#define RTT_STOP (-1)
#define RTT_LOST (-2)
_Static_assert(2 * MAX_OPS + 2 <= INT_MAX, "ping-pong values overflow an int");

static pid_t rtt_parent;        /* in the partner: the parent it answers */
static pid_t rtt_partner;       /* in the parent: the partner; 0 in the partner */
static int rtt_partner_status;  /* valid once rtt_partner_reaped */
static bool rtt_partner_reaped;

/* Whether the other side of the ping-pong is still running. The parent
 * reaps a dead partner here (a zombie would still answer kill(pid, 0));
 * an orphaned partner sees its parent change. */
static bool rtt_other_alive(void)
{
    if (rtt_partner == 0)
        return getppid() == rtt_parent;
    if (rtt_partner_reaped)
        return false;
    pid_t r = waitpid(rtt_partner, &rtt_partner_status, WNOHANG);
    rtt_partner_reaped = r == rtt_partner;
    return r == 0;
}

/* Waits, yielding the CPU between checks, until *turn is want or (for the
 * partner) RTT_STOP; returns the value seen, or RTT_LOST if the other side
 * died or has not answered for RTT_PATIENCE_NS. Every 1024 checks it looks
 * at the clock and the other side, too rarely to show in the figure. */
static int wait_turn(_Atomic int *turn, int want)
{
    int64_t give_up = 0;
    for (unsigned checks = 1;; checks++) {
        int seen = atomic_load_explicit(turn, memory_order_acquire);
        if (seen == want || seen == RTT_STOP)
            return seen;
        if (checks % 1024 == 0) {
            int64_t now = mono_ns();
            if (give_up == 0)
                give_up = now + RTT_PATIENCE_NS;
            else if (now > give_up)
                return RTT_LOST;
            if (!rtt_other_alive())
                return RTT_LOST;
        }
        sched_yield();
    }
}

/* The partner's side: answer every odd value v with v + 1 until RTT_STOP;
 * exit 4 if the parent is gone. */
static _Noreturn void shm_echo(_Atomic int *turn)
{
    for (int v = 1;; v += 2) {
        int seen = wait_turn(turn, v);
        if (seen == RTT_STOP)
            _exit(0);
        if (seen == RTT_LOST)
            _exit(4);
        atomic_store_explicit(turn, v + 1, memory_order_release);
    }
}

/* One ping and its pong; v is the odd value to send. 0, or -1 if the
 * partner is lost. */
static int shm_round_trip(_Atomic int *turn, int v)
{
    atomic_store_explicit(turn, v, memory_order_release);
    return wait_turn(turn, v + 1) == RTT_LOST ? -1 : 0;
}

/* The partner stopped answering: say how, and make sure it is gone and
 * reaped. Returns -1, for time_ops. */
static int64_t rtt_partner_lost(void)
{
    if (rtt_partner_reaped) {
        printf("bench: FAILED the ping-pong partner %d ended with status 0x%x\n",
               (int)rtt_partner, rtt_partner_status);
    } else {
        printf("bench: FAILED the ping-pong partner %d did not answer for %d s\n",
               (int)rtt_partner, (int)(RTT_PATIENCE_NS / 1000000000));
        kill(rtt_partner, SIGKILL);
        waitpid(rtt_partner, NULL, 0);
    }
    return -1;
}

static int64_t time_shm_rtt(long n)
{
    _Atomic int *turn = shared_page_new();
    if (!turn)
        return -1;
    atomic_store(turn, 0);
    rtt_parent = getpid();
    rtt_partner_reaped = false;
    pid_t pid = fork();
    if (pid < 0) {
        shared_page_free((void *)turn);
        return fail("fork");
    }
    rtt_partner = pid;
    if (pid == 0)
        shm_echo(turn);
    int err = 0;
    int64_t elapsed = -1;
    long i = 0;
    if (shm_round_trip(turn, 1) == 0) {         /* the partner is running */
        int64_t t0 = mono_ns();
        while (i < n && shm_round_trip(turn, (int)(2 * i + 3)) == 0)
            i++;
        elapsed = mono_ns() - t0;
    }
    if (i < n) {
        err = (int)rtt_partner_lost();
    } else {
        atomic_store_explicit(turn, RTT_STOP, memory_order_release);
        err = reap(pid);
    }
    if (shared_page_free((void *)turn) < 0)
        err = -1;
    return err < 0 ? -1 : elapsed;
}

/* ---------------------------------------------------------------- segment life cycle */

/* Writes one byte into each page of the len bytes at p. */
static void touch_pages(volatile char *p, int len)
{
    for (int off = 0; off < len; off += PAGE_BYTES)
        p[off] = 1;
}

#ifdef __shmos__
/* create, attach, touch, detach, destroy one segment. 0 or -1 (printed). */
static int segment_cycle(void)
{
    int id = shm_create(CYCLE_SEG_BYTES);
    if (id < 0)
        return (int)fail("shm_create");
    if (shm_attach(id, CYCLE_ADDR) < 0) {
        fail("shm_attach");
        shm_destroy(id);
        return -1;
    }
    touch_pages(CYCLE_ADDR, CYCLE_SEG_BYTES);
    if (shm_detach(id) < 0)
        return (int)fail("shm_detach");
    if (shm_destroy(id) < 0)
        return (int)fail("shm_destroy");
    return 0;
}
#else
/* shm_open, ftruncate, mmap, touch, munmap, close, shm_unlink: the POSIX
 * spelling of the same life cycle. 0 or -1 (printed). */
static int segment_cycle(void)
{
    char name[32];
    snprintf(name, sizeof name, "/bench-%d", (int)getpid());
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return (int)fail("shm_open");
    int err = -1;
    void *p = MAP_FAILED;
    if (ftruncate(fd, CYCLE_SEG_BYTES) < 0) {
        fail("ftruncate");
        goto unlink;
    }
    p = mmap(NULL, CYCLE_SEG_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        fail("mmap");
        goto unlink;
    }
    touch_pages(p, CYCLE_SEG_BYTES);
    if (munmap(p, CYCLE_SEG_BYTES) < 0) {
        fail("munmap");
        goto unlink;
    }
    err = 0;
unlink:
    close(fd);
    if (shm_unlink(name) < 0 && err == 0)
        err = (int)fail("shm_unlink");
    return err;
}
#endif

static int64_t time_shm_cycle(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++)
        if (segment_cycle() < 0)
            return -1;
    return mono_ns() - t0;
}

/* ---------------------------------------------------------------- driver */

static const struct bench benches[] = {
    { "getppid_ns",        "ns", 1,    time_getppid },
    { "fork_exit_wait_us", "us", 1000, time_fork },
    { "pipe_rtt_us",       "us", 1000, time_pipe },
    { "shm_rtt_ns",        "ns", 1,    time_shm_rtt },
    { "shm_cycle_us",      "us", 1000, time_shm_cycle },
};

/* Measures b and prints its line. 0, or -1 if an operation failed. */
static int measure(const struct bench *b)
{
    /* Grow n until a run is long enough to estimate the cost per operation. */
    long n = 1;
    int64_t t;
    for (;;) {
        t = b->time_ops(n);
        if (t < 0)
            return -1;
        if ((uint64_t)t >= CALIBRATE_NS || n >= MAX_OPS)
            break;
        n *= 4;
    }
    uint64_t per_op = (uint64_t)t / (uint64_t)n + 1;
    uint64_t want = (uint64_t)round_ms * 1000000ull / per_op;
    n = want < 1 ? 1 : want > (uint64_t)MAX_OPS ? MAX_OPS : (long)want;

    /* The best round: interference from other work (on a shared host, other
     * virtual machines) only ever adds time. Picoseconds keep a decimal. */
    uint64_t best_ps = UINT64_MAX;
    for (int r = 0; r < rounds; r++) {
        t = b->time_ops(n);
        if (t < 0)
            return -1;
        uint64_t ps = (uint64_t)t * 1000ull / (uint64_t)n;
        if (ps < best_ps)
            best_ps = ps;
    }
    uint64_t tenths = (best_ps + b->unit_ns * 50) / (b->unit_ns * 100);
    printf("%s %llu.%llu %s\n", b->name, (unsigned long long)(tenths / 10),
           (unsigned long long)(tenths % 10), b->unit);
    fflush(stdout);
    return 0;
}

#ifdef LINUX_REFERENCE
/* As /init of the reference initramfs: give shm_open() its tmpfs. */
static void linux_init_setup(void)
{
    if (getpid() != 1)
        return;
    mkdir("/dev", 0755);
    mkdir("/dev/shm", 01777);
    if (mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL) < 0)
        printf("bench: mount /dev/shm: %s\n", strerror(errno));
}

/* As /init: power off (init may not exit; QEMU runs with -no-reboot). */
static void linux_init_finish(void)
{
    if (getpid() != 1)
        return;
    fflush(stdout);
    reboot(RB_POWER_OFF);
}
#else
static void linux_init_setup(void) {}
static void linux_init_finish(void) {}
#endif

int main(int argc, char **argv)
{
    int opt;
    while ((opt = getopt(argc, argv, "t:r:")) != -1) {
        switch (opt) {
        case 't': round_ms = atoi(optarg); break;
        case 'r': rounds = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: bench [-t ROUND_MS] [-r ROUNDS]\n");
            return 2;
        }
    }
    if (round_ms < 1)
        round_ms = 1;
    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = DEFAULT_ROUNDS;

    printf("bench: start %s pid %d, %d rounds of ~%d ms per figure\n",
           SYSTEM_NAME, (int)getpid(), rounds, round_ms);
    fflush(stdout);
    linux_init_setup();

    int status = 0;
    for (size_t i = 0; i < sizeof benches / sizeof benches[0]; i++) {
        if (measure(&benches[i]) < 0) {
            printf("bench: FAILED in %s\n", benches[i].name);
            status = 1;
            break;
        }
    }
    if (status == 0)
        printf("bench: done\n");
    fflush(stdout);
    linux_init_finish();
    return status;
}
