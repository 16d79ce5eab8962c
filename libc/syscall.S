/* System-call trampolines. Each generated stub (build/gen/syscalls.S) loads
 * the call number into %eax and jumps (does not call) to __syscallN, so on
 * entry the caller's return address is at (%esp) and argument k at
 * 4*(k+1)(%esp). Arguments go in %ebx %ecx %edx %esi %edi %ebp; the
 * callee-saved ones among them are preserved. A result in [-4095, -1] is
 * -errno: store it in errno and return -1.
 * The way in is sysenter when the kernel offers it (__syscall_sysenter, set
 * from the auxiliary vector: auxv.c), else int $0x80. For sysenter, %ebp
 * carries the stack pointer instead, and the stack the return address
 * and the sixth argument (the convention: kernel/x86/sysenter.h); the
 * kernel returns at the label with %esp and %ebp as they were before the
 * two pushes, %ecx and %edx clobbered. */

/* Push the callee-saved registers an N-argument call loads. */
.macro save n
    .if \n >= 1
    pushl %ebx
    .endif
    .if \n >= 4
    pushl %esi
    .endif
    .if \n >= 5
    pushl %edi
    .endif
    .if \n >= 6
    pushl %ebp
    .endif
.endm

.macro restore n
    .if \n >= 6
    popl %ebp
    .endif
    .if \n >= 5
    popl %edi
    .endif
    .if \n >= 4
    popl %esi
    .endif
    .if \n >= 1
    popl %ebx
    .endif
.endm

/* Load argument k of an N-argument call into reg, skipping what "save n"
 * pushed: ebx for n >= 1, then esi, edi, ebp. */
.macro arg reg, k, n
    .if \n >= 6
    movl (4 * (\k + 1) + 16)(%esp), \reg
    .elseif \n == 5
    movl (4 * (\k + 1) + 12)(%esp), \reg
    .elseif \n == 4
    movl (4 * (\k + 1) + 8)(%esp), \reg
    .else
    movl (4 * (\k + 1) + 4)(%esp), \reg
    .endif
.endm

.macro trampoline n
    .globl __syscall\n
    .type __syscall\n, @function
__syscall\n:
    save \n
    .if \n >= 1
    arg %ebx, 0, \n
    .endif
    .if \n >= 2
    arg %ecx, 1, \n
    .endif
    .if \n >= 3
    arg %edx, 2, \n
    .endif
    .if \n >= 4
    arg %esi, 3, \n
    .endif
    .if \n >= 5
    arg %edi, 4, \n
    .endif
    .if \n >= 6
    arg %ebp, 5, \n     /* last: %esp-relative loads do not use %ebp */
    .endif
    cmpb $0, __syscall_sysenter
    jne 1f
    int $0x80
    jmp 2f
1:  pushl %ebp              /* the sixth argument: also the %ebp we get back */
    pushl $2f               /* where the kernel returns */
    movl %esp, %ebp
    sysenter
2:  restore \n
    jmp __syscall_result
    .size __syscall\n, .-__syscall\n
.endm

    .text
    trampoline 0
    trampoline 1
    trampoline 2
    trampoline 3
    trampoline 4
    trampoline 5
    trampoline 6

/* %eax holds the kernel's result; return it, or -1 with errno set. */
    .type __syscall_result, @function
__syscall_result:
    cmpl $-4095, %eax
    jae 1f
    ret
1:  negl %eax
    movl %eax, %gs:errno@ntpoff     /* the thread's own: a thread-local variable */
    movl $-1, %eax
    ret
    .size __syscall_result, .-__syscall_result

/* No executable stack needed (silences the linker). */
    .section .note.GNU-stack, "", @progbits
