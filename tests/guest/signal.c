/* Signals with handlers: sigaction and signal, masks, sigpending,
 * sigsuspend, EINTR against SA_RESTART, a SIGSEGV handler that maps the
 * page, nesting, SA_NODEFER and SA_RESETHAND, SIGCHLD, alarm, exec and
 * fork, the FPU state around a handler, and (shmos only) forged sigreturn
 * frames. Portable: the same tests run on Linux. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"

static volatile sig_atomic_t hits[NSIG];
static volatile sig_atomic_t order[16], norder;
static volatile int last_code, last_pid, last_status;
static void *volatile last_addr;

static void count(int sig)
{
    hits[sig]++;
    if (norder < 16)
        order[norder++] = sig;
}

static void on(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    SYS(sigaction(sig, &sa, NULL));
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits[sig]++;
    last_code = si->si_code;
    last_pid = si->si_pid;
    last_status = si->si_status;
    last_addr = si->si_addr;
}

static void on_info(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    SYS(sigaction(sig, &sa, NULL));
}

static void block(int how, int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    SYS(sigprocmask(how, &s, NULL));
}

static void t_handler_runs(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    SYS(kill(getpid(), SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 2);
    /* signal() installs a handler too, and reports the old one. */
    CHECK(signal(SIGUSR2, count) == SIG_DFL);
    CHECK(signal(SIGUSR2, count) == count);
    SYS(raise(SIGUSR2));
    CHECK_EQ(hits[SIGUSR2], 1);
    struct sigaction old;
    SYS(sigaction(SIGUSR1, NULL, &old));
    CHECK(old.sa_handler == count);
    EXPECT_ERR(sigaction(SIGKILL, &old, NULL), EINVAL);
    EXPECT_ERR(sigaction(SIGSTOP, &old, NULL), EINVAL);
    EXPECT_ERR(sigaction(0, &old, NULL), EINVAL);
    EXPECT_ERR(sigaction(NSIG + 40, NULL, &old), EINVAL);
}

static void t_siginfo(long arg)
{
    (void)arg;
    on_info(SIGUSR1, 0);
    SYS(kill(getpid(), SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    CHECK_EQ(last_code, SI_USER);
    CHECK_EQ(last_pid, getpid());
}

static void t_mask_pending(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    block(SIG_BLOCK, SIGUSR1);
    SYS(raise(SIGUSR1));
    SYS(raise(SIGUSR1));        /* standard signals do not queue */
    CHECK_EQ(hits[SIGUSR1], 0);
    sigset_t p;
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGUSR1), 1);
    CHECK_EQ(sigismember(&p, SIGUSR2), 0);
    /* SIGKILL cannot be blocked: it does not show in the mask. */
    sigset_t all, now;
    sigfillset(&all);
    SYS(sigprocmask(SIG_BLOCK, &all, &now));
    SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK_EQ(sigismember(&now, SIGKILL), 0);
    CHECK_EQ(sigismember(&now, SIGTERM), 1);
    sigemptyset(&all);
    SYS(sigprocmask(SIG_SETMASK, &all, NULL));     /* delivered before it returns */
    CHECK_EQ(hits[SIGUSR1], 1);
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGUSR1), 0);
    EXPECT_ERR(sigprocmask(99, &all, NULL), EINVAL);
}

/* A blocked deadly signal stays pending, and kills once unblocked. */
static void t_blocked_deadly(long arg)
{
    (void)arg;
    block(SIG_BLOCK, SIGTERM);
    SYS(raise(SIGTERM));
    sigset_t p;
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGTERM), 1);
    block(SIG_UNBLOCK, SIGTERM);
    FAIL("survived an unblocked SIGTERM");
}

/* Ignoring a pending signal discards it. */
static void t_ignore_discards(long arg)
{
    (void)arg;
    block(SIG_BLOCK, SIGUSR1);
    SYS(raise(SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    sigset_t p;
    SYS(sigpending(&p));
    CHECK_EQ(sigismember(&p, SIGUSR1), 0);
    block(SIG_UNBLOCK, SIGUSR1);
}

static void t_sigsuspend(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    block(SIG_BLOCK, SIGUSR1);
    pid_t parent = getpid();
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        kill(parent, SIGUSR1);
        _exit(0);
    }
    sigset_t none;
    sigemptyset(&none);
    EXPECT_ERR(sigsuspend(&none), EINTR);
    CHECK_EQ(hits[SIGUSR1], 1);
    sigset_t now;
    SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK_EQ(sigismember(&now, SIGUSR1), 1);       /* the old mask is back */
    int st;
    SYS(waitpid(pid, &st, 0));
}

/* A child that sends SIGUSR1 to its parent every 20 ms, n times, then
 * writes "x" to fd (if fd >= 0). */
static pid_t pester(int n, int fd)
{
    pid_t parent = getpid();
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        for (int i = 0; i < n; i++) {
            sleep_ms(20);
            if (kill(parent, SIGUSR1) < 0)
                _exit(0);
        }
        if (fd >= 0 && write(fd, "x", 1) != 1)
            _exit(1);
        _exit(0);
    }
    return pid;
}

