/* A fake kernel for the libc host tests: the system calls that the tested
 * libc objects reference, under their shmos_ names. fd 0 reads a preset
 * input, fds 1 and 2 are captured (or fail, on request), opened files come
 * from a small table, sbrk moves a break inside a static array, execve
 * records the paths it is given, and signal dispositions are a table.
 * Errors set shmos_errno and return -1, as the real stubs do. */
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "harness.h"
#include "../../../include/shmos/dirent.h"

struct capture captured[3];
char io_log[4096];
int fail_writes;
char exec_log[1024];
int sig_ignored[32];
int sig_sent[32];
jmp_buf abort_jump;
int abort_armed;

static const char *input;
static size_t input_len, input_pos, input_chunk;

void reset_io(void)
{
    memset(captured, 0, sizeof captured);
    io_log[0] = '\0';
}

void set_input(const char *s, size_t chunk)
{
    input = s;
    input_len = strlen(s);
    input_pos = 0;
    input_chunk = chunk;
}

static void log_io(char op, int fd)
{
    size_t n = strlen(io_log);

    if (n + 3 < sizeof io_log) {
        io_log[n] = op;
        io_log[n + 1] = (char)('0' + fd);
        io_log[n + 2] = '\0';
    }
}

static int fail(int err)
{
    shmos_errno = err;
    return -1;
}

/* ---- files: a read-only table, like the initrd */
static const struct fake_file {
    const char *path;
    const char *data;      /* NULL: a directory */
} files[] = {
    { "/etc/motd", "welcome to shmos\nsecond line\n" },
    { "/bin", NULL },
};
enum { FIRST_FILE_FD = 3, MAX_FDS = 16 };
static struct open_file {
    const struct fake_file *file;
    size_t pos;
} open_files[MAX_FDS];

/* The entries /bin lists. */
static const char *const bin_names[] = { "sh", "ls", "cat", "a-rather-long-program-name", "tests" };

int shmos_open(const char *path, int flags, ...)
{
    if (flags & 3)
        return fail(EROFS);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (strcmp(files[i].path, path) != 0)
            continue;
        for (int fd = FIRST_FILE_FD; fd < MAX_FDS; fd++)
            if (!open_files[fd].file) {
                open_files[fd].file = &files[i];
                open_files[fd].pos = 0;
                return fd;
            }
        return fail(EMFILE);
    }
    return fail(ENOENT);
}

int shmos_close(int fd)
{
    if (fd >= FIRST_FILE_FD && fd < MAX_FDS && open_files[fd].file) {
        open_files[fd].file = NULL;
        return 0;
    }
    return fd >= 0 && fd < FIRST_FILE_FD ? 0 : fail(EBADF);
}

ssize_t shmos_read(int fd, void *buf, size_t n)
{
    log_io('r', fd);
    if (fd == 0) {
        size_t k = input_len - input_pos;
        if (k > n)
            k = n;
        if (k > input_chunk)
            k = input_chunk;
        memcpy(buf, input + input_pos, k);
        input_pos += k;
        return (ssize_t)k;
    }
    if (fd < FIRST_FILE_FD || fd >= MAX_FDS || !open_files[fd].file)
        return fail(EBADF);
    struct open_file *of = &open_files[fd];
    if (!of->file->data)
        return fail(EISDIR);
    size_t len = strlen(of->file->data), k = len - of->pos;
    if (k > n)
        k = n;
    memcpy(buf, of->file->data + of->pos, k);
    of->pos += k;
    return (ssize_t)k;
}

ssize_t shmos_write(int fd, const void *buf, size_t n)
{
    log_io('w', fd);
    if (fd < 1 || fd > 2)
        return fail(EBADF);
    if (fail_writes)
        return fail(EIO);
    struct capture *c = &captured[fd];
    size_t k = n < sizeof c->data - c->len ? n : sizeof c->data - c->len;
    memcpy(c->data + c->len, buf, k);
    c->len += k;
    c->writes++;
    return (ssize_t)n;
}

off_t shmos_lseek(int fd, off_t off, int whence)
{
    (void)fd, (void)off, (void)whence;
    return fail(ESPIPE);
}

