/* exec tests. /bin/tests re-executes itself in a helper mode:
 *   tests --exec-helper FD CODE ARGS...
 * writes a report of what the new image sees to descriptor FD and returns
 * CODE from main. The parent compares the report with what it passed. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "tests.h"

/* Initialised data and bss that the parent dirties before exec: the new
 * image must start from the values in the file (and zeroes). */
static volatile int exec_marker = 1234;
static volatile char exec_bss[8192];

struct helper_header {
    int32_t pid, ppid, marker, bss_zero, argc, argv_null;
    int32_t df;                /* the direction flag the new image started with */
};

/* EFLAGS.DF now (1 = string instructions count down). */
static int direction_flag(void)
{
    unsigned long flags;
    __asm__ volatile("pushf\n\tpop %0" : "=r"(flags));
    return (flags >> 10) & 1;
}

int exec_helper_main(int argc, char **argv)
{
    int df = direction_flag();      /* before any code that could clear it */
    if (argc < 4)
        return 100;
    int fd = (int)parse_long(argv[2]);
    int bss_zero = 1;
    for (size_t i = 0; i < sizeof exec_bss; i++)
        if (exec_bss[i] != 0)
            bss_zero = 0;
    struct helper_header h = { getpid(), getppid(), exec_marker, bss_zero, argc,
                               argv[argc] == NULL, df };
    write_all(fd, &h, sizeof h);
    for (int i = 0; i < argc; i++)
        write_all(fd, argv[i], strlen(argv[i]) + 1);
    close(fd);
    return (int)parse_long(argv[3]);
}

struct helper_result {
    pid_t pid;                 /* the child that exec'd */
    int status;                /* its wait status */
    struct helper_header h;
    char args[8192];           /* argv strings, each NUL-terminated */
    size_t args_len;
};

/* fork, dirty data/bss, exec the helper with extra args, collect its report. */
static void run_helper(char *const *extra, int nextra, int code, struct helper_result *res)
{
    int p[2];
    SYS(pipe(p));
    char fdbuf[16], codebuf[16];
    fmt(fdbuf, sizeof fdbuf, "%d", p[1]);
    fmt(codebuf, sizeof codebuf, "%d", code);
    char *argv[48];
    if (nextra > 40)
        FAIL("too many helper arguments");
    argv[0] = "tests";
    argv[1] = EXEC_HELPER;
    argv[2] = fdbuf;
    argv[3] = codebuf;
    for (int i = 0; i < nextra; i++)
        argv[4 + i] = extra[i];
    argv[4 + nextra] = NULL;
    char *envp[] = { "SHMOS_TEST=1", NULL };

    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[0]);
        exec_marker = 9999;
        for (size_t i = 0; i < sizeof exec_bss; i++)
            exec_bss[i] = 0x5a;
        const char *path = self_path();
        /* A new image starts with clean flags: set DF to check that. Only
         * the system call stub runs between std and the kernel. */
        __asm__ volatile("std" ::: "cc");
        execve(path, argv, envp);
        __asm__ volatile("cld" ::: "cc");
        diag("execve(%s) failed: %s", path, errname(errno));
        _exit(99);
    }
    close(p[1]);
    static char buf[sizeof(struct helper_header) + 8192];
    size_t len = 0;
    for (;;) {
        ssize_t r = read(p[0], buf + len, sizeof buf - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            FAIL("read from helper: %s", errname(errno));
        if (r == 0 || len + (size_t)r == sizeof buf) {
            len += (size_t)r;
            break;
        }
        len += (size_t)r;
    }
    close(p[0]);
    res->pid = pid;
    res->status = wait_status(pid);
    if (len < sizeof res->h)
        FAIL("helper wrote %zu bytes, less than its header (status 0x%x)", len, res->status);
    memcpy(&res->h, buf, sizeof res->h);
    res->args_len = len - sizeof res->h;
    memcpy(res->args, buf + sizeof res->h, res->args_len);
}

/* Check that the helper saw exactly the argv that run_helper passed. */
static void check_args(const struct helper_result *res, char *const *extra, int nextra, int code)
{
    char want[8192];
    size_t n = 0;
    char codebuf[16];
    fmt(codebuf, sizeof codebuf, "%d", code);
    const char *fixed[] = { "tests", EXEC_HELPER };
    for (int i = 0; i < 2; i++) {
        memcpy(want + n, fixed[i], strlen(fixed[i]) + 1);
        n += strlen(fixed[i]) + 1;
    }
    /* argv[2] is the descriptor number, which only the child knew: skip it. */
    const char *got = res->args;
    size_t skip = strlen(got) + 1;
    skip += strlen(got + skip) + 1;
    const char *fdarg = got + skip;
    if (skip >= res->args_len)
        FAIL("helper reported only %zu bytes of arguments", res->args_len);
    memcpy(want + n, fdarg, strlen(fdarg) + 1);
    n += strlen(fdarg) + 1;
    memcpy(want + n, codebuf, strlen(codebuf) + 1);
    n += strlen(codebuf) + 1;
    for (int i = 0; i < nextra; i++) {
        size_t l = strlen(extra[i]) + 1;
        if (n + l > sizeof want)
            FAIL("expected arguments too long");
        memcpy(want + n, extra[i], l);
        n += l;
    }
    CHECK_EQ(res->h.argc, 4 + nextra);
    CHECK_EQ(res->h.argv_null, 1);
    CHECK_EQ(res->args_len, n);
    for (size_t i = 0; i < n; i++)
        if (res->args[i] != want[i])
            FAIL("argument bytes differ at offset %zu: got 0x%x, expected 0x%x",
                 i, (unsigned char)res->args[i], (unsigned char)want[i]);
}

