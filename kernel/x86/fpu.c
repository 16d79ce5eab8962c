/* x87/SSE state. The kernel never uses these registers (-mno-sse
 * -mno-80387), so a process's values stay live in the CPU while it is in the
 * kernel and are saved only when it is switched out. */
#include "x86/fpu.h"
#include "lib.h"
#include "arch.h"
#include "x86/mmu.h"
#include "x86/x86.h"

struct fpu_state fpu_initial_state;

/* Enable fxsave/SSE on this CPU; on the first CPU, record the clean state
 * that every new process starts from. */
void fpu_init_cpu(void)
{
    lcr0((rcr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    lcr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    __asm__ volatile("fninit");
    static bool captured;
    if (!captured) {
        fpu_save(&fpu_initial_state);
        captured = true;
    }
}

/* fxsave layout: MXCSR at byte 24, MXCSR_MASK at 28 (0 means 0xFFBF). */
void fpu_sanitize(struct fpu_state *s)
{
    uint32_t mask, mxcsr;
    memcpy(&mask, &fpu_initial_state.area[28], 4);
    if (!mask)
        mask = 0xFFBF;
    memcpy(&mxcsr, &s->area[24], 4);
    mxcsr &= mask;
    memcpy(&s->area[24], &mxcsr, 4);
}

void fpu_save(struct fpu_state *s) { __asm__ volatile("fxsave %0" : "=m"(*s)); }
void fpu_restore(const struct fpu_state *s) { __asm__ volatile("fxrstor %0" : : "m"(*s)); }
