/*
 * bench.c - micro-benchmarks of the kernel paths shmos is built around.
 *
 * The same sources build for shmos (/bin/bench) and, statically, for Linux
 * (the reference: scripts/bench.sh boots it as /init of an initramfs).
 * Each figure is the cost of one operation, or a rate:
 *
 *   getppid_ns        a null system call
 *   fork_exit_wait_us fork a child that exits at once, and wait for it
 *   pipe_rtt_us       1 byte to a partner process and 1 byte back (2 pipes)
 *   shm_spin_rtt_ns   ping-pong of an atomic int in a shared page between
 *                     two processes, each waiting side spinning on it (with
 *                     2 or more CPUs online: the cost of moving the cache
 *                     line there and back); with 1 CPU, spinning would wait
 *                     for the time slice to end, so each waiting side calls
 *                     sched_yield() between checks instead, and the figure
 *                     is called shm_yield_rtt_ns (two context switches)
 *   sem_rtt_us        ping-pong of two named semaphores between two
 *                     processes: post ping, wait pong; the partner waits
 *                     ping, posts pong
 *   shm_cycle_us      shm_open + ftruncate + mmap + touch each page +
 *                     munmap + close + shm_unlink of an 8 KiB object: the
 *                     same POSIX calls on both systems (posix_shm_cycle_us
 *                     is the same measurement under its issue-10 name)
 *   xv6_shm_cycle_us  shm_create + shm_attach + touch + shm_detach +
 *                     shm_destroy of an 8 KiB segment (shmos only)
 *   mmap_anon_1m_us   mmap + touch every page + munmap of 1 MiB of private
 *                     anonymous memory
 *   file_1m_rw_us     write 1 MiB to a new file in /tmp, read it back,
 *                     remove it
 *   pc_items_per_s    items per second from a producer process to a
 *                     consumer process through the lab's 10-slot ring
 *                     (include/portable/pc.h), the consumer printing nothing
 *
 * This file holds the figures; measure.c (declared in bench.h) measures
 * them (calibrated rounds, the fastest printed), watches the partner
 * processes and prints the output lines. Partner processes are forked and
 * warmed up before the clock starts, so only the steady-state operation is
 * timed; a partner that dies or stops answering fails the figure instead
 * of leaving the other side waiting. Every segment and semaphore a figure makes is
 * gone when it ends.
 *
 * Usage: bench [-t ROUND_MS] [-r ROUNDS]
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __shmos__
#include <shmos.h>
#endif
#include "monotime.h"
#include "bench.h"
#include "pc.h"             /* the producer/consumer protocol */

#define CYCLE_SEG_BYTES  8192
#define PAGE_BYTES       4096
#define SPIN_FIGURE      "shm_spin_rtt_ns"
#define YIELD_FIGURE     "shm_yield_rtt_ns"
#ifdef __shmos__
#define RTT_ADDR   ((void *)0x10000000)  /* where the ping-pong page attaches */
#define CYCLE_ADDR ((void *)0x20000000)  /* where the 8 KiB segment attaches */
#endif

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
        pid_t pid = partner_fork("child");
        if (pid < 0)
            return fail("fork");
        if (pid == 0)
            _exit(0);
        if (partner_reap() < 0)
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
    ssize_t got = read(from, &c, 1);
    if (got == 0)
        printf("bench: FAILED pipe read: end of file\n");
    if (got != 1)
        return got == 0 ? -1 : (int)fail("pipe read");
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
    pid_t pid = partner_fork("pipe partner");
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
    if (partner_reap() < 0)
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
_Static_assert(2 * MAX_OPS + 2 <= INT_MAX, "ping-pong values overflow an int");

/* Whether the ping-pong spins (true when 2 or more CPUs are online, so the
 * other side runs meanwhile) or yields the CPU between checks. Set by main. */
static bool spin_mode;

/* The CPUs online, or 1 if the system will not say. */
static long cpus_online(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 1 ? n : 1;
}

