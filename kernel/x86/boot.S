/* Multiboot v1 entry. QEMU (-kernel) loads the image at its physical
 * addresses and jumps to _start in 32-bit protected mode, paging off, with
 * eax = 0x2BADB002 and ebx = physical address of the Multiboot information.
 * We turn on paging with a boot page directory that maps the first 16 MiB
 * both at 0 (so the next instruction still runs) and at KERNBASE, jump to
 * the high half and call kmain(magic, mbi). */
#include "shmos/layout.h"
#include "x86/mmu.h"
#include "x86/pagingon.h"

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003         /* modules page-aligned, memory map wanted */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

#define BOOT_PDE(i) (((i) * PDE_SPAN) | PTE_P | PTE_W | PTE_PS)

    .section .data
    .align 4096
    .globl boot_pgdir
boot_pgdir:
    .long BOOT_PDE(0), BOOT_PDE(1), BOOT_PDE(2), BOOT_PDE(3)
    .fill (KERNBASE >> 22) - 4, 4, 0
    .long BOOT_PDE(0), BOOT_PDE(1), BOOT_PDE(2), BOOT_PDE(3)
    .fill 1024 - (KERNBASE >> 22) - 4, 4, 0

    .section .bss
    .align 16
boot_stack:
    .space 16384
    .globl boot_stack_top
boot_stack_top:

    .text
    .globl _start
    _start = entry - KERNBASE
entry:
    BOOT_PAGING_ON %ecx, high
high:
    movl $boot_stack_top, %esp
    xorl %ebp, %ebp
    pushl %ebx                      /* multiboot info (physical) */
    pushl %eax                      /* magic */
    call kmain
1:  cli
    hlt
    jmp 1b

    .section .note.GNU-stack, "", @progbits
