/* The guest test suite (/bin/tests): test table types, check macros and
 * helpers shared by every test file.
 *
 * Every test runs in its own forked child. A test function returns to pass;
 * a failed check prints a "# file:line: ..." diagnostic and calls _exit(1).
 * The same sources build for Linux (the oracle); shmos-only parts sit under
 * #ifdef __shmos__ and are reported as SKIP there. */
#ifndef TESTS_GUEST_TESTS_H
#define TESTS_GUEST_TESTS_H
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <sys/types.h>
#include "../lib/tap.h"

#define TEST_TIMEOUT_DEFAULT 30   /* seconds; generous for QEMU TCG */

struct test {
    const char *name;
    void (*fn)(long arg);
    long arg;
    int signal;        /* 0: the child must exit 0; else it must die by this signal */
    int timeout;       /* seconds; 0 means TEST_TIMEOUT_DEFAULT */
    const char *skip;  /* non-NULL: not run, reported as "# SKIP <skip>" */
};

/* One file's tests. TEST_GROUP registers it: the runner finds every group
 * in the linker section test_groups (bounded by the __start_test_groups and
 * __stop_test_groups symbols, which GNU ld provides on Linux and
 * user/user.ld on shmos), so a new test file needs no edit elsewhere. */
struct test_group {
    int order;         /* groups run by order, lowest first; ties by file name */
    const char *file;
    const struct test *tests;
    int count;
};

/* TEST_GROUP(order, array): array (of struct test) is this file's group,
 * one per file. Orders go in steps of 10 from the basics (proc.c, 10) to
 * the SMP stress tests (smp.c, 170); a new file takes a free number where
 * it belongs. The runner's own leak check always comes last. */
#define TEST_GROUP(order_, array) \
    static const struct test_group test_group_ = { \
        order_, __FILE__, array, (int)(sizeof(array) / sizeof((array)[0])) }; \
    static const struct test_group *const test_group_entry_ \
        __attribute__((section("test_groups"), used, aligned(sizeof(void *)))) = &test_group_

/* Reason string for a test that exists only on shmos (NULL there, so it runs). */
#ifdef __shmos__
#define SHMOS_ONLY(reason) NULL
#else
#define SHMOS_ONLY(reason) (reason)
#endif

/* ------------------------------------------------------------ output */
/* TAP lines, fmt() and diag() come from tests/lib/tap.c. */
/* Print "# file:line: message" and terminate the test child with status 1. */
__attribute__((noreturn)) void fail_at(const char *file, int line,
                                       const char *format, ...) TAP_PRINTF(3, 4);
/* Symbolic name of an errno value ("EFAULT"), or "?". */
const char *errname(int err);

#define FAIL(...) fail_at(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond) do { \
    if (!(cond)) FAIL("check failed: %s (errno %d %s)", #cond, errno, errname(errno)); \
} while (0)

#define CHECK_EQ(got, want) do { \
    long got_ = (long)(got), want_ = (long)(want); \
    if (got_ != want_) FAIL("%s is %ld, expected %ld", #got, got_, want_); \
} while (0)

/* call must fail with -1 (or (void *)-1) and errno == err. */
#define EXPECT_ERR(call, err) do { \
    errno = 0; \
    long r_ = (long)(call); \
    int e_ = errno; \
    if (r_ != -1 || e_ != (err)) \
        FAIL("%s returned %ld errno %d (%s), expected -1 with %s", \
             #call, r_, e_, errname(e_), errname(err)); \
} while (0)

/* Evaluate a call that must succeed (not -1); yields its value as long. */
#define SYS(call) ({ \
    long r_ = (long)(call); \
    if (r_ == -1) FAIL("%s failed: errno %d (%s)", #call, errno, errname(errno)); \
    r_; })

/* A 32-bit shmos address as a pointer. On a 64-bit host it is sign-extended,
 * so the kernel half 0xC0000000..0xFFFFFFFF becomes Linux's kernel half too. */
#define KADDR(a) opaque((void *)(uintptr_t)(intptr_t)(int32_t)(uint32_t)(a))
/* A null pointer the compiler cannot see (so it neither warns nor folds). */
#define NULLPTR opaque(NULL)

/* Return p unchanged, hidden from the optimiser: bad pointers handed to
 * system calls or dereferenced on purpose must not be "proven" invalid. */
