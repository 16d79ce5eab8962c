/* Several CPUs (smp.c, apboot.S). cpus_start and cpu_stop_others are in
 * kernel/arch.h. */
#ifndef KERNEL_X86_SMP_H
#define KERNEL_X86_SMP_H
#include "types.h"
/* Boot CPU, after kvm_init and idt_load: read the MADT and, if it and the
 * APICs are usable, switch interrupts to the APICs (else keep the 8259). */
void smp_init(void);
/* Are the APICs in use? If not, there is one CPU and no IPI may be sent. */
bool smp_apic_mode(void);
/* First C code of an application processor (from apboot.S). */
NORETURN void ap_main(void);
extern char ap_boot_start[], ap_boot_end[];     /* the real-mode trampoline */
extern volatile uint32_t ap_boot_stack;         /* the stack offered to the next AP */
#endif
