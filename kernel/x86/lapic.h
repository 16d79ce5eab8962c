/* The local APIC of each CPU (lapic.c). All but lapic_setup act on the
 * calling CPU's APIC. */
#ifndef KERNEL_X86_LAPIC_H
#define KERNEL_X86_LAPIC_H
#include "types.h"
bool lapic_setup(paddr_t pa);        /* base address (in the window); false if no APIC */
uint8_t lapic_id(void);
void lapic_init_cpu(bool boot_cpu);  /* enable, spurious vector, LVTs masked, timer stopped */
/* Boot CPU, after the TSC: measure the APIC timer against it and start this
 * CPU's periodic TIMER_HZ tick. Returns the timer's input clock in Hz. */
uint64_t lapic_timer_calibrate(void);
void lapic_timer_start(void);        /* periodic TIMER_HZ tick (after calibration) */
/* One timer interrupt, at least ns from now (instead of the periodic
 * tick; a deadline beyond 10 s comes as an early interrupt at 10 s). */
void lapic_timer_oneshot(uint64_t ns);
void lapic_timer_stop(void);         /* no timer interrupt until restarted */
void lapic_eoi(void);
/* Fixed-delivery IPI with the given vector to cpus[cpu]; a no-op unless
 * smp_apic_mode(). Any context, interrupts on or off. */
void lapic_send_ipi(int cpu, int vector);
void lapic_send_init(uint8_t apic_id);               /* INIT assert + de-assert */
void lapic_send_startup(uint8_t apic_id, uint32_t pa);   /* SIPI: start at pa (page aligned, < 1 MiB) */
/* Does this machine need the MP spec's full 10 ms wait after INIT? Only
 * a discrete 82489DX APIC or a CPU older than the P6 family does. */
bool lapic_legacy_startup(void);
#endif
