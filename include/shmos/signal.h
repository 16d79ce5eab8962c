/* Signals: Linux's i386 numbers, flags and frame layout (kernel/signal.c
 * delivers them). A signal's action is its default (terminate, or nothing
 * for SIG_DEFAULT_IGNORED), ignored, or a handler the kernel calls on the
 * user stack through a struct shmos_sigframe; the handler's return goes
 * to the restorer, which calls sigreturn. Faults raise SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE or SIGTRAP. */
#ifndef SHMOS_SIGNAL_H
#define SHMOS_SIGNAL_H
#include <stdint.h>
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGIOT   SIGABRT
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG  23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO   29
#define SIGPOLL SIGIO
#define SIGPWR  30
#define SIGSYS  31
#define NSIG    32              /* signals are 1..NSIG-1 */
/* A signal's bit in a set (sigset_t, masks, pending sets): Linux's. */
#define SIG_BIT(sig) (1u << ((sig) - 1))
/* Signals whose default action does nothing once delivered (SIGCONT's
 * work, continuing a stopped process, is done when it is sent). */
#define SIG_DEFAULT_IGNORED (SIG_BIT(SIGCHLD) | SIG_BIT(SIGURG) | SIG_BIT(SIGWINCH) | \
                             SIG_BIT(SIGCONT))
/* Signals whose default action stops the process (SIGSTOP always). */
#define SIG_STOPPING (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))
/* Signals no process can catch, block or ignore. */
#define SIG_UNCATCHABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

/* sa_flags (Linux's values). */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000
#define SA_RESTORER  0x04000000     /* the restorer field is set (libc always sets it) */

/* sigprocmask's how. */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* si_code values (Linux's). */
#define SI_USER      0              /* kill, raise */
#define SI_KERNEL    0x80
#define SEGV_MAPERR  1              /* no mapping at si_addr */
#define SEGV_ACCERR  2              /* a mapping, but not this access */
#define BUS_ADRERR   2              /* past the end of the object mapped */
#define ILL_ILLOPC   1
#define FPE_INTDIV   1
#define TRAP_BRKPT   1
#define CLD_EXITED   1
#define CLD_KILLED   2
#define CLD_STOPPED  5
#define CLD_CONTINUED 6
#define CLD_DUMPED   3

/* What sigaction passes the kernel (the __sigaction call). handler 0 is
 * SIG_DFL, 1 SIG_IGN; restorer is where a handler returns to. */
struct shmos_sigaction {
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    uint32_t mask;
};

/* Linux's i386 siginfo_t layout (128 bytes); <signal.h> gives it its POSIX
 * types. */
struct shmos_siginfo {
    int32_t si_signo, si_errno, si_code;
    union {
        struct {
            int32_t si_pid;
            uint32_t si_uid;
            int32_t si_status;      /* SIGCHLD: the exit status or the signal */
        } kill;
        uint32_t si_addr;           /* faults: the address */
    } u;
    int32_t pad[29];
};

/* Linux's i386 struct sigcontext: the registers at the signal, in the
 * order of glibc's gregs[] (REG_GS ... REG_SS). */
struct shmos_sigcontext {
    uint32_t gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss;
    uint32_t fpstate;               /* user address of the frame's fxsave area */
    uint32_t oldmask, cr2;
};

/* Linux's i386 kernel ucontext, up to its signal mask. */
struct shmos_ucontext {
    uint32_t uc_flags;
    uint32_t uc_link;
    uint32_t ss_sp, ss_flags, ss_size;  /* uc_stack: no alternate stacks (all 0) */
    struct shmos_sigcontext uc_mcontext;
    uint32_t uc_sigmask;            /* the mask to restore at sigreturn */
    uint32_t uc_sigmask_hi;         /* (Linux's kernel sigset is 64 bits) */
};

/* The frame the kernel writes below the interrupted stack pointer. The
 * handler starts with esp = &ret, so ret is its return address and
 * signo, pinfo, puc its three arguments; sigreturn finds the frame at
 * esp - 4 (the handler's ret popped ret). Only ucontext and fpstate are
 * read back, and checked. */
struct shmos_sigframe {
    uint32_t ret;                   /* the restorer (or retcode below) */
    int32_t signo;
    uint32_t pinfo, puc;            /* &info, &uc */
    struct shmos_siginfo info;
    struct shmos_ucontext uc;
    uint32_t restart;               /* system call to restart at sigreturn + 1; 0: none */
    uint8_t retcode[8];             /* movl $SYS_sigreturn, %eax; int $0x80 */
    uint8_t fpstate[512] __attribute__((aligned(16)));  /* fxsave image */
};
#endif
