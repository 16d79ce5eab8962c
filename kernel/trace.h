/* System-call tracing (trace.c): a process's calls reported to a pipe.
 * The ABI: include/shmos/trace.h; the design: docs/architecture.md,
 * "Tracing system calls". */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H
#include "types.h"

struct proc;

/* Run call nr of the current process, which is traced, and report it:
 * the call's result. */
long trace_syscall(uint32_t nr, const uint32_t args[6]);
/* child, being created by the current process (not yet running), is
 * traced too if the current process asked for its children. */
void trace_fork(struct proc *child);
/* p is exiting with wstatus: report it, and stop tracing p. */
void trace_exit(struct proc *p, int wstatus);
/* Stop tracing p (a child that never ran). */
void trace_drop(struct proc *p);

#endif
