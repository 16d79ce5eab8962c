/* setjmp/longjmp for i386 (cdecl). jmp_buf holds, in order: ebx, esi, edi,
 * ebp (the callee-saved registers), the caller's esp just after setjmp
 * returns, and the return address. Everything else is caller-saved, so the
 * compiler has already spilled it around the call. */
    .text
    .globl setjmp
    .type setjmp, @function
setjmp:
    movl 4(%esp), %eax              /* env */
    movl %ebx, 0(%eax)
    movl %esi, 4(%eax)
    movl %edi, 8(%eax)
    movl %ebp, 12(%eax)
    leal 4(%esp), %ecx              /* esp once setjmp has returned */
    movl %ecx, 16(%eax)
    movl (%esp), %ecx               /* where setjmp returns to */
    movl %ecx, 20(%eax)
    xorl %eax, %eax                 /* the direct return gives 0 */
    ret
    .size setjmp, .-setjmp

/* longjmp(env, val): returns from env's setjmp once more, with val (1 if
 * val is 0, as C requires). */
    .globl longjmp
    .type longjmp, @function
longjmp:
    movl 4(%esp), %edx              /* env */
    movl 8(%esp), %eax              /* val */
    testl %eax, %eax
    jnz 1f
    incl %eax
1:  movl 0(%edx), %ebx
    movl 4(%edx), %esi
    movl 8(%edx), %edi
    movl 12(%edx), %ebp
    movl 16(%edx), %esp
    jmp *20(%edx)
    .size longjmp, .-longjmp

/* No executable stack needed (silences the linker). */
    .section .note.GNU-stack, "", @progbits
