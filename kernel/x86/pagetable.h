/* Two-level i386 page tables (pagetable.c). The pt_* operations the core
 * uses are in kernel/arch.h; this is what only the port needs. */
#ifndef KERNEL_X86_PAGETABLE_H
#define KERNEL_X86_PAGETABLE_H
#include "arch.h"

/* kvm_init maps this 4 MiB window uncached at VA == PA: the usual home of
 * the I/O APIC (0xFEC00000) and the local APIC (0xFEE00000). APIC mode is
 * used only if every APIC the MADT names lies inside it. */
#define APIC_WINDOW_BASE 0xFEC00000u
#define APIC_WINDOW_END  0xFF000000u

extern pde_t *kernel_pgdir;
/* Build and load the kernel page directory: physical [0, PHYS_LIMIT) mapped
 * at KERNBASE with global 4 MiB pages (whatever RAM exists; the allocator
 * only hands out pages the memory map reports). Every process directory
 * shares these entries. */
void kvm_init(void);
/* Turn on 4 MiB and global pages and load the kernel directory on this CPU
 * (an application processor; kvm_init does it on the boot CPU). */
void kvm_load(void);
/* The kernel directory's physical address (valid once kvm_init ran). */
paddr_t kvm_pgdir_pa(void);
/* Make the kernel page tables for [start, end) (above the direct map): at
 * boot, before the first process directory copies the kernel half (it
 * would not see a new table). */
void kvm_prepare(uintptr_t start, uintptr_t end);
/* Map the kernel page va, in a range kvm_prepare made, to pa, writable and
 * global (any time: every directory shares the table). */
void kvm_map_page(uintptr_t va, paddr_t pa);
/* Is the kernel page va (in a kvm_prepare range) mapped? */
bool kvm_mapped(uintptr_t va);
#endif
