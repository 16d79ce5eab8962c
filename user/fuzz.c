/*
 * fuzz - throw random and hostile system calls at the kernel, then check
 * that it gave everything back.
 *
 *   fuzz [-s SEED] [-n CALLS] [-p PROCS] [-k CALLS_PER_WORKER] [-L]
 *
 * Workers (forked, PROCS at a time, each in its own process group, its
 * standard fds closed, its working directory /tmp/fuzz) each make
 * CALLS_PER_WORKER calls, int $0x80 with a random number (mostly the call
 * list's, a few past its end) and six arguments, mostly of the kind the
 * list gives each (a path, a buffer, a small number: syscall_info.h),
 * else drawn from a pool of the values that break kernels: 0, -1, small numbers and fds, sizes, flag combinations,
 * the worker's own buffers and their last bytes before unmapped memory,
 * the clock page, unmapped user pages, kernel addresses, and path names
 * under /tmp/fuzz and /dev/shm. A worker still running after a second is
 * killed (it may sleep on a pipe or a futex for ever, which is fine: being
 * killed there is a case too). Worker i's calls come from SEED + i, so a
 * seed printed by a failing run reproduces it.
 *
 * What the workers could do to the rest of the system is kept to
 * themselves: poweroff is never called; kill and setpgid act only on the
 * worker's own process or group; a thread starts at a function that
 * exits; a forked child exits at once; sigaction only asks (a handler at
 * a random address could jump anywhere, a system call included).
 *
 * Afterwards the System V segments and semaphore sets, the xv6 segments,
 * /tmp/fuzz and every name new in /, /tmp, /dev, /dev/shm, /etc and /bin
 * (a worker may chdir) are removed,
 * and the kernel's counters (free pages, processes, files, segments,
 * semaphore sets, memory objects, file-system nodes, futex waiters) must
 * be back where they were (-L leaks a pipe on purpose, to show that the
 * check sees it). Exit status: 0, 1 if something leaked, 2 on bad usage.
 * shmos only (the call numbers are shmos's). It removes every segment and
 * semaphore set of the system, not only its workers': run it in a boot of
 * its own (tests/guest-cmd/fuzz.sh does).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <shmos.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <shmos/layout.h>
#include "syscall_info.h"
#include "syscall_nr.h"
#include "sysvipc.h"

#define FUZZ_DIR     "/tmp/fuzz"
#define MAX_NR       128        /* call numbers tried: 0..MAX_NR-1 (past the list's end) */
#define WORKER_MS    1000       /* a worker's time limit */
#define MAX_PROCS    16

static uint32_t rng;

static uint32_t rnd(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8 ^ rng << 13;
}

