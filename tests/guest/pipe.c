/* Pipe tests: data integrity, EOF, EPIPE, blocking, atomic small writes. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"

#define BIG_TRANSFER (1024 * 1024)

static unsigned char pattern(uint32_t i)
{
    return (unsigned char)(i * 131u + (i >> 11) + (i >> 19));
}

static void big_writer(long fd)
{
    static const size_t chunks[] = { 1, 3, 509, 4093, 4096, 4099, 8191, 65537, 17, 2 };
    static unsigned char buf[65537];
    uint32_t pos = 0;
    for (size_t k = 0; pos < BIG_TRANSFER; k++) {
        size_t n = chunks[k % (sizeof chunks / sizeof chunks[0])];
        if (n > BIG_TRANSFER - pos)
            n = BIG_TRANSFER - pos;
        for (size_t i = 0; i < n; i++)
            buf[i] = pattern(pos + (uint32_t)i);
        write_all((int)fd, buf, n);
        pos += (uint32_t)n;
    }
}

/* 1 MiB from a child to its parent, written and read in odd-sized chunks;
 * every byte is checked in place, then EOF must follow. */
static void t_big_transfer(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[0]);
        big_writer(p[1]);
        _exit(0);
    }
    close(p[1]);
    static const size_t reads[] = { 7, 4096, 1000, 65536, 13, 1 };
    static unsigned char buf[65536];
    uint32_t pos = 0;
    uint32_t sum1 = 0, sum2 = 0;
    for (size_t k = 0;; k++) {
        size_t want = reads[k % (sizeof reads / sizeof reads[0])];
        ssize_t r = read(p[0], buf, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            FAIL("read failed at offset %u: %s", (unsigned)pos, errname(errno));
        if (r == 0)
            break;
        if ((size_t)r > want)
            FAIL("read returned %ld for a %zu-byte buffer", (long)r, want);
        for (ssize_t i = 0; i < r; i++) {
            if (buf[i] != pattern(pos + (uint32_t)i))
                FAIL("byte %u is 0x%x, expected 0x%x", (unsigned)(pos + (uint32_t)i),
                     buf[i], pattern(pos + (uint32_t)i));
            sum1 = (sum1 + buf[i]) % 65521;
            sum2 = (sum2 + sum1) % 65521;
        }
        pos += (uint32_t)r;
        if (pos > BIG_TRANSFER)
            FAIL("received %u bytes, more than the %u sent", (unsigned)pos, BIG_TRANSFER);
    }
    CHECK_EQ(pos, BIG_TRANSFER);
    diag("1 MiB received intact, checksum 0x%08x", (unsigned)(sum2 << 16 | sum1));
    expect_exit(pid, 0);
    close(p[0]);
}

static void late_writer(long fd)
{
    sleep_ms(100);
    write_all((int)fd, "x", 1);
}

/* read blocks until data arrives, and returns 0 once every writer (here a
 * child and the parent's own copy) has closed. */
static void t_eof(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    uint64_t t0 = now_ns();
    pid_t pid = spawn(late_writer, p[1]);
    close(p[1]);
    char c = 0;
    CHECK_EQ(read(p[0], &c, 1), 1);
    CHECK_EQ(c, 'x');
    uint64_t waited = (now_ns() - t0) / 1000000;
    if (waited < 90)
        FAIL("read returned after %lu ms, before the writer wrote", (unsigned long)waited);
    CHECK_EQ(read(p[0], &c, 1), 0);
    CHECK_EQ(read(p[0], &c, 1), 0);
    expect_exit(pid, 0);
    close(p[0]);
}

/* With no reader left, write fails with EPIPE and the writer lives on
 * (the runner ignores SIGPIPE in every test child). */
static void t_epipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    close(p[0]);
    EXPECT_ERR(write(p[1], "abc", 3), EPIPE);
    EXPECT_ERR(write(p[1], "abc", 3), EPIPE);
    close(p[1]);

    /* The last reader is a child that exits. */
    SYS(pipe(p));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[1]);
        char c;
        _exit(read(p[0], &c, 1) == 1 && c == 'q' ? 0 : 1);
    }
    close(p[0]);
    write_all(p[1], "q", 1);
    expect_exit(pid, 0);
    EXPECT_ERR(write(p[1], "more", 4), EPIPE);
    close(p[1]);
}

/* read returns what is there without waiting for the full count; zero-length
 * transfers return 0; wrong-direction use gives EBADF. */
