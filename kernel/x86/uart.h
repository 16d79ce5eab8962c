/* The 16550 UART on COM1 (uart.c): the serial console. serial_putc is in
 * kernel/arch.h. */
#ifndef KERNEL_X86_UART_H
#define KERNEL_X86_UART_H
void uart_init(void);                /* COM1, 115200 8N1, receive interrupts on */
void uart_intr(void);                /* IRQ 4: feeds received bytes to the console */
#endif
