/* The PC devices shmos drives: 8259 PIC, 8254 PIT, 16550 UART, power-off. */
#ifndef KERNEL_X86_DEVICES_H
#define KERNEL_X86_DEVICES_H
#include "types.h"

void pic_init(void);                 /* remap IRQs to T_IRQ0.., all masked */
void pic_enable(int irq);
void pic_eoi(int irq);

#define TIMER_HZ 100
void timer_init(void);               /* PIT at TIMER_HZ on IRQ 0; calibrates the TSC */
uint64_t time_ns(void);              /* nanoseconds since boot (TSC-based) */
void timer_tick(void);               /* time.c: count a tick, wake sleepers (CPU 0's timer IRQ) */

void uart_init(void);                /* COM1, 115200 8N1, receive interrupts on */
void uart_putc(int c);               /* blocking; '\n' is sent as "\r\n" */
void uart_intr(void);                /* IRQ 4: feeds received bytes to console_input() */

void lapic_send_ipi(int cpu, int vector);   /* to cpus[cpu] */

/* Stop the machine; QEMU exits with status (status << 1) | 1 through
 * isa-debug-exit, else ACPI power-off, else halt. */
NORETURN void machine_poweroff(int status);
#endif