/* Waits until *turn is want or (for the partner) RTT_STOP, spinning or
 * yielding between checks (spin_mode); returns the value seen, or RTT_LOST
 * if the other side died or has not answered for RTT_PATIENCE_NS. Every
 * 1024 checks it looks at the other side, too rarely to show in the
 * figure: an answer takes far fewer checks. */
static int wait_turn(_Atomic int *turn, int want)
{
    int64_t since = 0;
    for (unsigned checks = 1;; checks++) {
        int seen = atomic_load_explicit(turn, memory_order_acquire);
        if (seen == want || seen == RTT_STOP)
            return seen;
        if (checks % 1024 == 0 && partner_given_up(&since))
            return RTT_LOST;
        if (!spin_mode)
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

static int64_t time_shm_rtt(long n)
{
    _Atomic int *turn = shared_page_new();
    if (!turn)
        return -1;
    atomic_store(turn, 0);
    pid_t pid = partner_fork("ping-pong partner");
    if (pid < 0) {
        shared_page_free((void *)turn);
        return fail("fork");
    }
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
        err = (int)partner_lost();
    } else {
        atomic_store_explicit(turn, RTT_STOP, memory_order_release);
        err = partner_reap();
    }
    if (shared_page_free((void *)turn) < 0)
        err = -1;
    return err < 0 ? -1 : elapsed;
}

/* ---------------------------------------------------------------- semaphores */

#define SEM_CHECK_NS INT64_C(200000000)     /* a waiting side looks at the other this often */

/* The CLOCK_REALTIME time (sem_timedwait's clock) ns from now. */
static struct timespec realtime_in(int64_t ns)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    int64_t at = (int64_t)t.tv_sec * 1000000000 + t.tv_nsec + ns;
    t.tv_sec = (time_t)(at / 1000000000);
    t.tv_nsec = (long)(at % 1000000000);
    return t;
}

/* Takes a unit of s. The wait is sem_timedwait against *check, which the
 * caller moves SEM_CHECK_NS ahead every 1024 waits (a clock read per wait
 * would show in the figure); when it passes, the partner is looked at and
 * *check moved on. 0 taken, RTT_LOST, or -1 on an error (errno). */
static int sem_take(sem_t *s, struct timespec *check)
{
    int64_t since = 0;
    while (sem_timedwait(s, check) != 0) {
        if (errno == EINTR)
            continue;
        if (errno != ETIMEDOUT)
            return -1;
        if (partner_given_up(&since))
            return RTT_LOST;
        *check = realtime_in(SEM_CHECK_NS);
    }
    return 0;
}

/* A new semaphore of value 0 for this process alone: its name carries the
 * pid (runs never collide) and is unlinked as soon as it is open, so
 * nothing is left behind whatever happens later (the handle, which fork
 * passes on, is all the partners need). NULL on failure (printed). */
static sem_t *sem_private(const char *what)
{
    char name[32];
    snprintf(name, sizeof name, "/bench-%s-%d", what, (int)getpid());
    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (s == SEM_FAILED) {
        fail(name);
        return NULL;
    }
    if (sem_unlink(name) != 0) {
        fail(name);
        sem_close(s);
        return NULL;
    }
    return s;
}

/* The partner's side: n times, wait for ping and post pong; then exit 0
 * (3 on an error, 4 if the parent is lost). */
static _Noreturn void sem_echo(sem_t *ping, sem_t *pong, long n)
{
    struct timespec check;
    for (long i = 0; i < n; i++) {
        if (i % 1024 == 0)
            check = realtime_in(SEM_CHECK_NS);
        int got = sem_take(ping, &check);
        if (got != 0)
            _exit(got == RTT_LOST ? 4 : 3);
        if (sem_post(pong) != 0)
            _exit(3);
    }
    _exit(0);
}

