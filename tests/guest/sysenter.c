/* The system-call entries: sysenter (libc's path when the kernel offers it)
 * and int $0x80 (kept). The raw tests execute sysenter themselves, with
 * the convention of kernel/x86/sysenter.h: ebp = a user "frame" holding
 * [return address, sixth argument]; hostile frames, return addresses and
 * flags must kill the caller before the call runs and leave the kernel
 * unharmed. The whole suite runs on whichever entry libc picked; the
 * nosysenter boot (scripts/test.sh, tests/guest-cmd/nosysenter.sh) runs it
 * on int $0x80. On Linux only the auxiliary-vector check runs. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#include "syscall_nr.h"

/* One raw sysenter: the registers going in, and what came back. */
struct sx {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp;             /* in: ebp is the frame */
    uint32_t o_eax, o_ebx, o_ecx, o_edx, o_esi, o_edi, o_ebp, o_esp;   /* out */
};
void sx_call(struct sx *s);         /* plain */
void sx_call_tf(struct sx *s);      /* with EFLAGS.TF set at the sysenter */
void sx_call_nt(struct sx *s);      /* with EFLAGS.NT set */
void sx_call_df(struct sx *s);      /* with EFLAGS.DF set */
extern char sx_return[];            /* where a frame should send the call back */

/* Each sx_call* saves the callee-saved registers and its stack pointer in
 * globals (the frame may be anywhere: the stack is not usable after the
 * call until it is restored), loads the registers, ORs `flags` into
 * EFLAGS with popf just before sysenter (so a TF traps in the kernel),
 * and at sx_return stores every register into *s. */
__asm__(
    ".data\n"
    "sx_cur: .long 0\n"
    "sx_saved_esp: .long 0\n"
    ".text\n"
    ".macro sx_variant name, flags\n"
    ".globl \\name\n"
    "\\name:\n"
    "    pushl %ebp\n    pushl %ebx\n    pushl %esi\n    pushl %edi\n"
    "    movl 20(%esp), %eax\n"
    "    movl %eax, sx_cur\n"
    "    movl %esp, sx_saved_esp\n"
    "    movl 4(%eax), %ebx\n    movl 8(%eax), %ecx\n    movl 12(%eax), %edx\n"
    "    movl 16(%eax), %esi\n    movl 20(%eax), %edi\n    movl 24(%eax), %ebp\n"
    "    movl 0(%eax), %eax\n"
    "    pushfl\n    orl $\\flags, (%esp)\n    popfl\n"
    "    sysenter\n"
    "    jmp sx_return\n"
    ".endm\n"
    "sx_variant sx_call, 0\n"
    "sx_variant sx_call_tf, 0x100\n"
    "sx_variant sx_call_nt, 0x4000\n"
    "sx_variant sx_call_df, 0x400\n"
    ".globl sx_return\n"
    "sx_return:\n"
    "    cld\n"
    "    xchgl %eax, sx_cur\n"
    "    movl %ebx, 32(%eax)\n    movl %ecx, 36(%eax)\n    movl %edx, 40(%eax)\n"
    "    movl %esi, 44(%eax)\n    movl %edi, 48(%eax)\n    movl %ebp, 52(%eax)\n"
    "    movl %esp, 56(%eax)\n"
    "    movl sx_cur, %ecx\n    movl %ecx, 28(%eax)\n"
    "    movl sx_saved_esp, %esp\n"
    "    popl %edi\n    popl %esi\n    popl %ebx\n    popl %ebp\n"
    "    ret\n");

/* A raw sysenter of nr(a, b, c, d, e, f) with its frame at frame (which
 * gets the return address and f). Returns the raw result. */