static char buf[3 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static const char *const paths[] = {
    FUZZ_DIR "/a", FUZZ_DIR "/b", FUZZ_DIR "/d", FUZZ_DIR "/d/x", "/dev/shm/fuzz-a",
    "/dev/shm/fuzz-b", "a", "d/../a", FUZZ_DIR "/d/", "/nonexistent/x", "", "/", ".",
    FUZZ_DIR "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

/* One argument: a value from the pool. */
static uint32_t pick(void)
{
    switch (rnd() % 18) {
    case 0: return 0;
    case 1: return 1;
    case 2: return (uint32_t)-1;
    case 3: return rnd() % 16;
    case 4: return rnd() % 4096;
    case 5: return rnd();
    case 6: { static const uint32_t big[] = { 0x7fffffff, 0x80000000, 0xfffff000, 0x40000000 };
              return big[rnd() % 4]; }
    case 7: { static const uint32_t k[] = { KERNBASE, KERNBASE + 0x100000, 0xfffffffc,
                                             KERNBASE - 1, KERNBASE - 4 };
              return k[rnd() % 5] + (rnd() % 2 ? 0 : rnd() % 64); }
    case 8: return (uint32_t)(uintptr_t)&buf[rnd() % sizeof buf];
    case 9: return (uint32_t)(uintptr_t)&buf[sizeof buf - 1 - rnd() % 8];
    case 10: return (uint32_t)(uintptr_t)paths[rnd() % (sizeof paths / sizeof paths[0])];
    case 11: { static const uint32_t u[] = { USER_BASE, USER_VCLOCK, USER_VCLOCK + 4,
                                             USER_MMAP_BASE, USER_STACK_BOTTOM - 4, 0x10000000,
                                             0x20000000, USER_STACK_TOP - 4 };
               return u[rnd() % 8]; }
    case 12: { static const uint32_t f[] = { 0x42, 0xc2, 0x241, 0x2, 01666, 03600, 3, 7,
                                             0x21, 0x22, 0x11, 0x32, 0x800, 0x1000 };
               return f[rnd() % 14]; }
    case 13: { static const uint32_t s[] = { 4096, 8192, 1 << 20, 64 << 20, 4095, 4097 };
               return s[rnd() % 6]; }
    case 14: return (uint32_t)-(int32_t)(2 + rnd() % 10);
    case 15: return 3 + rnd() % 6;
    case 16: return rnd() % 32;     /* signals */
    default: return (uint32_t)getpid();
    }
}

/* One argument of the kind the call list gives it (syscall_info.h, as
 * strace decodes them): mostly a value of that kind — a path for a
 * string, the worker's buffer for a pointer, a small number or flags for
 * an int — so that calls get past their first check, and now and then
 * any value of the pool. */
static uint32_t pick_for(unsigned kind)
{
    static const char *argv[] = { "fuzz", FUZZ_DIR "/a", "", NULL };
    if (rnd() % 4 == 0)
        return pick();
    switch (kind) {
    case TRACE_STR:
        return (uint32_t)(uintptr_t)paths[rnd() % (sizeof paths / sizeof paths[0])];
    case TRACE_ARGV:
        return (uint32_t)(uintptr_t)&argv[rnd() % 4];
    case TRACE_PTR:
    case TRACE_BUF_IN:
    case TRACE_BUF_OUT:
        return (uint32_t)(uintptr_t)&buf[rnd() % 2 ? 0 : rnd() % sizeof buf];
    case TRACE_UINT: {
        static const uint32_t n[] = { 0, 1, 16, 100, 4096, 8192, 65536 };
        return n[rnd() % (sizeof n / sizeof n[0])];
    }
    default:
        return rnd() % 3 ? rnd() % 16 : pick();
    }
}

/* A call number: mostly one of the list's, sometimes any below MAX_NR. */
static uint32_t pick_call(void)
{
    for (int tries = 0; tries < 8 && rnd() % 8; tries++) {
        uint32_t nr = 1 + rnd() % (SYS_MAX - 1);
        if (nr < MAX_NR && syscall_info[nr].name)
            return nr;
    }
    return rnd() % MAX_NR;
}

static uint32_t arg5;   /* a global: %ebp cannot carry a stack operand in */

/* The call nr with arguments a[0..4] and arg5 by int $0x80; its result. */
static long raw_call(uint32_t nr, const uint32_t *a)
{
    long ret;
    __asm__ volatile("pushl %%ebp\n\t"
                     "movl %[a5], %%ebp\n\t"
                     "int $0x80\n\t"
                     "popl %%ebp"
                     : "=a"(ret)
                     : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4]),
                       [a5] "m"(arg5)
                     : "memory", "cc");
    return ret;
}

static void thread_exit(void)
{
    _exit(0);
}

/* The arguments of a call that could reach outside the worker, made
 * harmless; returns 0 if the call must not be made at all. */
static int tame(uint32_t nr, uint32_t *a)
{
    switch (nr) {
    case SYS_poweroff:
        return 0;
    case SYS_kill: {
        static const int32_t own[] = { 0, 1, 2 };   /* self, own group, group by id */
        int32_t me = (int32_t)getpid(), which = own[rnd() % 3];
        a[0] = (uint32_t)(which == 0 ? 0 : which == 1 ? me : -me);
        return 1;
    }
    case SYS_setpgid:      /* joining another group would let kill(0, sig) out */
        a[0] = 0;
        a[1] = 0;
        return 1;
    case SYS_thread_create:
        a[0] = (uint32_t)(uintptr_t)thread_exit;
        return 1;
#ifdef SYS_sigaction
    case SYS_sigaction:     /* a handler at a random address could run anything */
        a[1] = 0;
        return 1;
#endif
    }
    return 1;
}

