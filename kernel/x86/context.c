/* Kernel stacks and register frames: how a new process's kernel stack is
 * laid out, how a user frame is set up for a new image or thread, and the
 * frame-pointer walk of a backtrace. */
#include "arch.h"
#include "lib.h"
#include "x86/mmu.h"
#include "x86/trap.h"

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

int backtrace_pcs(uintptr_t *pcs, int max)
{
    uint32_t *ebp;
    __asm__ volatile("movl %%ebp, %0" : "=r"(ebp));
    int n = 0;
    while (n < max && (uint32_t)ebp >= KERNBASE && ((uint32_t)ebp & 3) == 0) {
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