static long sx(struct sx *s, uint32_t *frame, long nr, uint32_t a, uint32_t b, uint32_t c,
               uint32_t d, uint32_t e, uint32_t f)
{
    frame[0] = (uint32_t)sx_return;
    frame[1] = f;
    *s = (struct sx){ .eax = (uint32_t)nr, .ebx = a, .ecx = b, .edx = c, .esi = d, .edi = e,
                      .ebp = (uint32_t)frame };
    sx_call(s);
    return (long)s->o_eax;
}

/* The int $0x80 path, called directly. */
static long int80(long nr, uint32_t a)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a) : "memory");
    return r;
}

static int offered(void)
{
    return (getauxval(AT_HWCAP) & HWCAP_X86_SEP) != 0;
}

/* The raw tests need the kernel to take sysenter. */
static void need_sysenter(void)
{
    if (!offered()) {
        diag("the kernel does not offer sysenter (nosysenter): nothing to test here");
        _exit(0);
    }
}
#endif

/* AT_PAGESZ is the page size; on shmos libc's entry is the one AT_HWCAP
 * offers. */
static void t_auxv(long arg)
{
    (void)arg;
    CHECK_EQ(getauxval(AT_PAGESZ), 4096);
#ifdef __shmos__
    diag("libc enters the kernel by %s", __syscall_sysenter ? "sysenter" : "int 0x80");
    CHECK_EQ(__syscall_sysenter, offered());
    errno = 0;
    CHECK_EQ(getauxval(12345), 0);
    CHECK_EQ(errno, ENOENT);
#endif
}

#ifdef __shmos__
/* Results, errors and every register through a raw sysenter. */
static void t_results(long arg)
{
    (void)arg;
    need_sysenter();
    uint32_t frame[2];
    struct sx s;
    CHECK_EQ(sx(&s, frame, SYS_getpid, 0x11111111, 0x22222222, 0x33333333, 0x44444444,
                0x55555555, 0x66666666), getpid());
    CHECK_EQ(s.o_ebx, 0x11111111);
    CHECK_EQ(s.o_esi, 0x44444444);
    CHECK_EQ(s.o_edi, 0x55555555);
    CHECK_EQ(s.o_ebp, 0x66666666);                  /* the sixth argument comes back in ebp */
    CHECK_EQ(s.o_esp, (uint32_t)frame + 8);         /* the frame is popped */
    CHECK_EQ(sx(&s, frame, SYS_close, (uint32_t)-1, 0, 0, 0, 0, 0), -EBADF);
    CHECK_EQ(sx(&s, frame, SYS_getppid, 0, 0, 0, 0, 0, 0), getppid());
    CHECK_EQ(sx(&s, frame, 9999, 0, 0, 0, 0, 0, 0), -ENOSYS);
    /* And libc's errno, whichever way it goes. */
    EXPECT_ERR(close(-1), EBADF);
    EXPECT_ERR(write(-5, "x", 1), EBADF);
}

/* mmap(addr, len, prot, flags, fd, off) by raw sysenter: a shared, fixed,
 * writable two-page window onto pages 1-2 of a file proves each argument. */
static void t_six_args(long arg)
{
    (void)arg;
    need_sysenter();
    int fd = (int)SYS(open("/tmp/sysenter-args", O_RDWR | O_CREAT | O_TRUNC, 0600));
    SYS(unlink("/tmp/sysenter-args"));
    char page[4096];
    for (int i = 0; i < 4; i++) {
        memset(page, 'a' + i, sizeof page);
        write_all(fd, page, sizeof page);
    }
    const uint32_t addr = 0x30000000;
    uint32_t frame[2];
    struct sx s;
    long r = sx(&s, frame, SYS_mmap, addr, 2 * 4096, PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_FIXED, (uint32_t)fd, 4096);
    CHECK_EQ(r, addr);                                       /* addr, MAP_FIXED */
    volatile char *p = (volatile char *)(uintptr_t)addr;
    CHECK_EQ(p[0], 'b');                                     /* fd, offset */
    CHECK_EQ(p[4096 + 4095], 'c');                           /* len: two pages */
    p[10] = 'Z';                                             /* PROT_WRITE */
    char c = 0;
    CHECK_EQ(pread(fd, &c, 1, 4096 + 10), 1);
    CHECK_EQ(c, 'Z');                                        /* MAP_SHARED */
    SYS(munmap((void *)(uintptr_t)addr, 2 * 4096));
    EXPECT_ERR(msync((void *)(uintptr_t)(addr + 2 * 4096), 4096, MS_SYNC), ENOMEM);
    close(fd);
}

