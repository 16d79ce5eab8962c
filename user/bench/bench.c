/*
 * bench.c - micro-benchmarks of the kernel paths shmos is built around.
 *
 * The same sources build for shmos (/bin/bench) and, statically, for Linux
 * (the reference: scripts/bench.sh boots it as /init of an initramfs).
 * Each figure is the cost of one operation, or a rate:
 *
 *   getppid_ns        a null system call
 *   clock_gettime_ns  one clock_gettime(CLOCK_MONOTONIC) (on Linux with
 *                     the TSC as its clock source, a vDSO read, no
 *                     system call)
 *   fork_exit_wait_us fork a child that exits at once, and wait for it
 *   fork_heap4m_us    the same with a 4 MiB heap, every page written
 *                     before the clock starts (what copy-on-write saves)
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
 *   sem_pair_ns       sem_post + sem_wait on an unnamed private semaphore,
 *                     uncontended, in one process
 *   sem_counter4_ns   ns per increment of a shared counter that 4 processes
 *                     increment under one process-shared unnamed semaphore
 *                     (a mutex) in shared memory
 *   shm_cycle_us      shm_open + ftruncate + mmap + touch each page +
 *                     munmap + close + shm_unlink of an 8 KiB object: the
 *                     same POSIX calls on both systems (posix_shm_cycle_us
 *                     is the same measurement under its issue-10 name)
 *   xv6_shm_cycle_us  shm_create + shm_attach + touch + shm_detach +
 *                     shm_destroy of an 8 KiB segment (shmos only)
 *   shm_cycle_4m_us   shmget + shmat + shmdt + IPC_RMID of a 4 MiB System V
 *                     segment never touched (what demand paging saves)
 *   mmap_anon_1m_us   mmap + touch every page + munmap of 1 MiB of private
 *                     anonymous memory
 *   sched_switch_ns   one switch of a sched_yield() ping-pong between two
 *                     processes on one CPU (the shm_yield_rtt_ns exchange,
 *                     per switch); on Linux both are pinned to CPU 0, on
 *                     shmos the scheduler keeps them together (a process
 *                     queued a moment is never stolen)
 *   fork_wait_under_load_us  fork_exit_wait_us with 4 CPU-bound processes
 *                     running meanwhile
 *   file_1m_rw_us     write 1 MiB to a new file in /tmp, read it back,
 *                     remove it
 *   pc_items_per_s    items per second from a producer process to a
 *                     consumer process through the lab's 10-slot ring
 *                     (include/portable/pc.h), the consumer printing
 *                     nothing, with named semaphores (the lab's default)
 *   pc_unnamed_items_per_s   the same with unnamed semaphores in the ring
 *   sysv_sem_rtt_us   ping-pong through a System V set of 2 semaphores
 *                     between two processes (semop, semtimedop)
 *   pc_sysv_items_per_s      pc_items_per_s with a System V set
 *
 * This file holds the figures of system calls, pipes, shared pages,
 * segments, memory and files, and the table; sem_figures.c the semaphore
 * figures and pc_figures.c the producer/consumer ones (declared in
 * bench.h); measure.c (declared there too) measures them (calibrated
 * rounds, the fastest printed, noisy ones measured again), watches the partner processes and prints
 * the output lines. Partner processes are forked and
 * warmed up before the clock starts, so only the steady-state operation is
 * timed; a partner that dies or stops answering fails the figure instead
 * of leaving the other side waiting. Every segment and semaphore a figure makes is
 * gone when it ends.
 *
 * Usage: bench [-t ROUND_MS] [-r ROUNDS] [-a ATTEMPTS] [-i IDLE_S]
 */
#define _GNU_SOURCE                     /* sched_setaffinity (Linux) */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <sys/stat.h>
#ifdef __shmos__
#include <shmos.h>
#endif
#include "monotime.h"
#include "bench.h"

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

/* ---------------------------------------------------------------- clock */

static int64_t time_clock_gettime(long n)
{
    struct timespec ts;
    volatile long sink = 0;
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        sink += ts.tv_nsec;
    }
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

#define HEAP4M (4 << 20)

/* fork + exit + wait with a 4 MiB heap whose every page the parent has
 * written: the break goes back afterwards. */
