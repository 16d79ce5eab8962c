/* Kernel stacks and register frames: how a new process's kernel stack is
 * laid out, how a user frame is set up for a new image or thread, and the
 * frame-pointer walk of a backtrace. */
#include "arch.h"
#include "lib.h"
#include "x86/mmu.h"
#include "x86/sysenter.h"
#include "x86/trap.h"
#include "shmos/signal.h"

/* The flags a signal frame may set (Linux's FIX_EFLAGS without NT, which
 * would make iret switch tasks, and RF): CF PF AF ZF SF TF DF OF AC ID.
 * IF is always on, IOPL always 0. */
#define FL_USER_SETTABLE 0x00240DD5u

struct trapframe *kstack_init(char *kstack, size_t size, void (*first)(void), struct context **ctx)
{
    char *sp = kstack + size;
    sp -= sizeof(struct trapframe);
    struct trapframe *tf = (struct trapframe *)sp;
    memset(tf, 0, sizeof(*tf));
    sp -= sizeof(uint32_t);
    *(uint32_t *)sp = (uint32_t)trap_return;      /* first() returns here */
    sp -= sizeof(struct context);
    *ctx = (struct context *)sp;
    memset(*ctx, 0, sizeof(**ctx));
    (*ctx)->eip = (uint32_t)first;
    return tf;
}

void tf_init_user(struct trapframe *tf, uaddr_t pc, uaddr_t sp)
{
    memset(tf, 0, sizeof(*tf));
    tf->cs = UCODE_SEL;
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = UDATA_SEL;
    tf->eflags = FL_IF;                /* a new image starts clean (DF, TF, AC... clear) */
    tf->eip = pc;
    tf->esp = sp;
}

void tf_set_entry(struct trapframe *tf, uaddr_t pc, uaddr_t sp)
{
    tf->eip = pc;
    tf->esp = sp;
}

void tf_set_result(struct trapframe *tf, uint32_t value)
{
    tf->eax = value;
}

void tf_syscall_args(const struct trapframe *tf, uint32_t args[6])
{
    args[0] = tf->ebx;
    args[1] = tf->ecx;
    args[2] = tf->edx;
    args[3] = tf->esi;
    args[4] = tf->edi;
    args[5] = tf->ebp;
}

uaddr_t tf_user_sp(const struct trapframe *tf)
{
    return tf->esp;
}

void tf_to_sigcontext(const struct trapframe *tf, struct shmos_sigcontext *sc)
{
    sc->gs = tf->gs;
    sc->fs = tf->fs;
    sc->es = tf->es;
    sc->ds = tf->ds;
    sc->edi = tf->edi;
    sc->esi = tf->esi;
    sc->ebp = tf->ebp;
    sc->esp = tf->esp;
    sc->ebx = tf->ebx;
    sc->edx = tf->edx;
    sc->ecx = tf->ecx;
    sc->eax = tf->eax;
    sc->trapno = tf->trapno;
    sc->err = tf->err == TF_SYSENTER ? 0 : tf->err;
    sc->eip = tf->eip;
    sc->cs = tf->cs;
    sc->eflags = tf->eflags;
    sc->esp_at_signal = tf->esp;
    sc->ss = tf->ss;
}

/* A data segment register user mode may hold: its flat segment, its
 * thread's TLS segment, or null. */
static bool user_data_sel(uint32_t sel)
{
    return sel == UDATA_SEL || sel == UTLS_SEL || (sel & ~3u) == 0;
}

bool tf_from_sigcontext(struct trapframe *tf, const struct shmos_sigcontext *sc)
{
    if (sc->cs != UCODE_SEL || sc->ss != UDATA_SEL || !user_data_sel(sc->ds) ||
        !user_data_sel(sc->es) || !user_data_sel(sc->fs) || !user_data_sel(sc->gs) ||
        sc->eip >= USER_TOP)
        return false;
    tf->gs = sc->gs;
    tf->fs = sc->fs;
    tf->es = sc->es;
    tf->ds = sc->ds;
    tf->edi = sc->edi;
    tf->esi = sc->esi;
    tf->ebp = sc->ebp;
    tf->esp = sc->esp;
    tf->ebx = sc->ebx;
    tf->edx = sc->edx;
    tf->ecx = sc->ecx;
    tf->eax = sc->eax;
    tf->eip = sc->eip;
    tf->cs = UCODE_SEL;
    tf->ss = UDATA_SEL;
    tf->eflags = (sc->eflags & FL_USER_SETTABLE) | FL_IF | FL_FIXED;
    tf->err = 0;                        /* not TF_SYSENTER: every register goes back by iret */
    return true;
}

void tf_set_handler(struct trapframe *tf, uaddr_t pc, uaddr_t sp, uint32_t a0, uint32_t a1,
                    uint32_t a2)
{
    tf->eip = pc;
    tf->esp = sp;
    tf->eax = a0;
    tf->edx = a1;
    tf->ecx = a2;
    tf->cs = UCODE_SEL;
    tf->ss = tf->ds = tf->es = UDATA_SEL;
    tf->eflags = (tf->eflags & ~(FL_TF | FL_DF)) | FL_IF | FL_FIXED;
    tf->err = 0;                        /* leave by iret: sysexit would clobber ecx and edx */
}

void sigframe_retcode(uint8_t code[8], uint32_t nr)
{
    code[0] = 0xb8;                     /* movl $nr, %eax */
    memcpy(&code[1], &nr, 4);
    code[5] = 0xcd;                     /* int $0x80 */
    code[6] = 0x80;
    code[7] = 0x90;                     /* nop */
}

int backtrace_pcs(uintptr_t *pcs, int max)
{
    uint32_t *ebp;
    __asm__ volatile("movl %%ebp, %0" : "=r"(ebp));
    int n = 0;
    while (n < max && (uint32_t)ebp >= KERNBASE && ((uint32_t)ebp & 3) == 0 && ebp[1]) {
        pcs[n++] = ebp[1];
        if (ebp[1] == (uint32_t)trap_called && n < max) {
            /* trap(tf) called from trap_common: through a kernel-mode
             * frame, on to the code the trap interrupted (a user-mode
             * frame ends the kernel's chain). */
            const struct trapframe *tf = (const struct trapframe *)ebp[2];
            if ((uint32_t)tf < KERNBASE || (tf->cs & 3) != 0)
                break;
            pcs[n++] = tf->eip;
            ebp = (uint32_t *)tf->ebp;
            continue;
        }
        ebp = (uint32_t *)ebp[0];
    }
    return n;
}
