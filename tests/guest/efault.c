/* Bad user pointers handed to system calls: the call fails with EFAULT, the
 * kernel survives, the caller survives, and no descriptor is leaked. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"

enum ptr_kind { P_NULL, P_ALLONES, P_KERNBASE, P_CROSSING, NKINDS };
enum call_kind { C_READ, C_WRITE, C_PIPE, C_OPEN };

#define ARG(call, kind) ((call) * NKINDS + (kind))

/* A bad pointer of the given kind. P_CROSSING is `valid` bytes of mapped,
 * writable heap followed by an unmapped page. */
static void *bad_pointer(int kind, size_t valid)
{
    switch (kind) {
    case P_NULL:
        return NULLPTR;
    case P_ALLONES:
        return KADDR(0xFFFFFFFFu);
    case P_KERNBASE:
        return KADDR(0xC0000000u);
    default:
        return opaque(heap_edge() - valid);
    }
}

/* Expect -1/EFAULT. Linux copies as much as it can before the fault when a
 * buffer runs from mapped into unmapped memory, so there (only) a short
 * count of at most `valid` bytes is accepted too. */
static void expect_efault_or_short(const char *what, long r, int err, int kind, size_t valid)
{
#ifndef __shmos__
    if (kind == P_CROSSING && r > 0 && (size_t)r <= valid) {
        diag("%s: Linux transferred %ld bytes before the unmapped page", what, r);
        return;
    }
#else
    (void)valid;
    (void)kind;
#endif
    if (r != -1 || err != EFAULT)
        FAIL("%s returned %ld errno %s, expected EFAULT", what, r, errname(err));
}

static void t_bad_pointer(long arg)
{
    int call = (int)(arg / NKINDS), kind = (int)(arg % NKINDS);
    int p[2];
    SYS(pipe(p));
    int lowest = lowest_free_fd();
    char data[64];
    memset(data, 'd', sizeof data);
    long r;
    int err;
    switch (call) {
    case C_READ:
        write_all(p[1], data, sizeof data);
        errno = 0;
        r = read(p[0], bad_pointer(kind, 16), sizeof data);
        err = errno;
        expect_efault_or_short("read", r, err, kind, 16);
        break;
    case C_WRITE:
        errno = 0;
        r = write(p[1], bad_pointer(kind, 16), sizeof data);
        err = errno;
        expect_efault_or_short("write", r, err, kind, 16);
        break;
    case C_PIPE:
        EXPECT_ERR(pipe(bad_pointer(kind, 4)), EFAULT);
        break;
    case C_OPEN:
        if (kind == P_CROSSING) {
            char *s = bad_pointer(kind, 16);
            memset(s, 'a', 16);   /* "/aaa..." with no NUL before the unmapped page */
            s[0] = '/';
            EXPECT_ERR(open(s, O_RDONLY), EFAULT);
        } else {
            EXPECT_ERR(open(bad_pointer(kind, 0), O_RDONLY), EFAULT);
        }
        break;
    }
    CHECK_EQ(lowest_free_fd(), lowest);
    /* The pipe still works afterwards. */
    write_all(p[1], "ok", 2);
    char buf[128];
    ssize_t n = read(p[0], buf, sizeof buf);
    CHECK(n >= 2);
    CHECK(buf[n - 2] == 'o' && buf[n - 1] == 'k');
    close(p[0]);
    close(p[1]);
}

/* read() into program text must not write through the read-only mapping:
 * EFAULT, not a kill, and the text is unchanged. */
static void t_read_into_text(long arg)
{
    (void)arg;
    unsigned char *text = opaque((void *)(uintptr_t)&t_bad_pointer);
    unsigned char saved[32];
    memcpy(saved, text, sizeof saved);
    int p[2];
    SYS(pipe(p));
    write_all(p[1], "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", 32);
    EXPECT_ERR(read(p[0], text, 32), EFAULT);
    CHECK(memcmp(saved, text, sizeof saved) == 0);
    int lowest = lowest_free_fd();
    EXPECT_ERR(pipe((int *)(void *)text), EFAULT);
    CHECK_EQ(lowest_free_fd(), lowest);
    CHECK(memcmp(saved, text, sizeof saved) == 0);
    struct stat *st = (struct stat *)(void *)text;
    EXPECT_ERR(fstat(p[0], st), EFAULT);
    CHECK(memcmp(saved, text, sizeof saved) == 0);
    close(p[0]);
    close(p[1]);
}

/* A path string that runs to the very end of user space with no NUL. */
static void t_path_off_user_space(long arg)
{
    (void)arg;
#ifdef __shmos__
    /* The top of the stack holds our own argv strings; this child no longer
     * needs them. */
    char *s = (char *)opaque((void *)(uintptr_t)(0xC0000000u - 16));
    memset(s, 'b', 16);
    s[0] = '/';
    EXPECT_ERR(open(s, O_RDONLY), EFAULT);
    char *argv[] = { "x", NULL }, *envp[] = { NULL };
    EXPECT_ERR(execve(s, argv, envp), EFAULT);
#endif
}

