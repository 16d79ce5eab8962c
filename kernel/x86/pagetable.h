/* Two-level x86 page tables: the only code that edits page-table entries. */
#ifndef KERNEL_X86_PAGETABLE_H
#define KERNEL_X86_PAGETABLE_H
#include "types.h"

extern pde_t *kernel_pgdir;
/* Build and load the kernel page directory: physical [0, PHYS_LIMIT) mapped
 * at KERNBASE with global 4 MiB pages (whatever RAM exists; the allocator
 * only hands out pages the memory map reports). Every process directory
 * shares these entries. */
void kvm_init(void);
/* A new directory holding only the kernel half, or NULL. */
pde_t *pt_create(void);
/* Free the user page tables and the directory (the pages they map must
 * already be unmapped or accounted for by the caller). */
void pt_destroy(pde_t *pgdir);
/* Map user page va to pa with PTE flags (PTE_U | PTE_P implied).
 * 0, or -ENOMEM if a page table could not be allocated. Panics if va is
 * already mapped: callers own the region bookkeeping. */
int pt_map(pde_t *pgdir, uint32_t va, paddr_t pa, uint32_t flags);
/* Unmap user page va and invalidate it in this CPU's TLB if pgdir is loaded.
 * Returns the physical address that was mapped, or 0 if none. */
paddr_t pt_unmap(pde_t *pgdir, uint32_t va);
/* The entry for va, or 0 if its page table does not exist. */
pte_t pt_lookup(const pde_t *pgdir, uint32_t va);
#endif