static void t_eintr_pipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    on(SIGUSR1, count, 0);
    pid_t pid = pester(1000, -1);
    char c;
    EXPECT_ERR(read(p[0], &c, 1), EINTR);
    CHECK(hits[SIGUSR1] >= 1);
    kill(pid, SIGKILL);
    SYS(waitpid(pid, NULL, 0));
}

static void t_restart_pipe(long arg)
{
    (void)arg;
    int p[2];
    SYS(pipe(p));
    on(SIGUSR1, count, SA_RESTART);
    pid_t pid = pester(5, p[1]);
    char c = 0;
    CHECK_EQ(read(p[0], &c, 1), 1);     /* never EINTR: restarted after each handler */
    CHECK_EQ(c, 'x');
    CHECK_EQ(hits[SIGUSR1], 5);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

/* waitpid restarts under SA_RESTART and fails with EINTR without. */
static void t_wait_restart(long arg)
{
    int flags = arg ? SA_RESTART : 0;
    on(SIGUSR1, count, flags);
    int p[2];
    SYS(pipe(p));
    pid_t pid = pester(5, -1);
    int st;
    if (arg) {
        CHECK_EQ(waitpid(pid, &st, 0), pid);
        CHECK_EQ(hits[SIGUSR1], 5);
    } else {
        EXPECT_ERR(waitpid(pid, &st, 0), EINTR);
        SYS(kill(pid, SIGKILL));
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
}

/* nanosleep and pause fail with EINTR even under SA_RESTART. */
static void t_sleep_eintr(long arg)
{
    (void)arg;
    on(SIGUSR1, count, SA_RESTART);
    pid_t pid = pester(1000, -1);
    struct timespec ts = { 30, 0 }, rem;
    EXPECT_ERR(nanosleep(&ts, &rem), EINTR);
    CHECK(rem.tv_sec <= 30);
    EXPECT_ERR(pause(), EINTR);
    kill(pid, SIGKILL);
    SYS(waitpid(pid, NULL, 0));
}

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

static void usr1_raises_usr2(int sig)
{
    count(sig);
    raise(SIGUSR2);                     /* runs now: nested */
    count(sig);
}

static void t_nested(long arg)
{
    (void)arg;
    on(SIGUSR2, count, 0);
    on(SIGUSR1, usr1_raises_usr2, 0);
    SYS(raise(SIGUSR1));
    CHECK_EQ(norder, 3);
    CHECK_EQ(order[0], SIGUSR1);
    CHECK_EQ(order[1], SIGUSR2);
    CHECK_EQ(order[2], SIGUSR1);
}

static void reraise(int sig)
{
    count(sig);
    if (hits[sig] == 1)
        raise(sig);                     /* nested with SA_NODEFER, else after this returns */
    count(-sig > 0 ? 0 : 0);
}

static void t_nodefer(long arg)
{
    on(SIGUSR1, reraise, arg ? SA_NODEFER : 0);
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 2);
    CHECK_EQ(norder, 4);
    /* order: with NODEFER USR1 USR1 0 0 (nested), without USR1 0 USR1 0. */
    CHECK_EQ(order[1], arg ? SIGUSR1 : 0);
    CHECK_EQ(order[2], arg ? 0 : SIGUSR1);
}

/* sa_mask is blocked while the handler runs. */
static void usr1_checks_mask(int sig)
{
    count(sig);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    if (!sigismember(&now, SIGUSR2) || !sigismember(&now, SIGUSR1))
        _exit(5);
    raise(SIGUSR2);                     /* held until the handler returns */
    if (hits[SIGUSR2])
        _exit(6);
}

static void t_sa_mask(long arg)
{
    (void)arg;
    on(SIGUSR2, count, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = usr1_checks_mask;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    SYS(sigaction(SIGUSR1, &sa, NULL));
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    CHECK_EQ(hits[SIGUSR2], 1);
    sigset_t now;
    SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK_EQ(sigismember(&now, SIGUSR2), 0);
}

static void t_resethand(long arg)
{
    (void)arg;
    on(SIGUSR1, count, SA_RESETHAND);
    SYS(raise(SIGUSR1));
    CHECK_EQ(hits[SIGUSR1], 1);
    struct sigaction old;
    SYS(sigaction(SIGUSR1, NULL, &old));
    CHECK(old.sa_handler == SIG_DFL);
    SYS(raise(SIGUSR1));                /* now deadly */
    FAIL("survived SIGUSR1 after SA_RESETHAND");
}

static void t_sigchld(long arg)
{
    (void)arg;
    on_info(SIGCHLD, 0);
    block(SIG_BLOCK, SIGCHLD);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(7);
    sigset_t none;
    sigemptyset(&none);
    while (!hits[SIGCHLD])
        sigsuspend(&none);
    CHECK_EQ(last_code, CLD_EXITED);
    CHECK_EQ(last_pid, pid);
    CHECK_EQ(last_status, 7);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
    /* Killed: CLD_KILLED with the signal. */
    hits[SIGCHLD] = 0;
    pid = (pid_t)SYS(fork());
    if (pid == 0) {
        for (;;)
            pause();
    }
    SYS(kill(pid, SIGTERM));
    while (!hits[SIGCHLD])
        sigsuspend(&none);
    CHECK_EQ(last_code, CLD_KILLED);
    CHECK_EQ(last_status, SIGTERM);
    SYS(waitpid(pid, &st, 0));
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
}

/* SIGCHLD by default does nothing: a sleeping parent is not woken. */
static void t_sigchld_default(long arg)
{
    (void)arg;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(0);
    sleep_ms(100);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

static void t_alarm(long arg)
{
    (void)arg;
    on(SIGALRM, count, 0);
    CHECK_EQ(alarm(1), 0);
    EXPECT_ERR(pause(), EINTR);
    CHECK_EQ(hits[SIGALRM], 1);
    CHECK_EQ(alarm(100), 0);
    unsigned left = alarm(0);           /* cancelled: the remaining time */
    CHECK(left >= 99 && left <= 100);
    CHECK_EQ(alarm(0), 0);
}

/* An alarm ends a blocking read too (EINTR without SA_RESTART). */
static void t_alarm_read(long arg)
{
    (void)arg;
    on(SIGALRM, count, 0);
    int p[2];
    SYS(pipe(p));
    alarm(1);
    char c;
    EXPECT_ERR(read(p[0], &c, 1), EINTR);
    CHECK_EQ(hits[SIGALRM], 1);
}

/* Without a handler, SIGALRM kills. */
static void t_alarm_kills(long arg)
{
    (void)arg;
    alarm(1);
    for (;;)
        pause();
}

/* exec: the handler goes back to SIG_DFL, SIG_IGN stays. */
static void t_exec_resets(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    signal(SIGUSR2, SIG_IGN);
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        char *argv[] = { "sh", "-c", "kill -USR2 $$; kill -USR1 $$; exit 3", NULL };
        execv("/bin/sh", argv);
        _exit(99);
    }
    int st;
    SYS(waitpid(pid, &st, 0));
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGUSR1)
        FAIL("status 0x%x, expected death by SIGUSR1", st);
}

/* fork: handlers and mask are inherited, pending signals are not. */
static void t_fork_inherits(long arg)
{
    (void)arg;
    on(SIGUSR1, count, 0);
    block(SIG_BLOCK, SIGUSR2);
    SYS(raise(SIGUSR2));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        sigset_t p, m;
        sigpending(&p);
        sigprocmask(SIG_BLOCK, NULL, &m);
        if (sigismember(&p, SIGUSR2) || !sigismember(&m, SIGUSR2))
            _exit(1);
        raise(SIGUSR1);
        _exit(hits[SIGUSR1] == 1 ? 0 : 2);
    }
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
    signal(SIGUSR2, SIG_IGN);
}

