/* The boot CPU's first C code (start.c), called by boot.S. */
#ifndef KERNEL_X86_START_H
#define KERNEL_X86_START_H
#include <stdint.h>
void kmain(uint32_t magic, uint32_t mbi_pa);
#endif
