/* The signal frame and faults: a SIGSEGV handler that maps the page at
 * si_addr, SEGV_ACCERR, SIGBUS past a file's end, a blocked fault signal,
 * the FPU/SSE state around a handler, and (shmos only) a handler editing
 * its saved registers and forged sigreturn frames. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tests.h"
#include "sig_util.h"

#define SEGV_PAGE ((char *)0x30000000)
static void map_on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    hits[SIGSEGV]++;
    last_addr = si->si_addr;
    last_code = si->si_code;
    char *page = (char *)((uintptr_t)si->si_addr & ~(uintptr_t)4095);
    if (mmap(page, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
        != page)
        _exit(3);
}

static void t_segv_maps_page(long arg)
{
    (void)arg;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = map_on_fault;
    sa.sa_flags = SA_SIGINFO;
    SYS(sigaction(SIGSEGV, &sa, NULL));
    volatile char *p = SEGV_PAGE + 123;
    *p = 42;                            /* faults, the handler maps the page, the store retries */
    CHECK_EQ(*p, 42);
    CHECK_EQ(hits[SIGSEGV], 1);
    CHECK(last_addr == SEGV_PAGE + 123);
    CHECK_EQ(last_code, SEGV_MAPERR);
    volatile char *q = SEGV_PAGE + 3 * 4096 + 7;
    CHECK_EQ(*q, 0);                    /* a read: a fresh zero page */
    CHECK_EQ(hits[SIGSEGV], 2);
    SYS(munmap(SEGV_PAGE, 4 * 4096));
}

/* A write to read-only memory is SEGV_ACCERR. */
static void accerr_handler(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    _exit(si->si_code == SEGV_ACCERR && si->si_addr == (void *)SEGV_PAGE ? 0 : 4);
}

