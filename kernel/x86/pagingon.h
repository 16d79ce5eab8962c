/* For assembly only (boot.S, apboot.S): the one sequence that turns paging
 * on at boot. With boot_pgdir (4 MiB pages; the first 16 MiB mapped at 0
 * and at KERNBASE) loaded, PSE and write protection on, it jumps to the
 * high-half address of target. Runs at the low (physical) address; reg is
 * clobbered. */
#ifndef KERNEL_X86_PAGINGON_H
#define KERNEL_X86_PAGINGON_H
.macro BOOT_PAGING_ON reg, target
    movl %cr4, \reg
    orl $CR4_PSE, \reg
    movl \reg, %cr4
    movl $(boot_pgdir - KERNBASE), \reg
    movl \reg, %cr3
    movl %cr0, \reg
    orl $(CR0_PG | CR0_WP), \reg
    movl \reg, %cr0
    movl $\target, \reg
    jmp *\reg
.endm
#endif
