/* Trap entry (trapentry.S) and dispatch (trap.c). */
#ifndef KERNEL_X86_TRAP_H
#define KERNEL_X86_TRAP_H
struct trapframe;
extern char trap_stubs[];           /* 256 entry stubs, 16 bytes apart */
/* Called by every stub with the saved frame: dispatch to the core's entry
 * points (kernel/entry.h) or to a device driver. */
void trap(struct trapframe *tf);
/* The C half of a system call entered by sysenter (trapentry.S), with tf
 * complete: the call, then what precedes any return to user mode. */
void sysenter_trap(struct trapframe *tf);
/* Restore the frame on the stack and return from the trap. */
void trap_return(void);
/* The return address of trap_common's call of trap() (a label, not code to call). */
void trap_called(void);
#endif
