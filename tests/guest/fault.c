/* Fault tests: each child does something illegal and must be killed by the
 * expected signal (the runner checks the wait status). If the illegal access
 * goes through, the child says so and exits 0, which fails the test. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <sys/shm.h>
#include <shmos/layout.h>
#endif

static void survived(const char *what)
{
    diag("%s did not fault", what);
    _exit(0);
}

static void t_null_read(long arg)
{
    (void)arg;
    volatile int *p = NULLPTR;
    int v = *p;
    (void)v;
    survived("reading address 0");
}

static void t_null_write(long arg)
{
    (void)arg;
    volatile int *p = NULLPTR;
    *p = 1;
    survived("writing address 0");
}

static void __attribute__((noinline)) some_function(void)
{
    __asm__ volatile("");
}

static void t_write_text(long arg)
{
    (void)arg;
    volatile unsigned char *p = opaque((void *)(uintptr_t)&some_function);
    *p = 0xc3;
    survived("writing program text");
}

/* Unbounded recursion with ~4 KiB frames; each frame touches both ends of
 * its array so no page (in particular the guard gap) is skipped. The depth
 * bound is unreachable: it only tells the compiler this is not infinite. */
static int __attribute__((noinline)) recurse(int depth)
{
    volatile char buf[4000];
    buf[0] = (char)depth;
    buf[sizeof buf - 1] = (char)depth;
    if (depth > 100000000)
        return 0;
    return recurse(depth + 1) + buf[0] + buf[sizeof buf - 1];
}

static void t_stack_overflow(long arg)
{
    (void)arg;
    recurse(0);
    survived("unbounded recursion");
}

#ifdef __shmos__
/* Recursion with ~1 KiB frames down to the stack's last 8 KiB, then a
 * 12 KiB frame that writes only its far end, as a function whose large
 * local array is written from the bottom does: with a one-page guard it
 * landed in an attachment just below the guard; the gap makes it fault. */
static void __attribute__((noinline)) clash(int depth)
{
    volatile char frame[1000];
    frame[0] = (char)depth;
    uintptr_t sp = (uintptr_t)&frame[0];
    if (sp > USER_STACK_BOTTOM + 8 * 1024) {
        clash(depth + 1);
        return;
    }
    volatile char *far_end = (volatile char *)(sp - 12 * 1024);
    *far_end = 1;
}

static void t_stack_clash(long arg)
{
    (void)arg;
    /* Removed at once: it goes with this process's death. */
    int id = shmget(IPC_PRIVATE, 16 * PAGE, IPC_CREAT | 0600);
    if (id < 0)
        FAIL("shmget: %s", errname(errno));
    /* The hardening finding's address, just below the old one-page guard,
     * is in the gap; the highest pages an attachment may take are below. */
    void *old_guard = (void *)(uintptr_t)(USER_STACK_BOTTOM - 17 * PAGE);
    void *below_gap = (void *)(uintptr_t)(USER_STACK_GAP_BOTTOM - 16 * PAGE);
    void *refused = shmat(id, old_guard, 0);
    int refused_errno = errno;
    void *at = shmat(id, below_gap, 0);
    int at_errno = errno;
    shmctl(id, IPC_RMID, NULL);
    if (refused != (void *)-1 || refused_errno != EINVAL)
        FAIL("attach at %p in the gap: %p, not EINVAL", old_guard, refused);
    if (at != below_gap)
        FAIL("attach below the gap: %s", errname(at_errno));
    clash(0);
    survived("a 12 KiB frame below the stack's bottom");
}
#endif

/* The kernel's addresses: base, a bit in, above the first 4 MiB, well in,
 * the last page and the last word. */
static const uint32_t kernel_addrs[] = {
    0xC0000000u, 0xC0100000u, 0xC0400000u, 0xD0000000u, 0xFFFFF000u, 0xFFFFFFFCu,
};

static void t_kernel_read(long i)
{
    volatile uint32_t *p = KADDR(kernel_addrs[i]);
    uint32_t v = *p;
    diag("read 0x%x from kernel address 0x%x", (unsigned)v, (unsigned)kernel_addrs[i]);
    survived("reading a kernel address");
}

static void t_kernel_write(long i)
{
    volatile uint32_t *p = KADDR(kernel_addrs[i]);
    *p = 0xdeadbeef;
    survived("writing a kernel address");
}

static void t_kernel_jump(long arg)
{
    (void)arg;
    void (*f)(void) = (void (*)(void))(uintptr_t)KADDR(0xC0100000u);
    f();
    survived("calling a kernel address");
}

/* Between the heap and the stack nothing is mapped. */
static void t_unmapped_user(long arg)
{
    (void)arg;
    volatile int *p = KADDR(0x40000000u);
    int v = *p;
    (void)v;
    survived("reading unmapped address 0x40000000");
}

static void t_past_break(long arg)
{
    (void)arg;
    volatile char *p = (volatile char *)opaque(heap_edge());
    char v = *p;
    (void)v;
    survived("reading the page just past the break");
}

static void t_invalid_opcode(long arg)
{
    (void)arg;
    __asm__ volatile("ud2");
    survived("ud2");
}

static void t_divide_by_zero(long arg)
{
    (void)arg;
    volatile int a = 1, b = 0;
    volatile int c = a / b;
    (void)c;
    survived("dividing by zero");
}