static struct helper_result result;

static void t_exec_argv(long arg)
{
    (void)arg;
    char *extra[] = { "alpha", "", "with space", "x", "tab\there" };
    run_helper(extra, 5, 0, &result);
    CHECK_EQ(result.status, 0);
    check_args(&result, extra, 5, 0);
}

static void t_exec_many_long_args(long arg)
{
    (void)arg;
    static char long_arg[1001];
    for (int i = 0; i < 1000; i++)
        long_arg[i] = (char)('a' + i % 26);
    static char small[20][8];
    char *extra[21];
    for (int i = 0; i < 20; i++) {
        fmt(small[i], sizeof small[i], "arg%d", i);
        extra[i] = small[i];
    }
    extra[20] = long_arg;
    run_helper(extra, 21, 0, &result);
    CHECK_EQ(result.status, 0);
    check_args(&result, extra, 21, 0);
}

/* exec keeps the pid, the parent and open descriptors (the report pipe). */
static void t_exec_keeps_identity(long arg)
{
    (void)arg;
    run_helper(NULL, 0, 0, &result);
    CHECK_EQ(result.status, 0);
    CHECK_EQ(result.h.pid, result.pid);
    CHECK_EQ(result.h.ppid, getpid());
}

static void t_exec_fresh_image(long arg)
{
    (void)arg;
    run_helper(NULL, 0, 0, &result);
    CHECK_EQ(result.status, 0);
    CHECK_EQ(result.h.marker, 1234);
    CHECK_EQ(result.h.bss_zero, 1);
    CHECK_EQ(result.h.df, 0);          /* DF set before execve does not carry over */
}

static void t_exec_main_return(long arg)
{
    (void)arg;
    run_helper(NULL, 0, 42, &result);
    CHECK(WIFEXITED(result.status));
    CHECK_EQ(WEXITSTATUS(result.status), 42);
}

static char *const no_env[] = { NULL };

static void t_exec_enoent(long arg)
{
    (void)arg;
    char *argv[] = { "nothing", NULL };
    EXPECT_ERR(execve("/bin/no-such-program", argv, no_env), ENOENT);
    EXPECT_ERR(execve("/no/such/dir/prog", argv, no_env), ENOENT);
    EXPECT_ERR(execve("", argv, no_env), ENOENT);
}

/* A text file is not a program: ENOEXEC, and the caller carries on. */
static void t_exec_enoexec(long arg)
{
    (void)arg;
    char *argv[] = { "noexec", NULL };
    char path[64];
    fmt(path, sizeof path, "/tmp/shmos-tests-noexec.%d", (int)getpid());
    int fd = (int)SYS(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755));
    write_all(fd, "just some text\nnot a program\n", 29);
    SYS(fchmod(fd, 0755));          /* executable whatever the umask: ENOEXEC, not EACCES */
    close(fd);
    errno = 0;
    long r = execve(path, argv, no_env);
    int err = errno;
    unlink(path);
    if (r != -1 || err != ENOEXEC)
        FAIL("execve(%s) returned %ld errno %s, expected ENOEXEC", path, r, errname(err));
}

/* Bad argv pointers fail with EFAULT before the old image is given up:
 * the caller's memory is intact and a later exec still works. */
static void t_exec_bad_argv(long arg)
{
    (void)arg;
    static char heap_pattern[4096];
    for (size_t i = 0; i < sizeof heap_pattern; i++)
        heap_pattern[i] = (char)(i * 7);
    char *bad_elem[] = { "tests", KADDR(0xC0000000), NULL };
    char *wrapping_elem[] = { "tests", KADDR(0xFFFFFFFF), NULL };
    EXPECT_ERR(execve(self_path(), KADDR(0xC0000000), no_env), EFAULT);
    EXPECT_ERR(execve(self_path(), bad_elem, no_env), EFAULT);
    EXPECT_ERR(execve(self_path(), wrapping_elem, no_env), EFAULT);
    EXPECT_ERR(execve(NULLPTR, bad_elem, no_env), EFAULT);
    EXPECT_ERR(execve(KADDR(0xC0000000), bad_elem, no_env), EFAULT);
    for (size_t i = 0; i < sizeof heap_pattern; i++)
        if (heap_pattern[i] != (char)(i * 7))
            FAIL("memory changed by a failed execve at offset %zu", i);
    run_helper(NULL, 0, 7, &result);
    CHECK(WIFEXITED(result.status));
    CHECK_EQ(WEXITSTATUS(result.status), 7);
}