/* int $0x80 still works beside sysenter. */
static void t_int80(long arg)
{
    (void)arg;
    CHECK_EQ(int80(SYS_getpid, 0), getpid());
    CHECK_EQ(int80(SYS_close, (uint32_t)-1), -EBADF);
}

/* The frame in a page the kernel's read fills on demand (a private
 * mapping of a file is copied on first touch): the call goes through. */
static void t_frame_demand_filled(long arg)
{
    (void)arg;
    need_sysenter();
    int fd = (int)SYS(open("/tmp/sysenter-frame", O_RDWR | O_CREAT | O_TRUNC, 0600));
    SYS(unlink("/tmp/sysenter-frame"));
    uint32_t words[2] = { (uint32_t)sx_return, 0x5eed };
    write_all(fd, words, sizeof words);
    uint32_t *frame = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(frame != MAP_FAILED);
    struct sx s = { .eax = SYS_getpid, .ebp = (uint32_t)frame };
    sx_call(&s);
    CHECK_EQ(s.o_eax, getpid());
    CHECK_EQ(s.o_ebp, 0x5eed);
    CHECK_EQ(s.o_esp, (uint32_t)frame + 8);
    munmap(frame, 4096);
    close(fd);
}

/* Hostile sysenters: each writes a byte to a pipe from a child and must
 * be killed (by sig) before the write happens. */
struct hostile {
    const char *what;
    uint32_t ebp;           /* the frame; 0: a good one on the stack */
    uint32_t ret;           /* its return address; 0: sx_return */
    void (*call)(struct sx *);
    int sig;
};
static const struct hostile hostile[] = {
    { "frame at 0", 1, 0, sx_call, SIGSEGV },
    { "frame unmapped", 0x10000000, 0, sx_call, SIGSEGV },
    { "frame in the guard gap", USER_STACK_BOTTOM - 4096, 0, sx_call, SIGSEGV },
    { "frame crossing into the kernel", USER_TOP - 4, 0, sx_call, SIGSEGV },
    { "frame in the kernel", 0xC0100000u, 0, sx_call, SIGSEGV },
    { "frame at the top of memory", 0xFFFFFFF8u, 0, sx_call, SIGSEGV },
    { "return address in the kernel", 0, 0xC0100000u, sx_call, SIGSEGV },
    { "return address at the top of memory", 0, 0xFFFFFFFFu, sx_call, SIGSEGV },
    { "return address at the user/kernel edge", 0, USER_TOP, sx_call, SIGSEGV },
    { "single-step flag set", 0, 0, sx_call_tf, SIGTRAP },
};

static void t_hostile(long i)
{
    need_sysenter();
    const struct hostile *h = &hostile[i];
    int p[2];
    SYS(pipe(p));
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        static uint32_t frame[2];
        frame[0] = h->ret ? h->ret : (uint32_t)sx_return;
        frame[1] = 0;
        struct sx s = { .eax = SYS_write, .ebx = (uint32_t)p[1], .ecx = (uint32_t)"!", .edx = 1,
                        .ebp = h->ebp ? (h->ebp == 1 ? 0 : h->ebp) : (uint32_t)frame };
        h->call(&s);
        diag("%s: the call returned %ld", h->what, (long)s.o_eax);
        _exit(0);
    }
    close(p[1]);
    expect_killed(pid, h->sig);
    char c;
    long n = read(p[0], &c, 1);
    if (n != 0)
        FAIL("%s: the write went through before the kill (read gave %ld)", h->what, n);
    close(p[0]);
    /* The kernel is fine: the same call, made properly, works. */
    uint32_t frame[2];
    struct sx s;
    CHECK_EQ(sx(&s, frame, SYS_getpid, 0, 0, 0, 0, 0, 0), getpid());
}