/* A child spinning in user mode takes a signal sent from another process
 * (on another CPU when there are several). */
static volatile int stop_spinning;
static void stop_handler(int sig)
{
    (void)sig;
    stop_spinning = 1;
}

static void t_deliver_running(long arg)
{
    (void)arg;
    for (int round = 0; round < 4; round++) {
        pid_t pid = (pid_t)SYS(fork());
        if (pid == 0) {
            on(SIGUSR1, stop_handler, 0);
            while (!stop_spinning)
                ;
            _exit(0);
        }
        sleep_ms(30);
        int st;
        /* the handler may not be installed yet: keep sending */
        for (;;) {
            SYS(kill(pid, SIGUSR1));
            sleep_ms(20);
            pid_t r = waitpid(pid, &st, WNOHANG);
            if (r == pid)
                break;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            FAIL("round %d: status 0x%x", round, st);
    }
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
    { "signal: a handler runs for raise and kill; signal() installs one", t_handler_runs, 0, 0, 0, NULL },
    { "signal: SA_SIGINFO gets si_signo, si_code SI_USER, si_pid", t_siginfo, 0, 0, 0, NULL },
    { "signal: a blocked signal stays pending, runs once when unblocked", t_mask_pending, 0, 0, 0, NULL },
    { "signal: a blocked deadly signal kills when unblocked", t_blocked_deadly, 0, SIGTERM, 0, NULL },
    { "signal: ignoring a pending signal discards it", t_ignore_discards, 0, 0, 0, NULL },
    { "signal: sigsuspend waits with its mask, EINTR, old mask back", t_sigsuspend, 0, 0, 0, NULL },
    { "signal: a pipe read interrupted by a handler fails with EINTR", t_eintr_pipe, 0, 0, 60, NULL },
    { "signal: under SA_RESTART the pipe read restarts", t_restart_pipe, 0, 0, 60, NULL },
    { "signal: waitpid interrupted without SA_RESTART: EINTR", t_wait_restart, 0, 0, 60, NULL },
    { "signal: waitpid under SA_RESTART restarts", t_wait_restart, 1, 0, 60, NULL },
    { "signal: nanosleep and pause fail with EINTR even under SA_RESTART", t_sleep_eintr, 0, 0, 60, NULL },
    { "signal: a SIGSEGV handler maps the page at si_addr and the access retries", t_segv_maps_page, 0, 0, 0, NULL },
    { "signal: a write to read-only memory is SEGV_ACCERR at si_addr", t_segv_accerr, 0, 0, 0, NULL },
    { "signal: a SIGBUS handler gets BUS_ADRERR and the address past a file's end", t_sigbus, 0, 0, 0, NULL },
    { "signal: a fault with SIGSEGV blocked kills", t_segv_blocked_kills, 0, SIGSEGV, 0, NULL },
    { "signal: a signal raised in a handler nests", t_nested, 0, 0, 0, NULL },
    { "signal: without SA_NODEFER a re-raise waits for the handler's return", t_nodefer, 0, 0, 0, NULL },
    { "signal: with SA_NODEFER a re-raise nests", t_nodefer, 1, 0, 0, NULL },
    { "signal: sa_mask is blocked while the handler runs", t_sa_mask, 0, 0, 0, NULL },
    { "signal: SA_RESETHAND: the second one is deadly", t_resethand, 0, SIGUSR1, 0, NULL },
    { "signal: SIGCHLD with si_pid, CLD_EXITED/CLD_KILLED and si_status", t_sigchld, 0, 0, 60, NULL },
    { "signal: SIGCHLD by default does nothing", t_sigchld_default, 0, 0, 0, NULL },
    { "signal: alarm ends pause with SIGALRM; alarm(0) tells the time left", t_alarm, 0, 0, 60, NULL },
    { "signal: an alarm interrupts a blocking pipe read", t_alarm_read, 0, 0, 60, NULL },
    { "signal: an alarm without a handler kills with SIGALRM", t_alarm_kills, 0, SIGALRM, 60, NULL },
    { "signal: exec resets handlers to SIG_DFL, SIG_IGN stays", t_exec_resets, 0, 0, 60, NULL },
    { "signal: fork inherits handlers and mask, not pending signals", t_fork_inherits, 0, 0, 0, NULL },
    { "signal: a process spinning in user mode takes a signal from another", t_deliver_running, 0, 0, 60, NULL },
    { "signal: the FPU/SSE state survives a handler, which starts clean", t_fpu_kept, 0, 0, 0, NULL },
#ifdef __shmos__
    { "signal: a handler's change to the saved registers (REG_EIP, REG_EAX) takes effect",
      t_ucontext_edit, 0, 0, 0, NULL },
#endif
#ifdef __shmos__
    { "signal: sigreturn refuses a forged kernel code selector", t_forged_frame, 1, SIGSEGV, 0, NULL },
    { "signal: sigreturn refuses a forged kernel stack selector", t_forged_frame, 2, SIGSEGV, 0, NULL },
    { "signal: sigreturn refuses a forged kernel eip", t_forged_frame, 3, SIGSEGV, 0, NULL },
    { "signal: sigreturn refuses a forged kernel data selector", t_forged_frame, 4, SIGSEGV, 0, NULL },
    { "signal: sigreturn keeps IOPL 0 and clears NT and VM", t_forged_frame, 5, 0, 0, NULL },
    { "signal: sigreturn refuses another GDT selector in gs", t_forged_frame, 6, SIGSEGV, 0, NULL },
    { "signal: sigreturn without a frame kills", t_sigreturn_garbage, 0, SIGSEGV, 0, NULL },
#endif
};
TEST_GROUP(65, tests);
