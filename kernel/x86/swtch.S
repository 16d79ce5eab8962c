/* void swtch(struct context **save, struct context *next)
 * Save the callee-saved registers on the current kernel stack, store that
 * stack pointer in *save, and resume the thread whose context is next.
 * The layout matches struct context in cpu.h (edi at the lowest address). */
    .text
    .globl swtch
swtch:
    movl 4(%esp), %eax
    movl 8(%esp), %edx
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl %esp, (%eax)
    movl %edx, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .section .note.GNU-stack, "", @progbits
