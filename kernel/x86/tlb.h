/* TLB shootdown: invalidate other CPUs' cached translations of an address
 * space before the pages behind them can be reused. */
#ifndef KERNEL_X86_TLB_H
#define KERNEL_X86_TLB_H
#include "types.h"
struct addrspace;
/* Make sure no CPU but this one caches translations of as: flush every
 * other CPU in as->cpumask and wait for each to confirm. Call after editing
 * as's page tables (this CPU's own TLB is the caller's business, e.g.
 * invlpg) and before reusing the pages. Any context; may spin. */
void tlb_shootdown(struct addrspace *as);
/* How many flush requests this boot has sent to other CPUs. */
uint32_t tlb_shootdown_count(void);
/* The T_IPI_TLB handler (interrupts off): flush this CPU's TLB and ack. */
void tlb_ipi(void);
/* Serve a pending flush request, if any: called while spinning with
 * interrupts off, so a CPU waiting for a lock still answers. */
void tlb_poll(void);
#endif
