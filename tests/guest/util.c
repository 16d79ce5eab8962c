/* Helpers shared by the guest tests: failing a test, children, waiting,
 * time, descriptors. */
#include <stdarg.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
/* The clock_gettime system call itself (libc's clock_gettime reads the
 * clock page); its generated stub. */
int __clock_gettime(clockid_t clock, struct timespec *ts);
#else
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

void fail_at(const char *file, int line, const char *format, ...)
{
    int saved = errno;
    char msg[400];
    va_list ap;
    va_start(ap, format);
    vfmt(msg, sizeof msg, format, ap);
    va_end(ap);
    out("# %s:%d: %s", file, line, msg);
    errno = saved;
    _exit(1);
}

const char *errname(int err)
{
    static const struct { int num; const char *name; } names[] = {
        { 0, "no error" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
        { ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EIO, "EIO" },
        { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
        { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
        { EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
        { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
        { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
        { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" },
        { EROFS, "EROFS" }, { EFBIG, "EFBIG" }, { EPIPE, "EPIPE" }, { ERANGE, "ERANGE" },
        { ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
        { EIDRM, "EIDRM" }, { ETIMEDOUT, "ETIMEDOUT" }, { EDEADLK, "EDEADLK" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].num == err)
            return names[i].name;
    return "?";
}

pid_t spawn(void (*fn)(long), long arg)
{
    pid_t pid = fork();
    if (pid < 0)
        FAIL("fork failed: errno %d (%s)", errno, errname(errno));
    if (pid == 0) {
        fn(arg);
        _exit(0);
    }
    return pid;
}

int wait_status(pid_t pid)
{
    int status = 0;
    pid_t r;
    do {
        r = waitpid(pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r != pid)
        FAIL("waitpid(%d) returned %d errno %d (%s)", (int)pid, (int)r, errno, errname(errno));
    return status;
}

void expect_exit(pid_t pid, int code)
{
    int st = wait_status(pid);
    if (!WIFEXITED(st))
        FAIL("child %d killed by signal %d, expected exit %d", (int)pid, WTERMSIG(st), code);
    if (WEXITSTATUS(st) != code)
        FAIL("child %d exited %d, expected %d", (int)pid, WEXITSTATUS(st), code);
}

void expect_killed(pid_t pid, int sig)
{
    int st = wait_status(pid);
    if (WIFEXITED(st))
        FAIL("child %d exited %d, expected death by signal %d", (int)pid, WEXITSTATUS(st), sig);
    if (WTERMSIG(st) != sig)
        FAIL("child %d killed by signal %d, expected %d", (int)pid, WTERMSIG(st), sig);
}

uint64_t now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        FAIL("clock_gettime failed: errno %d (%s)", errno, errname(errno));
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int clock_gettime_syscall(clockid_t clock, struct timespec *ts)
{
#ifdef __shmos__
    return __clock_gettime(clock, ts);
#else
    return (int)syscall(SYS_clock_gettime, clock, ts);
#endif
}

void sleep_ms(long ms)
{
    struct timespec req = { (time_t)(ms / 1000), (ms % 1000) * 1000000L };
    struct timespec rem;
    while (nanosleep(&req, &rem) != 0) {
        if (errno != EINTR)
            FAIL("nanosleep failed: errno %d (%s)", errno, errname(errno));
        req = rem;
    }
}

void read_exact(int fd, void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = read(fd, (char *)buf + done, n - done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            FAIL("read(%d) failed after %zu of %zu bytes: errno %d (%s)",
                 fd, done, n, errno, errname(errno));
        if (r == 0)
            FAIL("read(%d): unexpected EOF after %zu of %zu bytes", fd, done, n);
        done += (size_t)r;
    }
}

void write_all(int fd, const void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, (const char *)buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            FAIL("write(%d) failed after %zu of %zu bytes: errno %d (%s)",
                 fd, done, n, errno, errname(errno));
        done += (size_t)w;
    }
}

/* Is fd open? fstat is used rather than dup so nothing is allocated; only
 * EBADF counts as "closed" in case fstat is unsupported on some file kind. */
static int fd_is_open(int fd)
{
    struct stat st;
    int saved = errno;
    int open = fstat(fd, &st) == 0 || errno != EBADF;
    errno = saved;
    return open;
}

int lowest_free_fd(void)
{
    int fd = 0;
    while (fd < 1024 && fd_is_open(fd))
        fd++;
    return fd;
}

int count_open_fds(int limit)
{
    int n = 0;
    for (int fd = 0; fd < limit; fd++)
        n += fd_is_open(fd);
    return n;
}

const char *self_path(void)
{
#ifdef __shmos__
    return "/bin/tests";
#else
    return "/proc/self/exe";
#endif
}

char *heap_edge(void)
{
    uintptr_t brk = (uintptr_t)sbrk(0);
    if (brk == (uintptr_t)-1)
        FAIL("sbrk(0) failed: errno %d (%s)", errno, errname(errno));
    uintptr_t want = ((brk + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) + PAGE;
    if (sbrk((intptr_t)(want - brk)) == (void *)-1)
        FAIL("sbrk(%ld) failed: errno %d (%s)", (long)(want - brk), errno, errname(errno));
    return (char *)want;
}

long parse_long(const char *s)
{
    int neg = 0;
    long v = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}

#ifdef __shmos__
struct meminfo mem(void)
{
    struct meminfo mi;
    memset(&mi, 0xee, sizeof mi);       /* a field meminfo left alone shows */
    SYS(meminfo(&mi));
    return mi;
}

long free_pages(void)
{
    return (long)mem().free_pages;
}

long avail_pages(void)
{
    struct meminfo mi = mem();
    return (long)mi.free_pages - (long)mi.reserved_pages;
}

long promise_of(long npages)
{
    return npages ? npages + 1 + (npages + 1023) / 1024 : 0;
}

long pages_leaving(long leave)
{
    long room = avail_pages() - leave, n = room;
    while (n > 0 && promise_of(n) > room)
        n--;
    return n;
}
#endif

/* Write every page of the program's data, bss and heap and of its stack
 * from 128 KiB below this frame up, so that neither the test child nor
 * the runner takes a page later by touching its own memory: after fork
 * those pages are shared copy-on-write, and the first writer's copy
 * would show in a test's count of free pages (the child's write here
 * makes the runner's page its own again, at no cost). */
void own_pages(void)
{
#ifdef __shmos__
    extern char __data_begin[];
    for (volatile char *p = __data_begin; p < (char *)sbrk(0); p += PAGE)
        *p = *p;
    volatile char stack[128 * 1024];
    for (size_t i = 0; i < sizeof stack; i += PAGE)
        stack[i] = 0;
    for (uintptr_t a = (uintptr_t)&stack[sizeof stack - 1] & ~(PAGE - 1); a < USER_STACK_TOP;
         a += PAGE)
        *(volatile char *)a = *(volatile char *)a;
#endif
}

void child_setup(void)
{
    own_pages();
    /* Tests check EPIPE itself; the SIGPIPE test restores the default. */
    signal(SIGPIPE, SIG_IGN);
#ifndef __shmos__
    /* shmos has 1024 descriptors per process (Linux's usual soft limit,
     * which a host may raise) and writes no core files: make the Linux
     * oracle match. */
    struct rlimit core = { 0, 0 };
    struct rlimit files = { 1024, 1024 };
    setrlimit(RLIMIT_CORE, &core);
    setrlimit(RLIMIT_NOFILE, &files);
#endif
}

void tell(int fd)
{
    write_all(fd, "x", 1);
}

void hear(int fd)
{
    char c;
    read_exact(fd, &c, 1);
}
