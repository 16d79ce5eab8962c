/* Interrupt and exception entry. 256 stubs, 16 bytes apart, each pushing a
 * zero error code when the CPU does not push one, then the vector number;
 * trap_common saves the rest of struct trapframe, loads the kernel data
 * segments and the per-CPU %gs, and calls trap(tf). */
#include "x86/mmu.h"

    .text
    .align 16
    .globl trap_stubs
trap_stubs:
    .set vec, 0
    .rept 256
    .align 16
    .if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21)
    .else
    pushl $0
    .endif
    pushl $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    cld                             /* the user may have set DF: the kernel's rep movs/stos count up */
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    pushal
    movw $KDATA_SEL, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw $KCPU_SEL, %ax
    movw %ax, %gs
    pushl %esp
    call trap
    addl $4, %esp
    .globl trap_return
trap_return:
    popal
    popl %gs
    popl %fs
    popl %es
    popl %ds
    addl $8, %esp                   /* vector and error code */
    iret

    .section .note.GNU-stack, "", @progbits
