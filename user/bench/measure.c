/* The measuring harness of bench (bench.h says what it does and offers). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "monotime.h"
#include "bench.h"

#ifdef __shmos__
#define SYSTEM_NAME "shmos"
#else
#define SYSTEM_NAME "linux"
#endif
/* gcc defines __linux__ for the shmos build too (it is Linux's compiler). */
#if defined(__linux__) && !defined(__shmos__)
#define LINUX_REFERENCE 1
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#endif

#define DEFAULT_ROUND_MS 250
#define DEFAULT_ROUNDS   5
#define MAX_ROUNDS       100
#define CALIBRATE_NS     20000000ull    /* a calibration run this long is trusted */

static int round_ms = DEFAULT_ROUND_MS;
static int rounds = DEFAULT_ROUNDS;

int64_t fail(const char *what)
{
    printf("bench: FAILED %s: %s\n", what, strerror(errno));
    return -1;
}

/* ---------------------------------------------------------------- partners */

static const char *partner_role;    /* in the parent: "consumer", ..., for messages */
static pid_t partner_parent;        /* in the partner: the parent it answers */
static pid_t partner_pid;           /* in the parent: the partner; 0 in the partner */
static int partner_status;          /* valid once partner_reaped */
static bool partner_reaped;

pid_t partner_fork(const char *role)
{
    if (partner_parent == 0)
        partner_parent = getpid();
    partner_role = role;
    partner_reaped = false;
    partner_pid = fork();
    return partner_pid;
}

bool partner_alive(void)
{
    if (partner_pid == 0)
        return getppid() == partner_parent;
    if (partner_reaped)
        return false;
    pid_t r = waitpid(partner_pid, &partner_status, WNOHANG);
    partner_reaped = r == partner_pid;
    return r == 0;
}

bool partner_given_up(int64_t *since)
{
    if (!partner_alive())
        return true;
    int64_t now = mono_ns();
    if (*since == 0)
        *since = now;
    return now - *since > RTT_PATIENCE_NS;
}

int partner_reap(void)
{
    if (!partner_reaped && waitpid(partner_pid, &partner_status, 0) != partner_pid)
        return (int)fail("waitpid");
    partner_reaped = true;
    if (WIFEXITED(partner_status) && WEXITSTATUS(partner_status) == 0)
        return 0;
    printf("bench: FAILED the %s %d ended with status 0x%x\n", partner_role,
           (int)partner_pid, partner_status);
    return -1;
}

void partner_stop(void)
{
    if (partner_reaped)
        return;
    kill(partner_pid, SIGKILL);
    waitpid(partner_pid, NULL, 0);
    partner_reaped = true;
}

int64_t partner_lost(void)
{
    if (!partner_reaped) {
        printf("bench: FAILED the %s %d did not answer for %d s\n", partner_role,
               (int)partner_pid, (int)(RTT_PATIENCE_NS / 1000000000));
        partner_stop();
    } else if (partner_reap() == 0) {   /* else its status is printed */
        printf("bench: FAILED the %s %d exited too early\n", partner_role, (int)partner_pid);
    }
    return -1;
}

/* ---------------------------------------------------------------- measuring */

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
    if (best_ps == 0)
        best_ps = 1;
    uint64_t tenths = b->unit_ns == 0 ? (10000000000000ull + best_ps / 2) / best_ps
                                      : (best_ps + b->unit_ns * 50) / (b->unit_ns * 100);
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

/* ---------------------------------------------------------------- driver */

int bench_main(int argc, char **argv, const struct bench *table, size_t count,
               const char *note)
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
    if (note)
        printf("bench: %s\n", note);
    fflush(stdout);
    linux_init_setup();

    int status = 0;
    for (size_t i = 0; i < count; i++) {
        if (measure(&table[i]) < 0) {
            printf("bench: FAILED in %s\n", table[i].name);
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
