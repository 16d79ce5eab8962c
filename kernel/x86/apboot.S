/* Application processor start-up. The start-up IPI (SIPI) wakes a CPU in
 * real mode at a page below 1 MiB, so smp.c copies the code between
 * ap_boot_start and ap_boot_end to AP_BOOT_PA, which the page allocator
 * never hands out. That code switches to protected mode with a flat GDT,
 * turns on paging with boot_pgdir (the first 16 MiB mapped both at 0 and
 * at KERNBASE, like the boot CPU had it) and jumps to ap_high in the
 * kernel proper, which claims a stack and calls ap_main() (smp.c). */
#include "shmos/layout.h"
#include "x86/mmu.h"
#include "x86/pagingon.h"

#define AP_BOOT_PA 0x7000           /* also in smp.c */
#define CR0_NW 0x20000000           /* after INIT the CPU runs with caches off */
#define CR0_CD 0x40000000
/* Where a label of the copied code lies in physical memory. */
#define LOW(x) (AP_BOOT_PA + ((x) - ap_boot_start))

    .text
    .code16
    .p2align 4
    .globl ap_boot_start
ap_boot_start:
    cli
    cld
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    lgdtl LOW(ap_gdtr)
    movl %cr0, %eax
    andl $~(CR0_CD | CR0_NW), %eax
    orl $CR0_PE, %eax
    movl %eax, %cr0
    ljmpl $KCODE_SEL, $LOW(ap_protected)

    .code32
ap_protected:
    movw $KDATA_SEL, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw %ax, %fs
    movw %ax, %gs
    BOOT_PAGING_ON %eax, ap_high

/* Flat 4 GiB segments at the selectors the kernel uses (KCODE_SEL,
 * KDATA_SEL); gdt_init_cpu replaces them with the CPU's own GDT. */
    .p2align 3
ap_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF        /* code: base 0, 4 KiB granules, 32-bit, DPL 0 */
    .quad 0x00CF92000000FFFF        /* data: writable */
ap_gdtr:
    .word ap_gdtr - ap_gdt - 1
    .long LOW(ap_gdt)
    .globl ap_boot_end
ap_boot_end:

/* Running high now. Take the stack the boot CPU offered, atomically, so
 * that a CPU that wakes up only after the boot CPU gave up on it finds
 * nothing (0) and parks here instead of sharing a stack. */
ap_high:
    xorl %eax, %eax
    xchgl %eax, ap_boot_stack
    testl %eax, %eax
    jz ap_park
    movl %eax, %esp
    xorl %ebp, %ebp
    call ap_main
ap_park:
    cli
    hlt
    jmp ap_park

    .section .note.GNU-stack, "", @progbits