/* Buffers that start in the last stack page and run into the kernel. */
static void t_buffer_into_kernel(long arg)
{
    (void)arg;
#ifdef __shmos__
    char *s = (char *)opaque((void *)(uintptr_t)(0xC0000000u - 16));
    int p[2];
    SYS(pipe(p));
    EXPECT_ERR(write(p[1], s, 64), EFAULT);
    write_all(p[1], "0123456789abcdef0123456789abcdef", 32);
    EXPECT_ERR(read(p[0], s, 32), EFAULT);
    EXPECT_ERR(pipe((int *)(void *)(s + 12)), EFAULT);
    close(p[0]);
    close(p[1]);
#endif
}

static void t_fstat_bad(long arg)
{
    (void)arg;
    int fd = (int)SYS(open(self_path(), O_RDONLY));
    EXPECT_ERR(fstat(fd, NULLPTR), EFAULT);
    EXPECT_ERR(fstat(fd, KADDR(0xC0000000u)), EFAULT);
    EXPECT_ERR(fstat(fd, (void *)(heap_edge() - 4)), EFAULT);
    close(fd);
}

static void t_nanosleep_bad(long arg)
{
    (void)arg;
    EXPECT_ERR(nanosleep(NULLPTR, NULL), EFAULT);
    EXPECT_ERR(nanosleep(KADDR(0xC0000000u), NULL), EFAULT);
    EXPECT_ERR(nanosleep(KADDR(0xFFFFFFFFu), NULL), EFAULT);
}

/* The system call (libc's clock_gettime reads the clock page in user
 * space and faults on a bad pointer, as glibc's vDSO does: vclock.c). */
static void t_clock_gettime_bad(long arg)
{
    (void)arg;
    EXPECT_ERR(clock_gettime_syscall(CLOCK_MONOTONIC, NULLPTR), EFAULT);
    EXPECT_ERR(clock_gettime_syscall(CLOCK_MONOTONIC, KADDR(0xC0000000u)), EFAULT);
    EXPECT_ERR(clock_gettime_syscall(CLOCK_MONOTONIC, (void *)(heap_edge() - 4)), EFAULT);
    EXPECT_ERR(clock_gettime_syscall(CLOCK_REALTIME,
                                     opaque((void *)(uintptr_t)&t_clock_gettime_bad)), EFAULT);
}

#define BAD(name, call, kind) \
    { "efault: " name, t_bad_pointer, ARG(call, kind), 0, 0, NULL }

static const struct test tests[] = {
    BAD("read into NULL", C_READ, P_NULL),
    BAD("read into 0xFFFFFFFF", C_READ, P_ALLONES),
    BAD("read into the kernel base", C_READ, P_KERNBASE),
    BAD("read into a buffer running into an unmapped page", C_READ, P_CROSSING),
    BAD("write from NULL", C_WRITE, P_NULL),
    BAD("write from 0xFFFFFFFF", C_WRITE, P_ALLONES),
    BAD("write from the kernel base", C_WRITE, P_KERNBASE),
    BAD("write from a buffer running into an unmapped page", C_WRITE, P_CROSSING),
    BAD("pipe into NULL", C_PIPE, P_NULL),
    BAD("pipe into 0xFFFFFFFF", C_PIPE, P_ALLONES),
    BAD("pipe into the kernel base", C_PIPE, P_KERNBASE),
    BAD("pipe into an array straddling an unmapped page", C_PIPE, P_CROSSING),
    BAD("open a NULL path", C_OPEN, P_NULL),
    BAD("open a path at 0xFFFFFFFF", C_OPEN, P_ALLONES),
    BAD("open a path at the kernel base", C_OPEN, P_KERNBASE),
    BAD("open a path running off mapped memory without a NUL", C_OPEN, P_CROSSING),
    { "efault: read/pipe/fstat into program text (EFAULT, no kill)", t_read_into_text, 0, 0, 0, NULL },
    { "efault: path running off the end of user space", t_path_off_user_space, 0, 0, 0,
      SHMOS_ONLY("the end of user space is shmos's layout") },
    { "efault: buffers running from the stack into the kernel", t_buffer_into_kernel, 0, 0, 0,
      SHMOS_ONLY("the stack-kernel boundary is shmos's layout") },
    { "efault: fstat into bad pointers", t_fstat_bad, 0, 0, 0, NULL },
    { "efault: nanosleep with bad pointers", t_nanosleep_bad, 0, 0, 0, NULL },
    { "efault: the clock_gettime system call into bad pointers", t_clock_gettime_bad, 0, 0, 0,
      NULL },
};
TEST_GROUP(50, tests);