static int64_t time_fork_heap4m(long n)
{
    char *heap = sbrk(HEAP4M);
    if (heap == (void *)-1)
        return fail("sbrk");
    for (long off = 0; off < HEAP4M; off += 4096)
        heap[off] = (char)off;
    int64_t t = time_fork(n);
    if (sbrk(-HEAP4M) == (void *)-1 && t >= 0)
        return fail("sbrk back");
    return t;
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
/* An int, not a bool: gcc stores a bool condition with setg to memory,
 * and QEMU's TCG (Debian 12's 7.2, 32-bit code) pushes the wrong flags
 * when such a store faults on a page's first touch, so the retried setg
 * stored "false" on 2 CPUs (seen: "yield (2 CPU online)"; the same on a
 * 32-bit program under Linux in QEMU; docs/debugging.md). */
static int spin_mode;

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

/* ---------------------------------------------------------------- scheduling */

/* Pin the caller (and its children to come) to CPU 0, or back to every
 * CPU (Linux; shmos has no affinity: see sched_switch_ns above). */
static void pin_cpu0(bool pin)
{
#if defined(__linux__) && !defined(__shmos__)
    cpu_set_t set;
    CPU_ZERO(&set);
    for (long i = 0; i < (pin ? 1 : cpus_online()); i++)
        CPU_SET((int)i, &set);
    sched_setaffinity(0, sizeof set, &set);
#else
    (void)pin;
#endif
}

static int64_t time_sched_switch(long n)
{
    long rtts = n / 2 > 0 ? n / 2 : 1;
    bool spin = spin_mode;
    spin_mode = false;
    pin_cpu0(true);
    int64_t t = time_shm_rtt(rtts);
    pin_cpu0(false);
    spin_mode = spin;
    return t < 0 ? t : t * n / (2 * rtts);
}

#define LOAD_SPINNERS 4

static int64_t time_fork_under_load(long n)
{
    pid_t spinners[LOAD_SPINNERS];
    for (int i = 0; i < LOAD_SPINNERS; i++) {
        spinners[i] = fork();
        if (spinners[i] == 0)
            for (;;)
                __asm__ volatile("" ::: "memory");
        if (spinners[i] < 0) {
            while (i-- > 0) {
                kill(spinners[i], SIGKILL);
                waitpid(spinners[i], NULL, 0);
            }
            return fail("fork a spinner");
        }
    }
    int64_t t = time_fork(n);
    for (int i = 0; i < LOAD_SPINNERS; i++) {
        kill(spinners[i], SIGKILL);
        waitpid(spinners[i], NULL, 0);
    }
    return t;
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

/* shmget + shmat + shmdt + IPC_RMID of a 4 MiB System V segment that is
 * never touched. */
static int64_t time_shm_cycle_4m(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        int id = shmget(IPC_PRIVATE, 4 << 20, IPC_CREAT | 0600);
        if (id < 0)
            return fail("shmget");
        void *p = shmat(id, NULL, 0);
        if (p == (void *)-1) {
            fail("shmat");
            shmctl(id, IPC_RMID, NULL);
            return -1;
        }
        if (shmdt(p) < 0)
            return fail("shmdt");
        if (shmctl(id, IPC_RMID, NULL) < 0)
            return fail("shmctl IPC_RMID");
    }
    return mono_ns() - t0;
}

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

/* ---------------------------------------------------------------- the figures, in order */

static struct bench benches[] = {
    { "getppid_ns",        "ns", 1,    time_getppid },
    { "clock_gettime_ns",  "ns", 1,    time_clock_gettime },
    { "fork_exit_wait_us", "us", 1000, time_fork },
    { "fork_heap4m_us",    "us", 1000, time_fork_heap4m },
    { "pipe_rtt_us",       "us", 1000, time_pipe },
    { SPIN_FIGURE,         "ns", 1,    time_shm_rtt },     /* or YIELD_FIGURE: main */
    { "sem_rtt_us",        "us", 1000, time_sem_rtt },
    { "sem_pair_ns",       "ns", 1,    time_sem_pair },
    { "sem_counter4_ns",   "ns", 1,    time_sem_counter4 },
    { "shm_cycle_us",      "us", 1000, time_posix_cycle },
    { "posix_shm_cycle_us", "us", 1000, time_posix_cycle },
#ifdef __shmos__
    { "xv6_shm_cycle_us",  "us", 1000, time_xv6_cycle },
#endif
    { "mmap_anon_1m_us",   "us", 1000, time_mmap_anon },
    { "file_1m_rw_us",     "us", 1000, time_file_rw },
    { "pc_items_per_s",    "items/s", 0, time_pc_named },
    { "pc_unnamed_items_per_s", "items/s", 0, time_pc_unnamed },
    { "sched_switch_ns",   "ns", 1,    time_sched_switch },
    { "fork_wait_under_load_us", "us", 1000, time_fork_under_load },
    { "mutex_pair_ns",     "ns", 1,    time_mutex_pair },
    { "mutex_counter4_ns", "ns", 1,    time_mutex_counter4 },
    { "cond_rtt_us",       "us", 1000, time_cond_rtt },
    { "pthread_create_join_us", "us", 1000, time_pthread_create_join },
    /* System V last: a kernel without them loses only these three. */
    { "sysv_sem_rtt_us",   "us", 1000, time_sysv_sem_rtt },
    { "pc_sysv_items_per_s", "items/s", 0, time_pc_sysv },
    { "shm_cycle_4m_us",   "us", 1000, time_shm_cycle_4m },
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