/* One worker of t_exec_concurrent: exec the helper n times, checking each. */
static void exec_rounds(long n)
{
    for (int i = 0; i < n; i++) {
        char arg[16];
        fmt(arg, sizeof arg, "round%d", i);
        char *extra[] = { arg };
        run_helper(extra, 1, i, &result);
        CHECK(WIFEXITED(result.status));
        CHECK_EQ(WEXITSTATUS(result.status), i);
        check_args(&result, extra, 1, i);
    }
}

/* Four processes exec'ing at once (loading the same file on every CPU). */
static void t_exec_concurrent(long arg)
{
    (void)arg;
    pid_t workers[4];
    for (int i = 0; i < 4; i++)
        workers[i] = spawn(exec_rounds, 10);
    for (int i = 0; i < 4; i++)
        expect_exit(workers[i], 0);
}

#ifdef __shmos__
/* Writes to path a minimal i386 ELF: one read+execute segment of one page
 * at vaddr, whose code (at its start, after the headers) is exit(42). */
static void write_tiny_elf(const char *path, uint32_t vaddr)
{
    static const uint8_t code[] = {
        0xb8, 1, 0, 0, 0,           /* mov $1, %eax (exit) */
        0xbb, 42, 0, 0, 0,          /* mov $42, %ebx */
        0xcd, 0x80,                 /* int $0x80 */
    };
    uint8_t image[52 + 32 + sizeof code];
    uint32_t entry = vaddr + 52 + 32;
    memset(image, 0, sizeof image);
    memcpy(image, "\177ELF\1\1\1", 7);       /* 32-bit, little-endian, version 1 */
    uint16_t h16[] = { 2, 3 };                  /* ET_EXEC, EM_386 */
    memcpy(image + 16, h16, sizeof h16);
    uint32_t h32[] = { 1, entry, 52, 0, 0 };    /* version, entry, phoff, shoff, flags */
    memcpy(image + 20, h32, sizeof h32);
    uint16_t sizes[] = { 52, 32, 1, 0, 0, 0 };  /* ehsize, phentsize, phnum, sh... */
    memcpy(image + 40, sizes, sizeof sizes);
    uint32_t ph[] = { 1, 0, vaddr, vaddr, sizeof image, 4096, 5, 4096 };  /* PT_LOAD, R+X */
    memcpy(image + 52, ph, sizeof ph);
    memcpy(image + 84, code, sizeof code);
    int fd = (int)SYS(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755));
    write_all(fd, image, sizeof image);
    SYS(close(fd));
}
#endif

/* A program whose last segment ends exactly where the kernel's mmap range
 * begins (0x80000000, so its heap is empty) runs: execve never returns
 * that address as if it were a result (it once returned 0x80000000). One
 * a page lower runs too, and one that would cross into the range is
 * refused with ENOEXEC. */
static void t_exec_top_segment(long arg)
{
    (void)arg;
#ifdef __shmos__
    static const struct {
        uint32_t vaddr;
        int code;       /* the exit status, or -errno */
    } cases[] = { { 0x7ffff000, 42 }, { 0x7fffe000, 42 }, { 0x80000000, -ENOEXEC } };
    char path[64];
    fmt(path, sizeof path, "/tmp/shmos-tests-tiny.%d", (int)getpid());
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_tiny_elf(path, cases[i].vaddr);
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            char *argv[] = { "tiny", NULL };
            long r = execve(path, argv, no_env);
            _exit(r == -1 ? 100 + errno : 99);
        }
        int st;
        SYS(waitpid(pid, &st, 0));
        int want = cases[i].code >= 0 ? cases[i].code : 100 - cases[i].code;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != want)
            FAIL("segment at 0x%x: status 0x%x, expected exit %d", cases[i].vaddr, st, want);
    }
    SYS(unlink(path));
#endif
}

static const struct test tests[] = {
    { "exec: argv reaches the new program intact", t_exec_argv, 0, 0, 0, NULL },
    { "exec: 21 arguments including a 1000-byte one", t_exec_many_long_args, 0, 0, 0, NULL },
    { "exec: pid, parent and open descriptors survive", t_exec_keeps_identity, 0, 0, 0, NULL },
    { "exec: new image has fresh data, zeroed bss and clean flags", t_exec_fresh_image, 0, 0, 0, NULL },
    { "exec: the return value of main is the exit status", t_exec_main_return, 0, 0, 0, NULL },
    { "exec: 4 processes exec 10 times each concurrently", t_exec_concurrent, 0, 0, 120, NULL },
    { "exec: missing file or empty path gives ENOENT", t_exec_enoent, 0, 0, 0, NULL },
    { "exec: a text file gives ENOEXEC", t_exec_enoexec, 0, 0, 0, NULL },
    { "exec: bad argv or path pointers give EFAULT, caller intact", t_exec_bad_argv, 0, 0, 0, NULL },
    { "exec: a program ending where the mmap range starts runs; past it ENOEXEC",
      t_exec_top_segment, 0, 0, 0, SHMOS_ONLY("a shmos address layout") },
};
TEST_GROUP(20, tests);
