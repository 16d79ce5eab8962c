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
#define DEFAULT_ATTEMPTS 3
#define MAX_ATTEMPTS     10
#define NOISY_X100       200            /* rounds more than 2x apart: noisy */
#define CALIBRATE_NS     20000000ull    /* a calibration run this long is trusted */

static int round_ms = DEFAULT_ROUND_MS;
static int rounds = DEFAULT_ROUNDS;
static int attempts = DEFAULT_ATTEMPTS;
static int idle_s;                  /* -i: seconds to sit idle after the figures */

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

/* One attempt: rounds timed runs of n operations. */
struct attempt {
    uint64_t best_ps, worst_ps;     /* per operation, fastest and slowest round */
};

/* Times one attempt of b into *a. 0, or -1 if an operation failed. */
static int run_rounds(const struct bench *b, long n, struct attempt *a)
{
    a->best_ps = UINT64_MAX;
    a->worst_ps = 0;
    for (int r = 0; r < rounds; r++) {
        int64_t t = b->time_ops(n);
        if (t < 0)
            return -1;
        uint64_t ps = (uint64_t)t * 1000ull / (uint64_t)n;  /* picoseconds keep a decimal */
        if (ps == 0)
            ps = 1;
        if (ps < a->best_ps)
            a->best_ps = ps;
        if (ps > a->worst_ps)
            a->worst_ps = ps;
    }
    return 0;
}

/* The spread of an attempt in hundredths: its slowest round over its
 * fastest (100: the rounds agree exactly). */
static uint64_t spread_x100(const struct attempt *a)
{
    return (a->worst_ps * 100ull + a->best_ps / 2) / a->best_ps;
}

/* Measures b and prints its line (bench.h). 0, or -1 if an operation failed. */
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

    /* The fastest round of an attempt: interference from other work (on a
     * shared host, other virtual machines) only ever adds time. An attempt
     * whose rounds disagree by more than NOISY_X100 is measured again; if
     * every attempt is noisy, the one whose rounds agree best is printed. */
    struct attempt best = { 0, 0 }, a;
    for (int i = 1; i <= attempts; i++) {
        if (run_rounds(b, n, &a) < 0)
            return -1;
        if (i == 1 || spread_x100(&a) < spread_x100(&best))
            best = a;
        if (spread_x100(&best) <= NOISY_X100)
            break;
        printf("bench: %s noisy (slowest round %llu.%02llu x the fastest), %s\n",
               b->name, (unsigned long long)(spread_x100(&a) / 100),
               (unsigned long long)(spread_x100(&a) % 100),
               i < attempts ? "measuring again" : "giving up");
        fflush(stdout);
    }
    uint64_t ps = best.best_ps;
    uint64_t tenths = b->unit_ns == 0 ? (10000000000000ull + ps / 2) / ps
                                      : (ps + b->unit_ns * 50) / (b->unit_ns * 100);
    uint64_t spread = spread_x100(&best);
    printf("%s %llu.%llu %s spread %llu.%02llu%s\n", b->name,
           (unsigned long long)(tenths / 10), (unsigned long long)(tenths % 10), b->unit,
           (unsigned long long)(spread / 100), (unsigned long long)(spread % 100),
           spread > NOISY_X100 ? " noisy" : "");
    fflush(stdout);
    return 0;
}

#ifdef LINUX_REFERENCE
#define CLOCKSOURCE_FILE "/sys/devices/system/clocksource/clocksource0/current_clocksource"

/* As /init of the reference initramfs: give shm_open() its tmpfs, and
 * mount sysfs so that the clock source can be reported. */
static void linux_init_setup(void)
{
    if (getpid() != 1)
        return;
    mkdir("/dev", 0755);
    mkdir("/dev/shm", 01777);
    if (mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL) < 0)
        printf("bench: mount /dev/shm: %s\n", strerror(errno));
    mkdir("/sys", 0555);
    if (mount("sysfs", "/sys", "sysfs", 0, NULL) < 0 && errno != EBUSY)
        printf("bench: mount /sys: %s\n", strerror(errno));
}

/* Prints "bench: clocksource NAME": the kernel's clock behind
 * clock_gettime (with "tsc", the vDSO reads the TSC without a system
 * call), read after the figures in case the kernel changed it meanwhile. */
static void linux_report_clocksource(void)
{
    char name[64] = "";
    FILE *f = fopen(CLOCKSOURCE_FILE, "r");
    if (f) {
        if (!fgets(name, sizeof name, f))
            name[0] = '\0';
        fclose(f);
    }
    name[strcspn(name, "\n")] = '\0';
    printf("bench: clocksource %s\n", name[0] ? name : "unknown (no sysfs)");
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
static void linux_report_clocksource(void) {}
static void linux_init_finish(void) {}
#endif

/* -i: sits idle for idle_s seconds, for the host to measure what an idle
 * guest costs it; says so first ("bench: idle S s"), so that the host
 * knows when to start. */
static void sit_idle(void)
{
    if (idle_s <= 0)
        return;
    printf("bench: idle %d s\n", idle_s);
    fflush(stdout);
    int64_t end = mono_ms() + (int64_t)idle_s * 1000;
    for (int64_t left; (left = end - mono_ms()) > 0;)
        nap_ms(left > 1000 ? 1000 : (long)left);
}

/* ---------------------------------------------------------------- driver */

/* Is figure name among the NULL-terminated names (none given: every one)? */
static int wanted(const char *name, char **names)
{
    if (!names[0])
        return 1;
    for (; *names; names++)
        if (strcmp(*names, name) == 0)
            return 1;
    return 0;
}

int bench_main(int argc, char **argv, const struct bench *table, size_t count,
               const char *note)
{
    int opt;
    while ((opt = getopt(argc, argv, "t:r:a:i:")) != -1) {
        switch (opt) {
        case 't': round_ms = atoi(optarg); break;
        case 'r': rounds = atoi(optarg); break;
        case 'a': attempts = atoi(optarg); break;
        case 'i': idle_s = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: bench [-t ROUND_MS] [-r ROUNDS] [-a ATTEMPTS] [-i IDLE_S]"
                            " [FIGURE...]\n");
            return 2;
        }
    }
    if (round_ms < 1)
        round_ms = 1;
    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = DEFAULT_ROUNDS;
    if (attempts < 1 || attempts > MAX_ATTEMPTS)
        attempts = DEFAULT_ATTEMPTS;

    printf("bench: start %s pid %d, %d rounds of ~%d ms per figure, up to %d attempts\n",
           SYSTEM_NAME, (int)getpid(), rounds, round_ms, attempts);
    if (note)
        printf("bench: %s\n", note);
    fflush(stdout);
    linux_init_setup();

    int status = 0;
    for (size_t i = 0; i < count; i++) {
        if (!wanted(table[i].name, argv + optind))
            continue;
        if (measure(&table[i]) < 0) {
            printf("bench: FAILED in %s\n", table[i].name);
            status = 1;
            break;
        }
    }
    if (status == 0) {
        linux_report_clocksource();
        printf("bench: done\n");
        sit_idle();
    }
    fflush(stdout);
    linux_init_finish();
    return status;
}