/* DF set by the user does not reach the kernel: its copies count up. */
static void t_df(long arg)
{
    (void)arg;
    need_sysenter();
    static uint32_t frame[2];
    frame[0] = (uint32_t)sx_return;
    frame[1] = 0;
    char buf[64];
    memset(buf, 'x', sizeof buf);
    int p[2];
    SYS(pipe(p));
    write_all(p[1], "abcdefgh", 8);
    struct sx s = { .eax = SYS_read, .ebx = (uint32_t)p[0], .ecx = (uint32_t)(buf + 16), .edx = 8,
                     .ebp = (uint32_t)frame };
    sx_call_df(&s);
    CHECK_EQ(s.o_eax, 8);
    for (int i = 0; i < 64; i++)
        if (buf[i] != ((i >= 16 && i < 24) ? "abcdefgh"[i - 16] : 'x'))
            FAIL("byte %d is '%c' after a read with DF set", i, buf[i]);
    close(p[0]);
    close(p[1]);
}

/* fork by raw sysenter: the parent returns by sysexit, the child's first
 * return is through iret, and it must see the frame int $0x80 would have
 * left: the return address, esp past the frame, ebp the sixth argument and
 * every other register as the parent had it, ecx and edx included. */
static void t_fork(long arg)
{
    (void)arg;
    need_sysenter();
    static uint32_t frame[2];
    pid_t parent = getpid();
    struct sx s;
    long r = sx(&s, frame, SYS_fork, 0x1234, 0x2345, 0x3456, 0x4567, 0x5678, 0x6789);
    CHECK(r >= 0);
    if (r == 0) {
        int ok = s.o_ebx == 0x1234 && s.o_ecx == 0x2345 && s.o_edx == 0x3456 &&
                 s.o_esi == 0x4567 && s.o_edi == 0x5678 && s.o_ebp == 0x6789 &&
                 s.o_esp == (uint32_t)frame + 8 && getppid() == parent;
        if (!ok)
            diag("child: ebx %x ecx %x edx %x esi %x edi %x ebp %x esp %x (frame %p)", s.o_ebx,
                 s.o_ecx, s.o_edx, s.o_esi, s.o_edi, s.o_ebp, s.o_esp, (void *)frame);
        _exit(ok ? 7 : 1);
    }
    CHECK_EQ(s.o_ebx, 0x1234);
    CHECK_EQ(s.o_ebp, 0x6789);
    expect_exit((pid_t)r, 7);
}

/* execve by raw sysenter: the new image starts (by iret) and runs; also
 * with NT set by the user, which the kernel must clear (its iret would
 * otherwise switch tasks). */
static void t_exec(long nt)
{
    need_sysenter();
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        static uint32_t frame[2];
        int p[2];
        if (pipe(p) < 0)
            _exit(1);
        char fdbuf[16];
        fmt(fdbuf, sizeof fdbuf, "%d", p[1]);
        char *argv[] = { "tests", EXEC_HELPER, fdbuf, "42", NULL };
        char *envp[] = { NULL };
        frame[0] = (uint32_t)sx_return;
        if (nt) {
            /* sysexit gives the user its NT back: the exec below starts
             * with it set even where sysenter alone might not keep it. */
            struct sx g = { .eax = SYS_getpid, .ebp = (uint32_t)frame };
            sx_call_nt(&g);
            if ((pid_t)g.o_eax != getpid())
                _exit(2);
        }
        struct sx s = { .eax = SYS_execve, .ebx = (uint32_t)self_path(), .ecx = (uint32_t)argv,
                        .edx = (uint32_t)envp, .ebp = (uint32_t)frame };
        (nt ? sx_call_nt : sx_call)(&s);
        _exit(1);
    }
    expect_exit(pid, 42);
}

