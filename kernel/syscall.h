/* System call dispatch (syscall.c). The table and its typed wrappers are
 * generated from kernel/syscalls.list (build/gen/syscall_table.c), and so
 * are the handlers' prototypes (build/gen/syscall_proto.h), which every
 * file defining a handler includes. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include "types.h"
#include "syscall_nr.h"
#include "proc.h"
#include "trace.h"
/* A wrapper: args are the six argument registers. */
typedef long syscall_fn(const uint32_t *args);
extern syscall_fn *const syscall_table[SYS_MAX];
/* Run call nr of the current process; its result, or -ENOSYS. Inline:
 * one call fewer on every system call. */
static inline long syscall_run(uint32_t nr, const uint32_t args[6])
{
    if (nr >= SYS_MAX || !syscall_table[nr])
        return -ENOSYS;
    return syscall_table[nr](args);
}
/* syscall_run, reported to the tracer if the process is traced (trace.c). */
static inline long syscall_dispatch(uint32_t nr, const uint32_t args[6])
{
    if (__builtin_expect(myproc()->trace != NULL, 0))
        return trace_syscall(nr, args);
    return syscall_run(nr, args);
}
#endif