static inline void *opaque(void *p)
{
    __asm__ volatile("" : "+r"(p));
    return p;
}

#define PAGE 4096ul

/* ------------------------------------------------------------ helpers (util.c) */
/* fork a child that runs fn(arg) then _exit(0). Returns its pid (fails the test if fork fails). */
pid_t spawn(void (*fn)(long), long arg);
/* waitpid(pid) retrying on EINTR; returns the wait status. Fails the test on error. */
int wait_status(pid_t pid);
/* Wait for pid and require a normal exit with this code. */
void expect_exit(pid_t pid, int code);
/* Wait for pid and require death by signal sig. */
void expect_killed(pid_t pid, int sig);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);
/* clock_gettime as a system call, past libc's reading of the clock page
 * (Linux's vDSO): the kernel's own clock, and its EFAULT. */
struct timespec;
int clock_gettime_syscall(clockid_t clock, struct timespec *ts);
/* nanosleep for ms milliseconds (at least). */
void sleep_ms(long ms);
/* Read exactly n bytes (looping over short reads); fails the test on error or EOF. */
void read_exact(int fd, void *buf, size_t n);
/* Write all n bytes; fails the test on error. */
void write_all(int fd, const void *buf, size_t n);

/* ------------------------------------------------------------ guarded bodies (guard.c) */
/* Run body in a worker (own process group) for at most limit_ms, then call
 * sweep(), which removes the test's system-wide objects and returns how many
 * it found. Fails the test if the body failed or hung, if sweep found
 * leftovers (described by what, e.g. "segment(s)"), or (on shmos) if the
 * kernel's segment and semaphore counts did not come back. */
void run_guarded_body(void (*body)(void), int limit_ms, int (*sweep)(void), const char *what);

/* One byte through a pipe: tell(fd) sends it, hear(fd) waits for it. */
void tell(int fd);
void hear(int fd);
/* Lowest file descriptor number not open (what the next open/dup gets). */
int lowest_free_fd(void);
/* Number of descriptors among 0..limit-1 that are open. */
int count_open_fds(int limit);
/* Path of this program (re-exec'd by exec tests). */
const char *self_path(void);
/* Make the break page-aligned with at least one heap page; returns the break.
 * The page below it is mapped and writable, the page at it is unmapped. */
char *heap_edge(void);
/* Parse a decimal integer (optional '-'); no libc dependency. */
long parse_long(const char *s);
/* Per-child setup done by the runner: on Linux, make the host behave like
 * shmos (16 descriptors, SIGPIPE ignored, no core dumps); on shmos, own_pages. */
void child_setup(void);
/* Make this process's data, bss, heap and stack its own (see util.c), so
 * that a count of free pages taken now does not move when it or its
 * fork relatives write their memory. Call first thing after fork. */
void own_pages(void);
#ifdef __shmos__
struct meminfo;
/* The kernel's counters now (meminfo, which must work), and its free pages. */
struct meminfo mem(void);
long free_pages(void);
/* Free pages not promised to any memory object: what new promises (sbrk,
 * mmap, segments, fork) may still take. */
long avail_pages(void);
/* Pages a new object of npages pages promises: its pages and the tables
 * that index them (kernel/pagestore.c's ps_tables). */
long promise_of(long npages);
/* The size in pages of the largest object whose promise leaves at most
 * leave pages available (0 if none fits). */
long pages_leaving(long leave);
#endif

/* The exec helper mode of /bin/tests (argv[1] == EXEC_HELPER); see exec.c. */
#define EXEC_HELPER "--exec-helper"
int exec_helper_main(int argc, char **argv);
/* The clock-page helper mode (argv[1] == VCLOCK_HELPER); see vclock.c. */
#define VCLOCK_HELPER "--vclock-helper"
int vclock_helper_main(int argc, char **argv);
/* The ids helper mode (argv[1] == IDS_HELPER): prints "ruid euid rgid
 * egid"; see fileperm.c. */
#define IDS_HELPER "--ids-helper"
int ids_helper_main(int argc, char **argv);
/* The terminal helper mode (argv[1] == TTY_HELPER), typed at by
 * tests/guest-cmd/tty.sh; see termios.c. */
#define TTY_HELPER "--tty-helper"
int tty_helper_main(int argc, char **argv);

#endif
