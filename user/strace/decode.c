/* strace's decoding: each argument by its kind (build/gen/syscall_info.h,
 * made from kernel/syscalls.list), or, for the arguments below, by what
 * the call does with it (flags by name, modes in octal, signals, ...);
 * results as numbers, addresses, or -1 with the errno's name and text. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <shmos/futex.h>
#include "strace.h"
#include "syscall_info.h"

#define STRING_SHOWN 32         /* bytes of a buffer shown (strace -s 32) */

void put(struct line *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = l->len < sizeof(l->buf) ? sizeof(l->buf) - l->len : 0;
    int n = vsnprintf(l->buf + l->len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len = l->len + (size_t)n < sizeof(l->buf) ? l->len + (size_t)n : sizeof(l->buf);
}

const char *call_name(unsigned nr)
{
    if (nr >= SYS_MAX || !syscall_info[nr].name)
        return NULL;
    const char *name = syscall_info[nr].name;
    while (*name == '_')
        name++;
    return name;
}

struct flag {
    unsigned value;
    const char *name;
};
#define F(x) { x, #x }

static const struct flag open_flags[] = {
    F(O_CREAT), F(O_EXCL), F(O_TRUNC), F(O_APPEND), F(O_DIRECTORY), F(O_CLOEXEC), { 0, 0 },
};
static const struct flag prot_flags[] = {
    F(PROT_READ), F(PROT_WRITE), F(PROT_EXEC), { 0, 0 },
};
static const struct flag map_flags[] = {
    F(MAP_FIXED), F(MAP_ANONYMOUS), F(MAP_NORESERVE), F(MAP_POPULATE), F(MAP_FIXED_NOREPLACE), { 0, 0 },
};
static const struct flag ipc_flags[] = {
    F(IPC_CREAT), F(IPC_EXCL), F(IPC_NOWAIT), { 0, 0 },
};
static const struct flag shmat_flags[] = {
    F(SHM_RDONLY), F(SHM_RND), { 0, 0 },
};
static const struct flag msync_flags[] = {
    F(MS_ASYNC), F(MS_INVALIDATE), F(MS_SYNC), { 0, 0 },
};
static const struct flag wait_flags[] = {
    F(WNOHANG), { 0, 0 },
};

/* Appends the flags of v named in t, '|'-joined, then what is left in
 * hex; "0" for none. Returns whether anything was put. */
static int put_flags(struct line *l, const struct flag *t, unsigned v, int sep)
{
    for (; t->name; t++) {
        if (t->value && (v & t->value) == t->value) {
            put(l, "%s%s", sep ? "|" : "", t->name);
            v &= ~t->value;
            sep = 1;
        }
    }
    if (v)
        put(l, "%s%#x", sep ? "|" : "", v);
    else if (!sep)
        put(l, "0");
    return sep || v;
}

static const char *const signal_names[NSIG] = {
    [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
    [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
    [SIGURG] = "SIGURG", [SIGWINCH] = "SIGWINCH",
};

static void put_signal(struct line *l, int sig)
{
    if (sig > 0 && sig < NSIG && signal_names[sig])
        put(l, "%s", signal_names[sig]);
    else
        put(l, "%d", sig);
}

static const char *const errno_names[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
    [EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
    [EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
    [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
    [ETXTBSY] = "ETXTBSY", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE",
    [EROFS] = "EROFS", [EMLINK] = "EMLINK", [EPIPE] = "EPIPE", [EDOM] = "EDOM",
    [ERANGE] = "ERANGE", [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS",
    [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP", [EIDRM] = "EIDRM", [EOVERFLOW] = "EOVERFLOW",
    [EILSEQ] = "EILSEQ", [ENOTSUP] = "ENOTSUP", [ETIMEDOUT] = "ETIMEDOUT",
};

/* Appends n bytes of s quoted as C would, then "..." if more were. */
static void put_quoted(struct line *l, const char *s, size_t n, int more)
{
    put(l, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n': put(l, "\\n"); break;
        case '\t': put(l, "\\t"); break;
        case '\r': put(l, "\\r"); break;
        case '"': put(l, "\\\""); break;
        case '\\': put(l, "\\\\"); break;
        default:
            if (c >= 32 && c < 127)
                put(l, "%c", c);
            else
                put(l, "\\%o", c);
        }
    }
    put(l, "\"%s", more ? "..." : "");
}

static void put_pointer(struct line *l, unsigned v)
{
    if (v)
        put(l, "%#x", v);
    else
        put(l, "NULL");
}

/* Is this argument, of this call, one decoded by its meaning? Puts it
 * and returns 1 if so. */
static int put_special(struct line *l, const char *call, const char *arg, unsigned v,
                       const struct trace_record *r)
{
    if (!strcmp(call, "open") && !strcmp(arg, "flags")) {
        static const char *const access[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
        put(l, "%s", access[v & O_ACCMODE]);
        put_flags(l, open_flags, v & ~(unsigned)O_ACCMODE, 1);
    } else if (!strcmp(arg, "mode")) {
        put(l, "%#03o", v);
    } else if (!strcmp(arg, "prot")) {
        if (v == PROT_NONE)
            put(l, "PROT_NONE");
        else
            put_flags(l, prot_flags, v, 0);
    } else if (!strcmp(call, "mmap") && !strcmp(arg, "flags")) {
        static const char *const type[] = { "0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE" };
        unsigned t = v & MAP_TYPE;
        if (t < 4)
            put(l, "%s", type[t]);
        else
            put(l, "%#x", t);
        put_flags(l, map_flags, v & ~(unsigned)MAP_TYPE, 1);
    } else if (!strcmp(call, "msync") && !strcmp(arg, "flags")) {
        put_flags(l, msync_flags, v, 0);
    } else if (!strcmp(arg, "key")) {
        if (v == IPC_PRIVATE)
            put(l, "IPC_PRIVATE");
        else
            put(l, "%#x", v);
    } else if (!strcmp(arg, "shmflg") && !strcmp(call, "shmat")) {
        put_flags(l, shmat_flags, v, 0);
    } else if (!strcmp(arg, "shmflg") || !strcmp(arg, "semflg")) {
        /* IPC_CREAT|0666: the flags, then the permission bits in octal. */
        int any = put_flags(l, ipc_flags, v & ~0777u, 0) && (v & ~0777u);
        if (!any)
            l->len -= 1;        /* the "0" put_flags put for no flags */
        put(l, "%s%#03o", any ? "|" : "", v & 0777);
    } else if (!strcmp(arg, "cmd") && (!strcmp(call, "shmctl") || !strcmp(call, "semctl"))) {
        static const char *const cmds[] = { "IPC_RMID", "IPC_SET", "IPC_STAT", "IPC_INFO" };
        if (v < 4)
            put(l, "%s", cmds[v]);
        else
            put(l, "%u", v);
    } else if (!strcmp(arg, "whence")) {
        static const char *const whence[] = { "SEEK_SET", "SEEK_CUR", "SEEK_END" };
        if (v < 3)
            put(l, "%s", whence[v]);
        else
            put(l, "%u", v);
    } else if (!strcmp(call, "waitpid") && !strcmp(arg, "options")) {
        put_flags(l, wait_flags, v, 0);
    } else if (!strcmp(arg, "sig")) {
        put_signal(l, (int)v);
    } else if (!strcmp(call, "futex") && !strcmp(arg, "op")) {
        static const char *const ops[] = { [FUTEX_WAIT] = "FUTEX_WAIT", [FUTEX_WAKE] = "FUTEX_WAKE",
                                           [FUTEX_WAIT_BITSET] = "FUTEX_WAIT_BITSET",
                                           [FUTEX_WAKE_BITSET] = "FUTEX_WAKE_BITSET" };
        unsigned cmd = v & FUTEX_CMD_MASK;
        if (cmd < sizeof(ops) / sizeof(ops[0]) && ops[cmd])
            put(l, "%s", ops[cmd]);
        else
            put(l, "%u", cmd);
        if (v & FUTEX_PRIVATE_FLAG)
            put(l, "|FUTEX_PRIVATE_FLAG");
        if (v & FUTEX_CLOCK_REALTIME)
            put(l, "|FUTEX_CLOCK_REALTIME");
    } else {
        return 0;
    }
    (void)r;
    return 1;
}

/* Results that are addresses. */
static int returns_address(const char *call)
{
    return !strcmp(call, "mmap") || !strcmp(call, "shmat") || !strcmp(call, "sbrk");
}

void format_call(struct line *l, const struct trace_record *r, const char *data)
{
    const char *name = call_name(r->nr);
    if (!name) {
        put(l, "syscall_%u(%#x, %#x, %#x, %#x, %#x, %#x) = ", r->nr, r->args[0], r->args[1],
            r->args[2], r->args[3], r->args[4], r->args[5]);
    } else {
        const struct syscall_info *si = &syscall_info[r->nr];
        int nargs = si->nargs;
        /* open's mode means something only with O_CREAT (strace leaves it out). */
        if (!strcmp(name, "open") && !(r->args[1] & O_CREAT))
            nargs = 2;
        put(l, "%s(", name);
        for (int i = 0; i < nargs; i++) {
            unsigned v = r->args[i];
            const char *d = data;
            for (int k = 0; k < i; k++)
                d += r->len[k];
            int more = (r->more >> i) & 1, fault = (r->fault >> i) & 1;
            if (i)
                put(l, ", ");
            switch (si->kind[i]) {
            case TRACE_STR:
                if (fault || !v)
                    put_pointer(l, v);
                else
                    put_quoted(l, d, r->len[i], more);
                break;
            case TRACE_ARGV:
                if (fault || !v) {
                    put_pointer(l, v);
                    break;
                }
                put(l, "[");
                for (size_t at = 0, first = 1; at < r->len[i]; first = 0) {
                    size_t n = strnlen(d + at, r->len[i] - at);
                    put(l, "%s", first ? "" : ", ");
                    put_quoted(l, d + at, n, 0);
                    at += n + 1;
                }
                put(l, "%s]", more ? ", ..." : "");
                break;
            case TRACE_BUF_IN:
            case TRACE_BUF_OUT:
                if (fault || r->len[i] == 0) {
                    put_pointer(l, v);
                    break;
                }
                put_quoted(l, d, r->len[i] < STRING_SHOWN ? r->len[i] : STRING_SHOWN,
                           more || r->len[i] > STRING_SHOWN);
                break;
            case TRACE_PTR:
                put_pointer(l, v);
                break;
            default:
                if (put_special(l, name, si->arg[i], v, r))
                    break;
                if (si->kind[i] == TRACE_UINT)
                    put(l, "%u", v);
                else
                    put(l, "%d", (int)v);
            }
        }
        put(l, ") = ");
    }
    if (r->type == TRACE_ENTER) {
        put(l, "?");
        return;
    }
    int res = r->result;
    if (res < 0 && res >= -4095) {
        int e = -res;
        const char *en = e < (int)(sizeof(errno_names) / sizeof(errno_names[0])) ? errno_names[e] : NULL;
        if (en)
            put(l, "-1 %s (%s)", en, strerror(e));
        else
            put(l, "-1 errno %d (%s)", e, strerror(e));
    } else if (name && returns_address(name)) {
        put(l, "%#x", (unsigned)res);
    } else {
        put(l, "%d", res);
    }
}

void format_exit(struct line *l, int wstatus)
{
    if (WIFSIGNALED(wstatus)) {
        put(l, "+++ killed by ");
        put_signal(l, WTERMSIG(wstatus));
        put(l, " +++");
    } else {
        put(l, "+++ exited with %d +++", WEXITSTATUS(wstatus));
    }
}
