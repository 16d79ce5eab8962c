/* Program entry. The kernel's execve leaves %esp pointing at argc, followed
 * by argv[0..argc-1], NULL, envp[...], NULL, then the auxiliary vector
 * (the SysV i386 layout: shmos/auxv.h). Until __libc_init_aux has read it,
 * system calls go by int $0x80. */
    .section .text.entry, "ax"
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp                 /* outermost frame: ends backtraces */
    movl (%esp), %eax               /* argc */
    leal 4(%esp), %ecx              /* argv */
    leal 8(%esp,%eax,4), %edx       /* envp = argv + argc + 1 */
    movl %edx, environ
    andl $-16, %esp                 /* the i386 ABI wants 16-byte alignment at calls */
    subl $4, %esp
    pushl %edx
    pushl %ecx
    pushl %eax
    subl $12, %esp
    pushl %edx
    call __libc_init_aux            /* main's arguments are already on the stack */
    addl $16, %esp
    call main
    movl %eax, (%esp)
    call exit                       /* runs atexit handlers, flushes stdio */
1:  hlt                             /* exit never returns; fault if it does */
    jmp 1b
    .size _start, .-_start

/* No executable stack needed (silences the linker). */
    .section .note.GNU-stack, "", @progbits