/* A process in a loop of sysenter calls is preempted (with one CPU the
 * parent runs only then) and killed like any other. */
static void t_kill_and_preempt(long arg)
{
    (void)arg;
    need_sysenter();
    int p[2];
    SYS(pipe(p));
    pid_t me = getpid();
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        tell(p[1]);
        for (;;)
            if (getppid() != me)
                _exit(3);
    }
    hear(p[0]);
    for (int i = 0; i < 20000; i++)
        CHECK_EQ(getppid(), getppid());
    sleep_ms(20);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    close(p[0]);
    close(p[1]);
}

/* Without the kernel's offer (nosysenter) sysenter is refused: its MSRs
 * are not set, so it raises #GP, and the caller dies of SIGSEGV. */
static void t_refused(long arg)
{
    (void)arg;
    if (offered()) {
        diag("the kernel offers sysenter: only a nosysenter boot tests this");
        return;
    }
    CHECK_EQ(__syscall_sysenter, 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        uint32_t frame[2];
        struct sx s;
        sx(&s, frame, SYS_getpid, 0, 0, 0, 0, 0, 0);
        _exit(0);
    }
    expect_killed(pid, SIGSEGV);
}
#endif

#define RAW SHMOS_ONLY("executes shmos's sysenter convention")
static const struct test tests[] = {
    { "sysenter: the auxiliary vector has the page size, libc takes the entry offered",
      t_auxv, 0, 0, 0, NULL },
#ifdef __shmos__
    { "sysenter: results, -errno, registers and libc's errno", t_results, 0, 0, 0, RAW },
    { "sysenter: all six arguments arrive (mmap)", t_six_args, 0, 0, 0, RAW },
    { "sysenter: int $0x80 still works beside it", t_int80, 0, 0, 0, RAW },
    { "sysenter: a frame in a page filled on demand", t_frame_demand_filled, 0, 0, 0, RAW },
    { "sysenter: killed before the call: frame at 0", t_hostile, 0, 0, 0, RAW },
    { "sysenter: killed before the call: frame unmapped", t_hostile, 1, 0, 0, RAW },
    { "sysenter: killed before the call: frame in the guard gap", t_hostile, 2, 0, 0, RAW },
    { "sysenter: killed before the call: frame crossing into the kernel", t_hostile, 3, 0, 0, RAW },
    { "sysenter: killed before the call: frame in the kernel", t_hostile, 4, 0, 0, RAW },
    { "sysenter: killed before the call: frame at the top of memory", t_hostile, 5, 0, 0, RAW },
    { "sysenter: killed before the call: return address in the kernel", t_hostile, 6, 0, 0, RAW },
    { "sysenter: killed before the call: return address at the top", t_hostile, 7, 0, 0, RAW },
    { "sysenter: killed before the call: return address at USER_TOP", t_hostile, 8, 0, 0, RAW },
    { "sysenter: killed before the call: TF set (SIGTRAP)", t_hostile, 9, 0, 0, RAW },
    { "sysenter: DF set by the user does not reach the kernel", t_df, 0, 0, 0, RAW },
    { "sysenter: fork's child returns through the int $0x80 frame", t_fork, 0, 0, 0, RAW },
    { "sysenter: execve starts the new image", t_exec, 0, 0, 0, RAW },
    { "sysenter: execve with NT set by the user (cleared in the kernel)", t_exec, 1, 0, 0, RAW },
    { "sysenter: a caller in a loop of calls is preempted and killed", t_kill_and_preempt, 0, 0, 0,
      RAW },
    { "sysenter: refused with SIGSEGV when the kernel does not offer it", t_refused, 0, 0, 0, RAW },
#endif
};
TEST_GROUP(15, tests);
