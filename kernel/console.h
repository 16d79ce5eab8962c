/* The serial console as a file (console.c): output to the port's serial
 * line, input through a line discipline. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
struct file;
/* Called from the serial interrupt with each byte received. */
void console_input(int c);
/* A new readable and writable console file (one reference), or NULL. */
struct file *console_open(void);
#endif
