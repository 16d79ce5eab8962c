/* First instructions of a thread made by thread_spawn: call fn(arg) and
 * exit with its result. %esp points at fn, then arg. */
    .text
    .globl __thread_start
__thread_start:
    popl %eax
    call *%eax
    pushl %eax
    call _exit
1:  jmp 1b

    .section .note.GNU-stack, "", @progbits