/* One worker's life: calls random calls, then exits 0. */
static _Noreturn void worker(uint32_t seed, int calls)
{
    rng = seed;
    setpgid(0, 0);
    for (int fd = 0; fd < 3; fd++)
        close(fd);                  /* no console: nothing to read, no junk on it */
    if (chdir(FUZZ_DIR) < 0)
        _exit(3);
    for (int i = 0; i < calls; i++) {
        uint32_t nr = pick_call(), a[5];
        const unsigned char *kind = nr < SYS_MAX ? syscall_info[nr].kind : NULL;
        for (int k = 0; k < 5; k++)
            a[k] = kind ? pick_for(kind[k]) : pick();
        arg5 = kind ? pick_for(kind[5]) : pick();
        if (!tame(nr, a))
            continue;
        long r = raw_call(nr, a);
        if (nr == SYS_fork && r == 0)
            _exit(0);
    }
    _exit(0);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Removes path and, if it is a directory, everything under it. */
static void remove_tree(const char *path)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return;
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        char sub[512];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
        closedir(d);
    }
    rmdir(path);
}

static int remove_shm(int id, const struct shmid_ds *ds, void *arg)
{
    (void)ds, (void)arg;
    shmctl(id, IPC_RMID, NULL);
    return 0;
}

static int remove_sem(int id, const struct semid_ds *ds, void *arg)
{
    (void)ds, (void)arg;
    semctl(id, 0, IPC_RMID);
    return 0;
}

/* The directories a worker can create names in (its working directory
 * may move: chdir("/") is one of its calls) and their names before. */
static const char *const watched[] = { "/", "/tmp", "/dev", "/dev/shm", "/etc", "/bin" };
#define NWATCHED (sizeof watched / sizeof watched[0])
static char *names_before[NWATCHED];

/* The names in dir, each between newlines ("\na\nb\n"), malloc'd. */
static char *list_names(const char *dir)
{
    size_t len = 1, cap = 256;
    char *list = malloc(cap);
    DIR *d = opendir(dir);
    if (!list)
        return NULL;
    strcpy(list, "\n");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (len + n + 2 > cap) {
            char *bigger = realloc(list, cap = 2 * (len + n + 2));
            if (!bigger)
                break;
            list = bigger;
        }
        memcpy(list + len, e->d_name, n);
        len += n;
        memcpy(list + len, "\n", 2);
        len++;
    }
    if (d)
        closedir(d);
    return list;
}

static void note_names(void)
{
    for (size_t i = 0; i < NWATCHED; i++)
        names_before[i] = list_names(watched[i]);
}

/* Removes what the workers may have left that outlives them: segments,
 * semaphore sets, and every name that is new in a watched directory. */
static void clean_up(void)
{
    static struct shminfo_rec recs[SHM_SEGS_MAX];
    int n = shm_list(recs, SHM_SEGS_MAX);
    for (int i = 0; i < n; i++)
        shm_destroy(recs[i].id);
    sysv_each_shm(remove_shm, NULL);
    sysv_each_sem(remove_sem, NULL);
    for (size_t i = 0; i < NWATCHED; i++) {
        char *now = list_names(watched[i]), key[300], path[300];
        for (char *name = now ? now + 1 : NULL; name && *name && names_before[i];) {
            char *end = strchr(name, '\n');
            *end = '\0';
            snprintf(key, sizeof key, "\n%s\n", name);
            if (!strstr(names_before[i], key)) {
                snprintf(path, sizeof path, "%s/%s", strcmp(watched[i], "/") ? watched[i] : "",
                         name);
                remove_tree(path);
            }
            name = end + 1;
        }
        free(now);
    }
}

/* Do the counters of a and b agree (free pages, processes, ...)? Prints
 * each that differs if say. The pages a process slot's kernel stack takes
 * on its first use stay with the slot (kstack_pages): they count as free
 * here, as in the test suite's leak check. */
static int same(const struct meminfo *ma, const struct meminfo *mb, int say)
{
    struct meminfo ca = *ma, cb = *mb;
    ca.free_pages += ca.kstack_pages;
    cb.free_pages += cb.kstack_pages;
    const struct meminfo *a = &ca, *b = &cb;
    static const struct {
        const char *name;
        size_t off;
    } fields[] = {
        { "free_pages + kstack_pages", offsetof(struct meminfo, free_pages) },
        { "nproc", offsetof(struct meminfo, nproc) },
        { "nfile", offsetof(struct meminfo, nfile) },
        { "nshm", offsetof(struct meminfo, nshm) },
        { "nsem", offsetof(struct meminfo, nsem) },
        { "nobj", offsetof(struct meminfo, nobj) },
        { "nnode", offsetof(struct meminfo, nnode) },
        { "nfutex", offsetof(struct meminfo, nfutex) },
    };
    int agree = 1;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        uint32_t x = *(const uint32_t *)((const char *)a + fields[i].off);
        uint32_t y = *(const uint32_t *)((const char *)b + fields[i].off);
        if (x != y) {
            if (say)
                printf("fuzz: LEAK: %s was %u before, %u after\n", fields[i].name, x, y);
            agree = 0;
        }
    }
    return agree;
}