static void t_privileged(long arg)
{
    (void)arg;
    __asm__ volatile("cli");
    survived("cli");
}

static void t_port_io(long arg)
{
    (void)arg;
    unsigned char v;
    __asm__ volatile("inb $0x64, %0" : "=a"(v));
    (void)v;
    survived("inb from port 0x64");
}

/* Only the system-call gate may be entered with int from user mode. */
static void t_int_timer_vector(long arg)
{
    (void)arg;
    __asm__ volatile("int $0x20");
    survived("int $0x20");
}

static void t_int_page_fault_vector(long arg)
{
    (void)arg;
    __asm__ volatile("int $0x0e");
    survived("int $0x0e");
}

/* A faulting child is killed with SIGSEGV; its parent is untouched and can
 * go on forking. */
static void t_fault_isolated(long arg)
{
    (void)arg;
    static volatile int parent_data = 42;
    for (int i = 0; i < 3; i++) {
        pid_t pid = spawn(t_null_write, 0);
        expect_killed(pid, SIGSEGV);
    }
    pid_t pid = spawn(t_kernel_write, 0);
    expect_killed(pid, SIGSEGV);
    CHECK_EQ(parent_data, 42);
    pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(parent_data);
    expect_exit(pid, 42);
}

/* int3 from user mode is a breakpoint (SIGTRAP), not a protection fault. */
static void t_int3(long arg)
{
    (void)arg;
    __asm__ volatile("int3");
}

static const struct test tests[] = {
    { "fault: read of address 0 (SIGSEGV)", t_null_read, 0, SIGSEGV, 0, NULL },
    { "fault: int3 is a breakpoint (SIGTRAP)", t_int3, 0, SIGTRAP, 0, NULL },
    { "fault: write to address 0 (SIGSEGV)", t_null_write, 0, SIGSEGV, 0, NULL },
    { "fault: write to program text (SIGSEGV)", t_write_text, 0, SIGSEGV, 0, NULL },
    { "fault: stack overflow hits the guard gap (SIGSEGV)", t_stack_overflow, 0, SIGSEGV, 60, NULL },
#ifdef __shmos__
    { "fault: a 12 KiB frame past the stack's bottom hits the gap, not an attachment (SIGSEGV)",
      t_stack_clash, 0, SIGSEGV, 0, NULL },
#endif
    { "fault: read kernel 0xC0000000 (SIGSEGV)", t_kernel_read, 0, SIGSEGV, 0, NULL },
    { "fault: read kernel 0xC0100000 (SIGSEGV)", t_kernel_read, 1, SIGSEGV, 0, NULL },
    { "fault: read kernel 0xC0400000 (SIGSEGV)", t_kernel_read, 2, SIGSEGV, 0, NULL },
    { "fault: read kernel 0xD0000000 (SIGSEGV)", t_kernel_read, 3, SIGSEGV, 0, NULL },
    { "fault: read kernel 0xFFFFF000 (SIGSEGV)", t_kernel_read, 4, SIGSEGV, 0, NULL },
    { "fault: read kernel 0xFFFFFFFC (SIGSEGV)", t_kernel_read, 5, SIGSEGV, 0, NULL },
    { "fault: write kernel 0xC0000000 (SIGSEGV)", t_kernel_write, 0, SIGSEGV, 0, NULL },
    { "fault: write kernel 0xC0100000 (SIGSEGV)", t_kernel_write, 1, SIGSEGV, 0, NULL },
    { "fault: write kernel 0xC0400000 (SIGSEGV)", t_kernel_write, 2, SIGSEGV, 0, NULL },
    { "fault: write kernel 0xD0000000 (SIGSEGV)", t_kernel_write, 3, SIGSEGV, 0, NULL },
    { "fault: write kernel 0xFFFFF000 (SIGSEGV)", t_kernel_write, 4, SIGSEGV, 0, NULL },
    { "fault: write kernel 0xFFFFFFFC (SIGSEGV)", t_kernel_write, 5, SIGSEGV, 0, NULL },
    { "fault: call into the kernel at 0xC0100000 (SIGSEGV)", t_kernel_jump, 0, SIGSEGV, 0, NULL },
    { "fault: read unmapped user address 0x40000000 (SIGSEGV)", t_unmapped_user, 0, SIGSEGV, 0, NULL },
    { "fault: read the page past the break (SIGSEGV)", t_past_break, 0, SIGSEGV, 0, NULL },
    { "fault: invalid opcode (SIGILL)", t_invalid_opcode, 0, SIGILL, 0, NULL },
    { "fault: integer divide by zero (SIGFPE)", t_divide_by_zero, 0, SIGFPE, 0, NULL },
    { "fault: privileged instruction cli (SIGSEGV)", t_privileged, 0, SIGSEGV, 0, NULL },
    { "fault: port I/O from user mode (SIGSEGV)", t_port_io, 0, SIGSEGV, 0, NULL },
    { "fault: int $0x20 from user mode (SIGSEGV)", t_int_timer_vector, 0, SIGSEGV, 0, NULL },
    { "fault: int $0x0e from user mode (SIGSEGV)", t_int_page_fault_vector, 0, SIGSEGV, 0, NULL },
    { "fault: a faulting child leaves its parent intact", t_fault_isolated, 0, 0, 0, NULL },
};
TEST_GROUP(40, tests);
