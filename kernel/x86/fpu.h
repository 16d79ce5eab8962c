/* x87/SSE set-up (fpu.c); saving and restoring are in kernel/arch.h. */
#ifndef KERNEL_X86_FPU_H
#define KERNEL_X86_FPU_H
/* Enable fxsave/SSE on this CPU; the first call records fpu_initial_state. */
void fpu_init_cpu(void);
#endif