static void t_segv_accerr(long arg)
{
    (void)arg;
    CHECK(mmap(SEGV_PAGE, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
          == SEGV_PAGE);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = accerr_handler;
    sa.sa_flags = SA_SIGINFO;
    SYS(sigaction(SIGSEGV, &sa, NULL));
    *(volatile char *)SEGV_PAGE = 1;
    FAIL("the write to read-only memory went through");
}

/* Past the end of a mapped file: SIGBUS, BUS_ADRERR, si_addr. */
static char *volatile bus_page;
static void bus_handler(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    _exit(si->si_code == BUS_ADRERR && si->si_addr == bus_page + 4096 + 5 ? 0 : 4);
}

static void t_sigbus(long arg)
{
    (void)arg;
    char path[64];
    fmt(path, sizeof path, "/tmp/sigbus-%d", (int)getpid());
    int fd = (int)SYS(open(path, O_RDWR | O_CREAT | O_EXCL, 0600));
    unlink(path);
    SYS(write(fd, "hello", 5));
    bus_page = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(bus_page != MAP_FAILED);
    CHECK_EQ(bus_page[0], 'h');
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = bus_handler;
    sa.sa_flags = SA_SIGINFO;
    SYS(sigaction(SIGBUS, &sa, NULL));
    (void)*(volatile char *)(bus_page + 4096 + 5);
    FAIL("read past the end of the file went through");
}

/* A blocked SIGSEGV from a fault kills (the program would fault again). */
static void t_segv_blocked_kills(long arg)
{
    (void)arg;
    on(SIGSEGV, count, 0);
    block(SIG_BLOCK, SIGSEGV);
    *(volatile char *)SEGV_PAGE = 1;
    FAIL("survived a blocked SIGSEGV");
}

/* The FPU/SSE control state of the interrupted code survives a handler
 * that changes it, and the handler starts with the default state. */
static volatile unsigned handler_mxcsr;
static void fpu_handler(int sig)
{
    (void)sig;
    unsigned m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    handler_mxcsr = m;
    m = 0x1f80 | (3u << 13);            /* round toward zero */
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
    volatile double x = 1.0, y = 3.0;
    x = x / y;
    (void)x;
}

static void t_fpu_kept(long arg)
{
    (void)arg;
    on(SIGUSR1, fpu_handler, 0);
    unsigned m = 0x1f80 | (1u << 13), back;     /* round down */
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
    SYS(raise(SIGUSR1));
    __asm__ volatile("stmxcsr %0" : "=m"(back));
    CHECK_EQ(back & 0xffc0, m & 0xffc0);
    CHECK_EQ(handler_mxcsr & 0x6000, 0);        /* the handler ran with round-to-nearest */
}

#ifdef __shmos__
#include <sys/ucontext.h>
/* A handler that changes a saved register: sigreturn puts it in place.
 * The fault skips the 2-byte "movl (%eax), %eax" by moving eip on. */
static void skip_fault(int sig, siginfo_t *si, void *ucp)
{
    (void)sig, (void)si;
    ucontext_t *uc = ucp;
    uc->uc_mcontext.gregs[REG_EIP] += 2;
    uc->uc_mcontext.gregs[REG_EAX] = 77;
}

static void t_ucontext_edit(long arg)
{
    (void)arg;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = skip_fault;
    sa.sa_flags = SA_SIGINFO;
    SYS(sigaction(SIGSEGV, &sa, NULL));
    int v;
    __asm__ volatile("movl $0x30000010, %%eax\n\tmovl (%%eax), %%eax" : "=a"(v) : : "memory");
    CHECK_EQ(v, 77);
}
#endif

#ifdef __shmos__
/* Forged frames: the handler rewrites its saved registers, sigreturn must
 * refuse what user mode may not hold (kernel selectors, a kernel pc) and
 * keep IOPL 0. */
static long forge_what;
static void forge_handler(int sig, siginfo_t *si, void *ucp)
{
    (void)sig, (void)si;
    struct shmos_ucontext *uc = ucp;
    switch (forge_what) {
    case 1: uc->uc_mcontext.cs = 0x08; break;              /* kernel code */
    case 2: uc->uc_mcontext.ss = 0x10; break;              /* kernel data */
    case 3: uc->uc_mcontext.eip = 0xC0100000; break;       /* kernel text */
    case 4: uc->uc_mcontext.ds = 0x10; break;
    case 5: uc->uc_mcontext.eflags |= 0x3000 | 0x4000 | 0x20000; break; /* IOPL 3, NT, VM */
    case 6: uc->uc_mcontext.gs = 0x30; break;              /* some other GDT slot */
    }
}

static void t_forged_frame(long arg)
{
    forge_what = arg;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = forge_handler;
    sa.sa_flags = SA_SIGINFO;
    SYS(sigaction(SIGUSR1, &sa, NULL));
    SYS(raise(SIGUSR1));
    if (arg != 5)
        FAIL("sigreturn accepted a forged frame (%ld)", arg);
    uint32_t fl;
    __asm__ volatile("pushfl; popl %0" : "=r"(fl));
    CHECK_EQ(fl & 0x3000, 0);           /* IOPL */
    CHECK_EQ(fl & 0x4000, 0);           /* NT */
    CHECK(fl & 0x200);                  /* IF */
}

/* sigreturn with no frame at all (garbage on the stack) kills. */
static void t_sigreturn_garbage(long arg)
{
    (void)arg;
    __asm__ volatile("movl $" "0xC0000000, %%esp\n\t"  /* a kernel address: the read fails */
                     "movl %0, %%eax\n\t"
                     "int $0x80" : : "i"(106) : "memory");
    FAIL("sigreturn returned");
}
#endif

static const struct test tests[] = {
    { "signal: a SIGSEGV handler maps the page at si_addr and the access retries", t_segv_maps_page, 0, 0, 0, NULL },
    { "signal: a write to read-only memory is SEGV_ACCERR at si_addr", t_segv_accerr, 0, 0, 0, NULL },
    { "signal: a SIGBUS handler gets BUS_ADRERR and the address past a file's end", t_sigbus, 0, 0, 0, NULL },
    { "signal: a fault with SIGSEGV blocked kills", t_segv_blocked_kills, 0, SIGSEGV, 0, NULL },
    { "signal: the FPU/SSE state survives a handler, which starts clean", t_fpu_kept, 0, 0, 0, NULL },
#ifdef __shmos__
    { "signal: a handler's change to the saved registers (REG_EIP, REG_EAX) takes effect",
      t_ucontext_edit, 0, 0, 0, NULL },
    { "signal: sigreturn refuses a forged kernel code selector", t_forged_frame, 1, SIGSEGV, 0, NULL },
    { "signal: sigreturn refuses a forged kernel stack selector", t_forged_frame, 2, SIGSEGV, 0, NULL },
    { "signal: sigreturn refuses a forged kernel eip", t_forged_frame, 3, SIGSEGV, 0, NULL },
    { "signal: sigreturn refuses a forged kernel data selector", t_forged_frame, 4, SIGSEGV, 0, NULL },
    { "signal: sigreturn keeps IOPL 0 and clears NT and VM", t_forged_frame, 5, 0, 0, NULL },
    { "signal: sigreturn refuses another GDT selector in gs", t_forged_frame, 6, SIGSEGV, 0, NULL },
    { "signal: sigreturn without a frame kills", t_sigreturn_garbage, 0, SIGSEGV, 0, NULL },
#endif
};
TEST_GROUP(66, tests);
