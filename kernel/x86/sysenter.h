/* The sysenter/sysexit system-call path (sysenter.c, and its entry stub in
 * trapentry.S). The user side of the convention, as libc/syscall.S
 * follows it: eax = number, ebx ecx edx esi edi = arguments 1-5, and ebp =
 * the user stack pointer, where [ebp] is the address to return to and
 * [ebp + 4] the sixth argument (the ebp the caller gets back); the call
 * returns at [ebp] with esp = ebp + 8, eax = result, ecx and edx
 * clobbered, every other register as it was. The trap frame is the one
 * `int $0x80` at the return address would have built. */
#ifndef KERNEL_X86_SYSENTER_H
#define KERNEL_X86_SYSENTER_H

/* struct trapframe offsets the entry stub uses (checked in sysenter.c). */
#define TF_EBP    8
#define TF_GS     32
#define TF_FS     36
#define TF_ES     40
#define TF_DS     44
#define TF_ERR    52
#define TF_EIP    56
#define TF_ESP    68
#define TF_SIZE   76
/* USER_TOP (shmos/layout.h) without its C suffix, for the assembler. */
#define SYSENTER_USER_TOP 0xC0000000
/* tf->err of a frame built by sysenter_entry: it may leave by sysexit.
 * Anything that rewrites the frame (exec's tf_init_user) clears it, and
 * the frame leaves by iret. */
#define TF_SYSENTER 0x5e

#ifndef __ASSEMBLY__
#include "types.h"
#include "arch.h"

extern char sysenter_entry[], sysenter_flags_clean[];   /* trapentry.S */
extern char sysenter_uread[], sysenter_uread_end[];

/* Boot CPU, once the command line is read: use sysenter unless disabled
 * (the "nosysenter" option) or the CPU lacks it; set this CPU's MSRs. */
void sysenter_init(bool enable);
/* Every other CPU, at start-up: the same MSRs. */
void sysenter_init_cpu(void);
/* The kernel stack sysenter lands on, on this CPU (cpu_set_kstack). */
void sysenter_set_kstack(uintptr_t top);
/* The stub found a bad user stack (addr) or return address (ret): kill
 * the process. Never returns. */
NORETURN void sysenter_reject(struct trapframe *tf, uint32_t addr, uint32_t ret);
/* A trap in kernel mode that the stub caused on the user's behalf (a page
 * fault reading the user stack; a single-step trap the user's TF set):
 * resolve it (return true: retry) or kill the process. false: not one of
 * those, a kernel bug. */
bool sysenter_fault(const struct trapframe *tf, const char *trap_name);
#endif
#endif