/* struct stat of include/shmos/stat.h. */
struct fake_stat {
    uint32_t st_dev, st_ino, st_mode, st_nlink, st_uid, st_gid, st_rdev;
    long st_size, st_blksize, st_blocks, st_atime, st_mtime, st_ctime;
    uint32_t st_nmap;
};

int shmos_fstat(int fd, struct fake_stat *st)
{
    memset(st, 0, sizeof *st);
    if (fd >= 0 && fd < FIRST_FILE_FD) {
        st->st_mode = 0020000;
        return 0;
    }
    if (fd >= MAX_FDS || !open_files[fd].file)
        return fail(EBADF);
    st->st_mode = open_files[fd].file->data ? 0100000 : 0040000;
    return 0;
}

int shmos_stat(const char *path, struct fake_stat *st)
{
    int fd = shmos_open(path, 0);
    if (fd < 0)
        return fd;
    shmos_fstat(fd, st);
    shmos_close(fd);
    return 0;
}

/* The current directory is "/": the kernel's answer, length with the NUL. */
int shmos___getcwd(char *buf, size_t size)
{
    if (size < 2)
        return fail(ERANGE);
    strcpy(buf, "/");
    return 2;
}

/* Nothing can be removed from the fake file system. */
int shmos_unlink(const char *path)
{
    int fd = shmos_open(path, 0);
    if (fd < 0)
        return fd;
    shmos_close(fd);
    return fail(strcmp(path, "/bin") == 0 ? EISDIR : EPERM);
}

int shmos_rmdir(const char *path)
{
    int fd = shmos_open(path, 0);
    if (fd < 0)
        return fd;
    shmos_close(fd);
    return fail(EBUSY);
}

/* Records its arguments in chown_log (lchown is chown). */
char chown_log[128];
int shmos_chown(const char *path, unsigned int uid, unsigned int gid)
{
    snprintf(chown_log, sizeof chown_log, "%s %u %u", path, uid, gid);
    return 0;
}

/* Hands out /bin's entries two per call, to exercise refilling. */
int shmos_getdents(int fd, void *buf, unsigned int n)
{
    if (fd < FIRST_FILE_FD || fd >= MAX_FDS || !open_files[fd].file)
        return fail(EBADF);
    struct open_file *of = &open_files[fd];
    if (of->file->data)
        return fail(ENOTDIR);
    char *out = buf;
    size_t used = 0, count = sizeof bin_names / sizeof bin_names[0];
    for (int i = 0; i < 2 && of->pos < count; i++, of->pos++) {
        const char *name = bin_names[of->pos];
        size_t reclen = (offsetof(struct shmos_dirent, d_name) + strlen(name) + 1 + 3) & ~3u;
        if (used + reclen > n)
            break;
        struct shmos_dirent *d = (struct shmos_dirent *)(out + used);
        d->d_ino = (uint32_t)of->pos + 10;
        d->d_reclen = (uint16_t)reclen;
        d->d_type = DT_REG;
        strcpy(d->d_name, name);
        used += reclen;
    }
    return (int)used;
}

/* ---- memory */
static _Alignas(4096) char heap[64 << 20];
static size_t brk_offset = 100;   /* deliberately misaligned start */

void *shmos___sbrk(intptr_t incr)
{
    if ((incr > 0 && (size_t)incr > sizeof heap - brk_offset)
        || (incr < 0 && (size_t)-incr > brk_offset)) {
        shmos_errno = ENOMEM;
        return (void *)-1;
    }
    char *old = heap + brk_offset;
    brk_offset += incr;
    return old;
}

size_t fake_break_offset(void)
{
    return brk_offset;
}

void shmos_abort(void)
{
    if (abort_armed) {
        abort_armed = 0;
        longjmp(abort_jump, 1);
    }
    static const char msg[] = "unexpected abort() in the libc under test\n";
    shmos_write(2, msg, sizeof msg - 1);
    _Exit(99);
}

/* libgcc's 64-bit division, which the renamed objects call by a renamed name. */
unsigned long long shmos___udivmoddi4(unsigned long long a, unsigned long long b,
                                      unsigned long long *rem)
{
    if (rem)
        *rem = a % b;
    return a / b;
}

unsigned long long shmos___udivdi3(unsigned long long a, unsigned long long b)
{
    return a / b;
}

unsigned long long shmos___umoddi3(unsigned long long a, unsigned long long b)
{
    return a % b;
}