/* Post ping, wait for pong. 0, RTT_LOST or -1 (printed). */
static int sem_round_trip(sem_t *ping, sem_t *pong, struct timespec *check)
{
    if (sem_post(ping) != 0)
        return (int)fail("sem_post");
    int got = sem_take(pong, check);
    return got == -1 ? (int)fail("sem_timedwait") : got;
}

static int64_t time_sem_rtt(long n)
{
    sem_t *ping = sem_private("ping");
    sem_t *pong = ping ? sem_private("pong") : NULL;
    if (!pong) {
        if (ping)
            sem_close(ping);
        return -1;
    }
    int64_t elapsed = -1;
    int err = -1;
    pid_t pid = partner_fork("semaphore partner");
    if (pid == 0)
        sem_echo(ping, pong, n + 1);        /* + the warm-up */
    if (pid < 0) {
        fail("fork");
    } else {
        struct timespec check = realtime_in(SEM_CHECK_NS);
        int got = sem_round_trip(ping, pong, &check);   /* the partner is running */
        if (got == 0) {
            int64_t t0 = mono_ns();
            for (long i = 0; i < n; i++) {
                if (i % 1024 == 0)
                    check = realtime_in(SEM_CHECK_NS);
                if ((got = sem_round_trip(ping, pong, &check)) != 0)
                    break;
            }
            elapsed = mono_ns() - t0;
        }
        if (got == RTT_LOST)
            partner_lost();
        else if (got != 0)
            partner_stop();
        else
            err = partner_reap();
    }
    bool closed = sem_close(ping) == 0;
    if (!(sem_close(pong) == 0 && closed) && err == 0)
        err = (int)fail("sem_close");
    return err < 0 ? -1 : elapsed;
}

/* ---------------------------------------------------------------- segment life cycle */

/* Writes one byte into each page of the len bytes at p. */
static void touch_pages(volatile char *p, int len)
{
    for (int off = 0; off < len; off += PAGE_BYTES)
        p[off] = 1;
}

/* shm_open, ftruncate, mmap, touch, munmap, close, shm_unlink of an 8 KiB
 * object: the POSIX life cycle, the same calls on both systems. 0 or -1
 * (printed). */
static int posix_cycle(void)
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

static int64_t time_posix_cycle(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++)
        if (posix_cycle() < 0)
            return -1;
    return mono_ns() - t0;
}

#ifdef __shmos__
/* shm_create, shm_attach, touch, shm_detach, shm_destroy of an 8 KiB
 * segment: the xv6 lab's life cycle (shmos only). */
static int64_t time_xv6_cycle(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        int id = shm_create(CYCLE_SEG_BYTES);
        if (id < 0)
            return fail("shm_create");
        if (shm_attach(id, CYCLE_ADDR) < 0) {
            fail("shm_attach");
            shm_destroy(id);
            return -1;
        }
        touch_pages(CYCLE_ADDR, CYCLE_SEG_BYTES);
        if (shm_detach(id) < 0)
            return fail("shm_detach");
        if (shm_destroy(id) < 0)
            return fail("shm_destroy");
    }
    return mono_ns() - t0;
}
#endif

/* ---------------------------------------------------------------- memory and files */

#define MIB (1 << 20)

/* mmap 1 MiB of private anonymous memory, write a byte in every page,
 * munmap it. */
static int64_t time_mmap_anon(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        void *p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return fail("mmap");
        touch_pages(p, MIB);
        if (munmap(p, MIB) < 0)
            return fail("munmap");
    }
    return mono_ns() - t0;
}

/* Write 1 MiB to a new file in /tmp (64 KiB at a time), read it back,
 * remove it. */
