/* The kernel's function symbols, linked into it (scripts/genksyms.sh), so
 * that a panic's backtrace names functions. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H
#include "types.h"

/* The function of the kernel whose code holds pc: its name, and pc's
 * offset from its start in *offset. NULL (and *offset untouched) when pc
 * is not in the kernel's code or the table is empty. */
const char *ksym_lookup(uintptr_t pc, uintptr_t *offset);

/* Formats pc into buf as "0xc0101234 name+0x1c" (or the bare address when
 * ksym_lookup knows no name); returns buf. */
char *ksym_format(char *buf, size_t size, uintptr_t pc);

#endif