/* Touches every page this process may use later: its data, bss and heap
 * (errno or a libc buffer first written in the loop would otherwise get a
 * zero page on demand) and the stack a clean-up can use (remove_tree
 * recurses), so that pages it gets on demand later are not counted as
 * leaked. */
static void __attribute__((noinline)) own_pages(void)
{
    extern char __data_begin[];
    for (volatile char *p = __data_begin; p < (char *)sbrk(0); p += PAGE_SIZE)
        *p = *p;
    volatile char deep[32 * 1024];
    for (size_t i = 0; i < sizeof deep; i += PAGE_SIZE)
        deep[i] = 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: fuzz [-s SEED] [-n CALLS] [-p PROCS] [-k CALLS_PER_WORKER] [-L]\n");
    return 2;
}

int main(int argc, char **argv)
{
    uint32_t seed = (uint32_t)time(NULL);
    long total = 3000, per = 100;
    int procs = 4, opt, leak = 0;

    while ((opt = getopt(argc, argv, "s:n:p:k:hL")) != -1) {
        if (opt == 'L') {
            leak = 1;
            continue;
        }
        char *end = NULL;
        long v = optarg ? strtol(optarg, &end, 0) : 0;
        if (opt == 'h' || opt == '?' || (end && *end) || (opt != 's' && v < 1))
            return usage();
        if (opt == 's')
            seed = (uint32_t)v;
        else if (opt == 'n')
            total = v;
        else if (opt == 'p')
            procs = v > MAX_PROCS ? MAX_PROCS : (int)v;
        else
            per = v;
    }
    if (optind < argc)
        return usage();
    struct meminfo before, after;
    remove_tree(FUZZ_DIR);
    note_names();
    clean_up();             /* once before: what it allocates is counted in before */
    own_pages();
    meminfo(&before);
    printf("fuzz: seed %u, %ld calls, %d workers at a time, %ld calls each\n", seed, total,
           procs, per);
    fflush(stdout);

    pid_t pids[MAX_PROCS] = { 0 };
    int64_t started[MAX_PROCS];
    long launched = 0, killed = 0, signalled = 0;
    uint32_t next = seed;
    for (;;) {
        int running = 0;
        for (int i = 0; i < procs; i++) {
            int st;
            if (pids[i] > 0 && waitpid(pids[i], &st, WNOHANG) == pids[i]) {
                signalled += WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL;
                pids[i] = 0;
            }
            if (pids[i] > 0 && now_ms() - started[i] > WORKER_MS) {
                kill(pids[i], SIGKILL);
                killed++;
                waitpid(pids[i], &st, 0);
                pids[i] = 0;
            }
            if (pids[i] == 0 && launched * per < total) {
                mkdir(FUZZ_DIR, 0755);
                pid_t pid = fork();
                if (pid == 0)
                    worker(next, (int)per);
                if (pid > 0) {
                    pids[i] = pid;
                    started[i] = now_ms();
                    launched++;
                    next++;
                }
            }
            running += pids[i] > 0;
        }
        if (running == 0 && launched * per >= total)
            break;
        usleep(5000);
    }
    clean_up();
    int fds[2];
    if (leak && pipe(fds) < 0)
        perror("fuzz: pipe");
    /* Orphans of the workers are init's to reap: give it a moment. */
    int ok = 0;
    for (int tries = 0; tries < 100 && !ok; tries++) {
        meminfo(&after);
        ok = same(&before, &after, 0);
        if (!ok)
            usleep(20000);
    }
    if (!ok)
        same(&before, &after, 1);
    printf("fuzz: %ld workers (%ld killed at their time limit, %ld died of a signal): %s\n",
           launched, killed, signalled, ok ? "nothing leaked" : "LEAKED");
    return ok ? 0 : 1;
}
