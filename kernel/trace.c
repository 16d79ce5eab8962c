/* System-call tracing. A process that calls trace(fd, flags) has its own
 * later system calls reported, one record each (include/shmos/trace.h),
 * to fd, the write end of a pipe: the kernel keeps its own reference to
 * that file in p->trace. A tracer (user/strace/) forks, the child asks
 * for tracing and execs the program, and the tracer reads the records. A
 * process can only have itself traced (and, with TRACE_FORK, the
 * children it makes from then on), to a pipe it could write anyway: the
 * records tell the tracer nothing the process could not have written to
 * it, and exec keeps the tracing, as any open descriptor is kept.
 * Tracing stops when the read end is closed. No locks of its own: p's
 * trace fields are [O]. */
#include "trace.h"
#include "shmos/trace.h"
#include "syscall.h"
#include "syscall_info.h"
#include "syscall_proto.h"
#include "file.h"
#include "kalloc.h"
#include "lib.h"
#include "pipe.h"
#include "proc.h"
#include "uaccess.h"

/* A record being filled, in one page. */
struct record {
    struct trace_record h;
    char data[PAGE_SIZE - sizeof(struct trace_record)];
};
_Static_assert(sizeof(struct record) == PAGE_SIZE, "a record fills its page");
_Static_assert(6 * TRACE_ARGV_MAX <= sizeof(((struct record *)0)->data), "room for every argument");

/* Append up to max bytes of user string (TRACE_STR) at src to r as
 * argument i. */
static void capture_str(struct record *r, int i, uaddr_t src, size_t max)
{
    char *dst = r->data + (r->h.size - sizeof(r->h));
    int n = copyinstr(dst, src, max + 1);
    if (n == -ENAMETOOLONG) {
        n = (int)max;
        r->h.more |= 1 << i;
    } else if (n < 0) {
        r->h.fault |= 1 << i;
        return;
    }
    r->h.len[i] = (uint16_t)n;
    r->h.size += (uint16_t)n;
}

/* Append the strings of the NULL-ended user array at src (TRACE_ARGV),
 * each with its NUL, to r as argument i: TRACE_ARGV_MAX bytes at most. */
static void capture_argv(struct record *r, int i, uaddr_t src)
{
    char *start = r->data + (r->h.size - sizeof(r->h)), *dst = start;
    size_t room = TRACE_ARGV_MAX;
    for (uint32_t k = 0;; k++) {
        uaddr_t s;
        if (copyin(&s, src + k * sizeof(s), sizeof(s)) < 0) {
            r->h.fault |= 1 << i;
            break;
        }
        if (!s)
            break;
        if (room < 2) {
            r->h.more |= 1 << i;
            break;
        }
        int n = copyinstr(dst, s, room - 1);
        if (n < 0) {
            r->h.more |= 1 << i;
            n = n == -ENAMETOOLONG ? (int)room - 2 : 0;
            dst[n] = '\0';
            dst += n + 1;
            break;
        }
        dst += n + 1;
        room -= (size_t)n + 1;
    }
    r->h.len[i] = (uint16_t)(dst - start);
    r->h.size += (uint16_t)(dst - start);
}

/* Append n bytes (at most TRACE_BUF_MAX) of user memory at src to r as
 * argument i. */
static void capture_buf(struct record *r, int i, uaddr_t src, uint32_t n)
{
    uint32_t take = MIN(n, (uint32_t)TRACE_BUF_MAX);
    if (take < n)
        r->h.more |= 1 << i;
    if (copyin(r->data + (r->h.size - sizeof(r->h)), src, take) < 0) {
        r->h.fault |= 1 << i;
        r->h.more &= ~(1 << i);
        return;
    }
    r->h.len[i] = (uint16_t)take;
    r->h.size += (uint16_t)take;
}

/* Send r to p's pipe; a closed read end (or a kill) stops p's tracing. */
static void send(struct proc *p, struct record *r)
{
    if (p->trace && pipe_write_kernel(p->trace, r, r->h.size) < 0)
        trace_drop(p);
}

long trace_syscall(uint32_t nr, const uint32_t args[6])
{
    struct proc *p = myproc();
    const struct syscall_info *si = nr < SYS_MAX && syscall_info[nr].name ? &syscall_info[nr] : NULL;
    struct record *r = kalloc();
    if (!r)
        return syscall_run(nr, args);     /* unreported, rather than failed */
    r->h.size = sizeof(r->h);
    r->h.type = TRACE_CALL;
    r->h.pid = p->pid;
    r->h.nr = nr;
    memcpy(r->h.args, args, sizeof(r->h.args));
    /* What the call reads is captured before it runs (exec replaces
     * the memory it is in), what it writes after. */
    for (int i = 0; si && i < si->nargs; i++) {
        if (si->kind[i] == TRACE_STR)
            capture_str(r, i, args[i], TRACE_STR_MAX);
        else if (si->kind[i] == TRACE_ARGV)
            capture_argv(r, i, args[i]);
        else if (si->kind[i] == TRACE_BUF_IN && i + 1 < si->nargs)
            capture_buf(r, i, args[i], args[i + 1]);
    }
    if (nr == SYS_exit) {                       /* it does not come back */
        r->h.type = TRACE_ENTER;
        send(p, r);
        kfree(r);
        return syscall_run(nr, args);
    }
    long result = syscall_run(nr, args);
    r->h.result = (int32_t)result;
    for (int i = 0; si && i < si->nargs; i++)
        if (si->kind[i] == TRACE_BUF_OUT && result > 0)
            capture_buf(r, i, args[i], (uint32_t)result);
    send(p, r);
    kfree(r);
    return result;
}

long sys_trace(int fd, int flags)
{
    struct proc *p = myproc();
    if (flags & ~TRACE_FORK)
        return -EINVAL;
    if (fd == -1) {
        trace_drop(p);
        return 0;
    }
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f->type != FT_PIPE || !f->writable)
        return -EINVAL;
    trace_drop(p);
    p->trace = file_dup(f);
    p->trace_flags = flags;
    return 0;
}

void trace_fork(struct proc *child)
{
    struct proc *p = myproc();
    if (p->trace && (p->trace_flags & TRACE_FORK)) {
        child->trace = file_dup(p->trace);
        child->trace_flags = p->trace_flags;
    }
}

void trace_exit(struct proc *p, int wstatus)
{
    if (!p->trace)
        return;
    struct trace_record h = {
        .size = sizeof(h), .type = TRACE_EXITED, .pid = p->pid, .result = wstatus,
    };
    (void)pipe_write_kernel(p->trace, &h, sizeof(h));    /* dropped below either way */
    trace_drop(p);
}

void trace_drop(struct proc *p)
{
    if (p->trace) {
        file_close(p->trace);
        p->trace = NULL;
        p->trace_flags = 0;
    }
}
