/* The 16550 UART on COM1: the serial console. Output polls the transmit
 * register; input raises IRQ 4 and goes to the console line discipline. */
#include "x86/uart.h"
#include "arch.h"
#include "entry.h"
#include "x86/mmu.h"
#include "x86/pic.h"
#include "x86/x86.h"

#define COM1 0x3F8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

static bool uart_present;       /* [I] after uart_init */

void uart_init(void)
{
    outb(COM1 + UART_FCR, 0x07);          /* enable and clear FIFOs */
    outb(COM1 + UART_LCR, 0x80);          /* DLAB: set divisor */
    outb(COM1 + UART_DATA, 1);            /* 115200 baud */
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, 0x03);          /* 8 bits, no parity, 1 stop */
    outb(COM1 + UART_MCR, 0x0B);          /* DTR, RTS, OUT2 (IRQ enable) */
    if (inb(COM1 + UART_LSR) == 0xFF)
        return;                           /* no UART */
    uart_present = true;
    outb(COM1 + UART_IER, 0x01);          /* interrupt on received data */
    (void)inb(COM1 + UART_DATA);
    pic_enable(IRQ_COM1);
}

static void uart_send(int c)
{
    for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
        cpu_relax();
    outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_putc(int c)
{
    if (!uart_present)
        return;
    if (c == '\n')
        uart_send('\r');
    uart_send(c);
}

void uart_intr(void)
{
    while (inb(COM1 + UART_LSR) & LSR_DATA_READY)
        kernel_console_input(inb(COM1 + UART_DATA));
}
