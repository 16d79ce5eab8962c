/* The clocks (timer.c): the TSC for clock_ns() (kernel/arch.h), and the
 * tick source, the PIT or every CPU's local APIC timer. */
#ifndef KERNEL_X86_TIMER_H
#define KERNEL_X86_TIMER_H
#define TIMER_HZ 100
/* Calibrate the TSC; then TIMER_HZ ticks on IRQ 0 from the PIT, or in APIC
 * mode from this CPU's local APIC timer (calibrated here for all CPUs). */
void timer_init(void);
#endif
