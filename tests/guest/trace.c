/* trace(): the kernel side of strace (shmos only; user/strace is tested
 * by tests/guest-cmd/strace.sh). Its arguments are checked; a traced
 * process's records say what it did, with the bytes of its strings and
 * buffers, a fault bit for an unreadable one, and its exit; tracing is
 * inherited only when asked; a closed read end stops the tracing
 * without killing the process. */
#include "tests.h"
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __shmos__
#include <shmos.h>
#include "syscall_nr.h"

static void bad_arguments(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    EXPECT_ERR(trace(99, 0), EBADF);
    EXPECT_ERR(trace(p[1], 2), EINVAL);
    EXPECT_ERR(trace(p[0], 0), EINVAL);         /* the read end */
    int fd = SYS(open("/etc/motd", O_RDONLY));
    EXPECT_ERR(trace(fd, 0), EINVAL);           /* no pipe */
    CHECK_EQ(trace(-1, 0), 0);                  /* not traced: nothing to stop */
}

/* Forks a child that is traced (with flags) to a new pipe, whose read
 * end the parent gets in *rd. Returns the child's pid, 0 in the child
 * (which holds no end of the pipe: the kernel keeps its own reference). */
static pid_t traced_child(int flags, int *rd)
{
    int p[2];
    SYS(pipe(p));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[0]);
        SYS(trace(p[1], flags));
        close(p[1]);
        return 0;
    }
    close(p[1]);
    *rd = p[0];
    return pid;
}

/* Reads one record of the pipe's into r (the header and up to size bytes). */
static void next_record(int fd, struct trace_record *r, size_t size)
{
    CHECK_EQ(read(fd, r, sizeof(*r)), (long)sizeof(*r));
    CHECK(r->size >= sizeof(*r) && r->size - sizeof(*r) <= size);
    if (r->size > sizeof(*r))
        CHECK_EQ(read(fd, r + 1, r->size - sizeof(*r)), (long)(r->size - sizeof(*r)));
}

static void records(long arg)
{
    (void)arg;
    int rd;
    pid_t pid = traced_child(0, &rd);
    if (pid == 0) {
        (void)open("/no/such/file", O_RDONLY);
        (void)open(KADDR(1), O_RDONLY);         /* an unreadable path */
        (void)write(-1, "hello", 5);
        _exit(3);
    }
    static struct { struct trace_record h; char data[4096]; } r;
    next_record(rd, &r.h, sizeof(r.data));     /* close(p[1]) in traced_child */
    CHECK_EQ(r.h.type, TRACE_CALL);
    CHECK_EQ(r.h.pid, pid);
    CHECK_EQ(r.h.nr, SYS_close);
    CHECK_EQ(r.h.result, 0);
    next_record(rd, &r.h, sizeof(r.data));
    CHECK_EQ(r.h.nr, SYS_open);
    CHECK_EQ(r.h.result, -ENOENT);
    CHECK_EQ(r.h.len[0], strlen("/no/such/file"));
    CHECK(memcmp(r.data, "/no/such/file", r.h.len[0]) == 0);
    CHECK_EQ(r.h.args[1], O_RDONLY);
    next_record(rd, &r.h, sizeof(r.data));
    CHECK_EQ(r.h.nr, SYS_open);
    CHECK_EQ(r.h.result, -EFAULT);
    CHECK_EQ(r.h.fault, 1);
    CHECK_EQ(r.h.len[0], 0);
    next_record(rd, &r.h, sizeof(r.data));
    CHECK_EQ(r.h.nr, SYS_write);
    CHECK_EQ(r.h.result, -EBADF);
    CHECK_EQ(r.h.len[1], 5);
    CHECK(memcmp(r.data, "hello", 5) == 0);
    next_record(rd, &r.h, sizeof(r.data));
    CHECK_EQ(r.h.type, TRACE_ENTER);
    CHECK_EQ(r.h.nr, SYS_exit);
    CHECK_EQ(r.h.args[0], 3);
    next_record(rd, &r.h, sizeof(r.data));
    CHECK_EQ(r.h.type, TRACE_EXITED);
    CHECK_EQ(r.h.result, 3 << 8);
    CHECK_EQ(read(rd, &r, sizeof(r)), 0);      /* the last reference went with it */
    expect_exit(pid, 3);
}

/* A traced process forks: its child is traced with TRACE_FORK only.
 * Returns the pids that reported their exit, in *child_seen. */
static void fork_child(int flags, int *child_seen)
{
    int rd;
    pid_t pid = traced_child(flags, &rd);
    if (pid == 0) {
        pid_t c = fork();
        if (c == 0)
            _exit(0);
        int st;
        waitpid(c, &st, 0);
        _exit(0);
    }
    static struct { struct trace_record h; char data[4096]; } r;
    int exits = 0;
    *child_seen = 0;
    while (exits < 2 && read(rd, &r.h, sizeof(r.h)) == (long)sizeof(r.h)) {
        if (r.h.size > sizeof(r.h))
            CHECK_EQ(read(rd, r.data, r.h.size - sizeof(r.h)), (long)(r.h.size - sizeof(r.h)));
        if (r.h.type == TRACE_EXITED) {
            exits++;
            if (r.h.pid != pid)
                *child_seen = 1;
        }
    }
    close(rd);
    expect_exit(pid, 0);
}

static void inherit(long arg)
{
    int seen;
    fork_child(arg ? TRACE_FORK : 0, &seen);
    CHECK_EQ(seen, arg ? 1 : 0);
}

/* The tracer goes away: the traced process carries on, untraced, and is
 * not killed by SIGPIPE. */
static void reader_gone(long arg)
{
    (void)arg;
    int rd, go[2];
    SYS(pipe(go));
    pid_t pid = traced_child(0, &rd);
    if (pid == 0) {
        close(go[1]);
        char c;
        CHECK_EQ(read(go[0], &c, 1), 0);         /* until the parent has closed rd */
        for (int i = 0; i < 100; i++)
            (void)getpid();
        _exit(7);
    }
    close(rd);
    close(go[0]);
    close(go[1]);
    expect_exit(pid, 7);
}
#endif

#define TRACE(name, fn, arg) { "trace: " name, fn, arg, 0, 0, SHMOS_ONLY("trace() is shmos's") }
#ifndef __shmos__
#define bad_arguments NULL
#define records NULL
#define inherit NULL
#define reader_gone NULL
#endif
static const struct test tests[] = {
    TRACE("EBADF, EINVAL for a bad descriptor, flags, a read end, a file", bad_arguments, 0),
    TRACE("records: strings, buffers, a fault bit, errors, _exit and the exit status", records, 0),
    TRACE("children are not traced without TRACE_FORK", inherit, 0),
    TRACE("children are traced with TRACE_FORK", inherit, 1),
    TRACE("a closed read end stops tracing, without SIGPIPE", reader_gone, 0),
};
TEST_GROUP(146, tests);