static int64_t time_file_rw(long n)
{
    static char buf[64 * 1024];
    char name[40];
    if (mkdir("/tmp", 01777) < 0 && errno != EEXIST)     /* Linux's initramfs has none */
        return fail("mkdir /tmp");
    snprintf(name, sizeof name, "/tmp/bench-%d", (int)getpid());
    memset(buf, 'b', sizeof buf);
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            return fail("open");
        for (int done = 0; done < MIB; done += (int)sizeof buf)
            if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
                return fail("write");
        if (lseek(fd, 0, SEEK_SET) != 0)
            return fail("lseek");
        for (int done = 0; done < MIB; done += (int)sizeof buf)
            if (read(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
                return fail("read");
        if (close(fd) < 0 || unlink(name) < 0)
            return fail("close/unlink");
    }
    return mono_ns() - t0;
}

/* ---------------------------------------------------------------- producer/consumer */

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

/* Producer steps 1-4 for a run of total items, private to this process:
 * a keyless segment (IPC_PRIVATE) instead of PC_KEY + run, and names that
 * carry the pid, so it never meets a lab run or another bench. 0, or -1
 * (printed) with nothing left. */
static int pc_create(struct pc_run *r, long total)
{
    static const char *const what[PC_NSEMS] = { "empty", "full", "mutex" };
    static const unsigned initial[PC_NSEMS] = { [PC_EMPTY] = PC_SLOTS, [PC_FULL] = 0,
                                                [PC_MUTEX] = 1 };
    char name[PC_NSEMS][PC_NAME_SIZE];
    for (int i = 0; i < PC_NSEMS; i++)
        snprintf(name[i], PC_NAME_SIZE, "/bench-pc-%s-%d", what[i], (int)getpid());
    pc_run_init(r, 0, PC_NAMED);
    r->key = IPC_PRIVATE;
    pc_sems_init(&r->sems, PC_NAMED, IPC_PRIVATE, (const char (*)[PC_NAME_SIZE])name);
    r->shmid = shmget(IPC_PRIVATE, sizeof(struct pc_ring), IPC_CREAT | 0600);
    if (r->shmid < 0)
        return (int)fail("shmget");
    void *p = shmat(r->shmid, NULL, 0);
    if (p == (void *)-1) {
        fail("shmat");
        goto remove;
    }
    r->ring = p;
    *r->ring = (struct pc_ring){ .total = (int32_t)total, .producer = (int32_t)getpid() };
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

/* n items through the ring, timed from the consumer's joining to its
 * taking the last item. Then both leave the run the protocol's way; the
 * producer, left alone, must be the one that removes it. */
static int64_t time_pc(long n)
{
    struct pc_run r;
    if (pc_create(&r, n) != 0)
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

/* ---------------------------------------------------------------- the figures, in order */

static struct bench benches[] = {
    { "getppid_ns",        "ns", 1,    time_getppid },
    { "fork_exit_wait_us", "us", 1000, time_fork },
    { "pipe_rtt_us",       "us", 1000, time_pipe },
    { SPIN_FIGURE,         "ns", 1,    time_shm_rtt },     /* or YIELD_FIGURE: main */
    { "sem_rtt_us",        "us", 1000, time_sem_rtt },
    { "shm_cycle_us",      "us", 1000, time_posix_cycle },
    { "posix_shm_cycle_us", "us", 1000, time_posix_cycle },
#ifdef __shmos__
    { "xv6_shm_cycle_us",  "us", 1000, time_xv6_cycle },
#endif
    { "mmap_anon_1m_us",   "us", 1000, time_mmap_anon },
    { "file_1m_rw_us",     "us", 1000, time_file_rw },
    { "pc_items_per_s",    "items/s", 0, time_pc },
};

int main(int argc, char **argv)
{
    static char mode[96];
    long cpus = cpus_online();
    spin_mode = cpus >= 2;
    snprintf(mode, sizeof mode, "shm ping-pong mode %s (%ld CPU%s online)",
             spin_mode ? "spin" : "yield", cpus, cpus == 1 ? "" : "s");
    for (size_t i = 0; i < sizeof benches / sizeof benches[0]; i++)
        if (benches[i].time_ops == time_shm_rtt && !spin_mode)
            benches[i].name = YIELD_FIGURE;
    return bench_main(argc, argv, benches, sizeof benches / sizeof benches[0], mode);
}
