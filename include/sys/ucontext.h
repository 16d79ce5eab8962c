/* The third argument of an SA_SIGINFO handler (glibc's i386 names over
 * the kernel's frame, struct shmos_ucontext): uc->uc_mcontext.gregs[REG_EIP]
 * is where the signal came; a handler may change the registers, and
 * sigreturn restores them (user selectors and flags only: see
 * docs/architecture.md). */
#ifndef _SYS_UCONTEXT_H
#define _SYS_UCONTEXT_H
#include <signal.h>

typedef int greg_t;
#define NGREG 19
typedef greg_t gregset_t[NGREG];
enum {
    REG_GS, REG_FS, REG_ES, REG_DS, REG_EDI, REG_ESI, REG_EBP, REG_ESP, REG_EBX, REG_EDX,
    REG_ECX, REG_EAX, REG_TRAPNO, REG_ERR, REG_EIP, REG_CS, REG_EFL, REG_UESP, REG_SS,
};

typedef struct {
    void *ss_sp;
    int ss_flags;
    size_t ss_size;
} stack_t;

typedef struct {
    gregset_t gregs;
    void *fpregs;               /* the frame's fxsave image */
    unsigned long oldmask, cr2;
} mcontext_t;

typedef struct ucontext_t {
    unsigned long uc_flags;
    struct ucontext_t *uc_link;
    stack_t uc_stack;           /* no alternate stacks: all 0 */
    mcontext_t uc_mcontext;
    sigset_t uc_sigmask;        /* the mask sigreturn restores */
} ucontext_t;

_Static_assert(sizeof(ucontext_t) + 4 == sizeof(struct shmos_ucontext), "ucontext layout");
#endif
