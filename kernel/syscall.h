/* System call dispatch. The table and the typed wrappers are generated
 * from kernel/syscalls.list (build/gen/syscall_table.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include "types.h"
#include "syscall_nr.h"
struct trapframe;
struct syscall_entry {
    long (*fn)(const uint32_t *args);   /* args: ebx ecx edx esi edi ebp */
    const char *name;
    int nargs;
};
extern const struct syscall_entry syscall_table[SYS_MAX];
/* Run the call numbered tf->eax; its result (or -errno) goes in tf->eax. */
void syscall_dispatch(struct trapframe *tf);
#endif