static void t_partial_and_direction(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    char buf[100];
    CHECK_EQ(write(p[1], "0123456789", 10), 10);
    CHECK_EQ(read(p[0], buf, sizeof buf), 10);
    CHECK(memcmp(buf, "0123456789", 10) == 0);
    CHECK_EQ(write(p[1], buf, 0), 0);
    CHECK_EQ(read(p[0], buf, 0), 0);
    EXPECT_ERR(write(p[0], "x", 1), EBADF);
    EXPECT_ERR(read(p[1], buf, 1), EBADF);
    close(p[0]);
    close(p[1]);
}

#define RECORDS 400
#define RECORD_SIZE 16

static void record_writer(long packed)
{
    int fd = (int)(packed & 0xff);
    char who = (char)(packed >> 8);
    for (int i = 0; i < RECORDS; i++) {
        char rec[RECORD_SIZE];
        memset(rec, who, sizeof rec);
        rec[1] = (char)(i & 0x7f);
        rec[2] = (char)(i >> 7);
        CHECK_EQ(write(fd, rec, sizeof rec), RECORD_SIZE);
    }
}

/* Writes of at most PIPE_BUF bytes are atomic: records from two concurrent
 * writers arrive whole and each writer's records in order. */
static void t_atomic_small_writes(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    pid_t a = spawn(record_writer, p[1] | ('A' << 8));
    pid_t b = spawn(record_writer, p[1] | ('B' << 8));
    close(p[1]);
    int next[2] = { 0, 0 };
    for (int n = 0; n < 2 * RECORDS; n++) {
        char rec[RECORD_SIZE];
        read_exact(p[0], rec, sizeof rec);
        char who = rec[0];
        if (who != 'A' && who != 'B')
            FAIL("record %d starts with 0x%x", n, (unsigned char)who);
        for (int i = 3; i < RECORD_SIZE; i++)
            if (rec[i] != who)
                FAIL("record %d from %c is interleaved at byte %d", n, who, i);
        int seq = rec[1] | rec[2] << 7;
        if (seq != next[who - 'A'])
            FAIL("writer %c: record %d arrived, expected %d", who, seq, next[who - 'A']);
        next[who - 'A']++;
    }
    char c;
    CHECK_EQ(read(p[0], &c, 1), 0);
    expect_exit(a, 0);
    expect_exit(b, 0);
    close(p[0]);
}

/* Creating and closing pipes over and over reuses the same descriptors. */
static void t_pipe_churn(long arg)
{
    (void)arg;
    int first[2];
    SYS(pipe(first));
    close(first[0]);
    close(first[1]);
    for (int i = 0; i < 500; i++) {
        int p[2];
        SYS(pipe(p));
        if (p[0] != first[0] || p[1] != first[1])
            FAIL("pipe %d got fds %d,%d; the first got %d,%d", i, p[0], p[1], first[0], first[1]);
        CHECK_EQ(write(p[1], "y", 1), 1);
        close(p[1]);
        char c;
        CHECK_EQ(read(p[0], &c, 1), 1);
        CHECK_EQ(read(p[0], &c, 1), 0);
        close(p[0]);
    }
}

/* By default, a write with no reader left kills the writer with SIGPIPE. */
static void t_sigpipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    close(p[0]);
    signal(SIGPIPE, SIG_DFL);
    (void)write(p[1], "abc", 3);
    FAIL("write with no reader returned instead of raising SIGPIPE");
}

static const struct test tests[] = {
    { "pipe: 1 MiB across fork in odd chunks, every byte verified", t_big_transfer, 0, 0, 120, NULL },
    { "pipe: read blocks for data, EOF when all writers close", t_eof, 0, 0, 0, NULL },
    { "pipe: write with no reader gives EPIPE, writer lives", t_epipe, 0, 0, 0, NULL },
    { "pipe: by default that write kills the writer with SIGPIPE", t_sigpipe, 0, SIGPIPE, 0, NULL },
    { "pipe: short reads, zero-length calls, wrong-direction EBADF", t_partial_and_direction, 0, 0, 0, NULL },
    { "pipe: 16-byte writes from two writers are not interleaved", t_atomic_small_writes, 0, 0, 60, NULL },
    { "pipe: 500 create/close cycles reuse the descriptors", t_pipe_churn, 0, 0, 60, NULL },
};
TEST_GROUP(60, tests);
