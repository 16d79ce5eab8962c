/* TLB shootdown (tlb.c): the rest of its interface is in kernel/arch.h. */
#ifndef KERNEL_X86_TLB_H
#define KERNEL_X86_TLB_H
/* The T_IPI_TLB handler (interrupts off): flush this CPU's TLB and ack. */
void tlb_ipi(void);
#endif