long long shmos___divdi3(long long a, long long b)
{
    return a / b;
}

long long shmos___divmoddi4(long long a, long long b, long long *rem)
{
    if (rem)
        *rem = a % b;
    return a / b;
}

/* ---- processes and signals */
int shmos_getpid(void)
{
    return 42;
}

/* Records the signal; the process is not really killed. */
int shmos_kill(int pid, int sig)
{
    if (sig < 0 || sig >= 32)
        return fail(EINVAL);
    if (pid == 42 && sig > 0)
        sig_sent[sig]++;
    return 0;
}

/* As the kernel's __sigaction: one action per signal (handler, flags,
 * restorer, mask); SIGKILL and SIGSTOP cannot be changed. sig_ignored[]
 * says which are SIG_IGN. */
static unsigned int sig_actions[32][4];
int shmos___sigaction(int sig, const unsigned int *act, unsigned int *old)
{
    if (sig <= 0 || sig >= 32 || (act && (sig == 9 || sig == 19)))
        return fail(EINVAL);
    if (old)
        memcpy(old, sig_actions[sig], sizeof sig_actions[sig]);
    if (act) {
        memcpy(sig_actions[sig], act, sizeof sig_actions[sig]);
        sig_ignored[sig] = act[0] == 1;
    }
    return 0;
}

int shmos___sigsuspend(unsigned int mask)
{
    (void)mask;
    return fail(EINTR);
}

/* Records "path;" in exec_log and fails as for a missing file. */
int shmos_execve(const char *path, char *const argv[], char *const envp[])
{
    (void)argv, (void)envp;
    size_t n = strlen(exec_log);
    snprintf(exec_log + n, sizeof exec_log - n, "%s;", path);
    return fail(ENOENT);
}

int shmos_waitpid(int pid, int *status, int options)
{
    (void)pid, (void)status, (void)options;
    return fail(ECHILD);
}

/* sysconf(_SC_NPROCESSORS_ONLN) reads the CPU count from meminfo: two,
 * at offset 28 (after seven 32-bit counts). */
int shmos_meminfo(void *info)
{
    memset(info, 0, 36);
    ((unsigned int *)info)[7] = 2;
    return 0;
}

int shmos_nanosleep(const void *req, void *rem)
{
    (void)req, (void)rem;
    return 0;
}

/* The fake CPU clock (getrusage, times): user time advances 700 us a
 * call; and the fake nice value (getpriority, setpriority). */
static long fake_cpu_us;
static int fake_nice;

int shmos_getrusage(int who, long *ru)
{
    if (who != 0 && who != -1)
        return fail(EINVAL);
    memset(ru, 0, 18 * sizeof(long));
    fake_cpu_us += 700;
    ru[0] = fake_cpu_us / 1000000;
    ru[1] = fake_cpu_us % 1000000;
    return 0;
}

long shmos___times(long *buf)
{
    fake_cpu_us += 700;
    buf[0] = fake_cpu_us / 10000;
    buf[1] = buf[2] = buf[3] = 0;
    return 1234;
}

int shmos___getpriority(int which, int who)
{
    if (which != 0 || who != 0)
        return fail(ESRCH);
    return 20 - fake_nice;
}

int shmos_setpriority(int which, int who, int prio)
{
    if (which != 0 || who != 0)
        return fail(ESRCH);
    fake_nice = prio < -20 ? -20 : prio > 19 ? 19 : prio;
    return 0;
}

/* The fake clocks: fake_now nanoseconds, advanced by 1500 ns a call. */
long long fake_now = 5000000000LL;

int shmos_clock_gettime(int clock, struct fake_timespec *ts)
{
    if (clock != 0 && clock != 1)
        return fail(EINVAL);
    fake_now += 1500;
    ts->tv_sec = (long)(fake_now / 1000000000);
    ts->tv_nsec = (long)(fake_now % 1000000000);
    return 0;
}

/* ---- threads: the host test is one thread, so libc's locks stay off
 * (lock.c never calls these while __libc_threaded is false). */
int shmos___pthread_tid(void)
{
    return 1;
}

long shmos_futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout, uint32_t *uaddr2,
                 uint32_t val3)
{
    (void)uaddr, (void)op, (void)val, (void)timeout, (void)uaddr2, (void)val3;
    return 0;
}
