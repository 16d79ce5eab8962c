/* Two-level x86 page tables. User page tables are allocated on demand and
 * freed with their directory; the kernel half of every directory is a copy
 * of kernel_pgdir's entries, which never change after boot (4 MiB pages,
 * and the page tables of the guarded kernel-stack window, x86/kstack.c,
 * made at boot), so no directory ever needs updating when the kernel maps
 * something. */
#include "x86/pagetable.h"
#include "x86/mmu.h"
#include "x86/x86.h"
#include "kalloc.h"
#include "printk.h"

#define PTE_PWT 0x008      /* write-through */
#define PTE_PCD 0x010      /* cache disabled: with PWT, uncached (device registers) */

pde_t *kernel_pgdir;
static pde_t kernel_pgdir_page[1024] __attribute__((aligned(PAGE_SIZE)));

void kvm_init(void)
{
    kernel_pgdir = kernel_pgdir_page;
    for (paddr_t pa = 0; pa < PHYS_LIMIT; pa += PDE_SPAN)
        kernel_pgdir[PDX(KERNBASE + pa)] = pa | PTE_P | PTE_W | PTE_PS | PTE_G;
    /* The APIC registers, at VA == PA (above the direct map), mapped now
     * whether or not APICs exist: user directories copy this half once. */
    kernel_pgdir[PDX(APIC_WINDOW_BASE)] =
        APIC_WINDOW_BASE | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_PCD | PTE_PWT;
    kvm_load();
}

void kvm_load(void)
{
    lcr4(rcr4() | CR4_PSE | CR4_PGE);
    lcr3(V2P(kernel_pgdir));
}

paddr_t kvm_pgdir_pa(void)
{
    return V2P(kernel_pgdir_page);
}

void kvm_prepare(uintptr_t start, uintptr_t end)
{
    assert(start >= KERNBASE + PHYS_LIMIT && end <= APIC_WINDOW_BASE);
    for (uintptr_t va = start & ~(PDE_SPAN - 1); va < end; va += PDE_SPAN) {
        pde_t *pde = &kernel_pgdir[PDX(va)];
        if (*pde & PTE_P)
            continue;
        pte_t *table = kalloc();
        if (!table)
            panic("kvm_prepare: no page for a kernel page table");
        *pde = V2P(table) | PTE_P | PTE_W;
    }
}

/* The kernel PTE for va, in a range kvm_prepare made. */
static pte_t *kvm_pte(uintptr_t va)
{
    pde_t pde = kernel_pgdir[PDX(va)];
    assert(va >= KERNBASE + PHYS_LIMIT && (pde & PTE_P) && !(pde & PTE_PS));
    return (pte_t *)P2V(PTE_ADDR(pde)) + PTX(va);
}

void kvm_map_page(uintptr_t va, paddr_t pa)
{
    assert(!(va & (PAGE_SIZE - 1)));
    *kvm_pte(va) = pa | PTE_P | PTE_W | PTE_G;
}

bool kvm_mapped(uintptr_t va)
{
    return *kvm_pte(va) & PTE_P;
}

pde_t *pt_create(void)
{
    pde_t *pgdir = kalloc();
    if (!pgdir)
        return NULL;
    for (uint32_t i = PDX(KERNBASE); i < 1024; i++)
        pgdir[i] = kernel_pgdir[i];
    return pgdir;
}

void pt_destroy(pde_t *pgdir)
{
    for (uint32_t i = 0; i < PDX(KERNBASE); i++)
        if (pgdir[i] & PTE_P)
            kfree(P2V(PTE_ADDR(pgdir[i])));
    kfree(pgdir);
}

/* The PTE slot for va, allocating its page table if asked; NULL if absent
 * (or allocation failed). */
static pte_t *pt_slot(pde_t *pgdir, uaddr_t va, bool alloc)
{
    pde_t *pde = &pgdir[PDX(va)];
    if (!(*pde & PTE_P)) {
        if (!alloc)
            return NULL;
        pte_t *table = kalloc();
        if (!table)
            return NULL;
        /* Permissions are enforced by the PTEs; the PDE allows everything. */
        *pde = V2P(table) | PTE_P | PTE_W | PTE_U;
    }
    return (pte_t *)P2V(PTE_ADDR(*pde)) + PTX(va);
}

int pt_prepare(pde_t *pgdir, uaddr_t start, uaddr_t end)
{
    assert(end <= KERNBASE);
    for (uint32_t i = PDX(start); start < end && i <= PDX(end - 1); i++)
        if (!pt_slot(pgdir, i * PDE_SPAN, true))
            return -ENOMEM;
    return 0;
}

int pt_map(pde_t *pgdir, uaddr_t va, paddr_t pa, unsigned flags)
{
    assert(va < KERNBASE && !(va & (PAGE_SIZE - 1)) && pa);
    pte_t *pte = pt_slot(pgdir, va, true);
    if (!pte)
        return -ENOMEM;
    if (*pte & PTE_P)
        panic("pt_map: %p already mapped", (void *)va);
    *pte = pa | ((flags & PT_WRITE) ? PTE_W : 0) | PTE_P | PTE_U;
    return 0;
}

paddr_t pt_unmap(pde_t *pgdir, uaddr_t va)
{
    pte_t *pte = pt_slot(pgdir, va, false);
    if (!pte || !(*pte & PTE_P))
        return 0;
    paddr_t pa = PTE_ADDR(*pte);
    *pte = 0;
    if (rcr3() == V2P(pgdir))
        tlb_flush_page(va);
    return pa;
}

void *pt_detach_tables(pde_t *pgdir, uaddr_t lo, uaddr_t hi)
{
    assert(hi <= KERNBASE);
    void *chain = NULL;
    for (uint32_t i = (lo + PDE_SPAN - 1) / PDE_SPAN; (uint64_t)(i + 1) * PDE_SPAN <= hi; i++) {
        if (!(pgdir[i] & PTE_P))
            continue;
        void **table = P2V(PTE_ADDR(pgdir[i]));
        pgdir[i] = 0;
        *table = chain;         /* its entries are clear: the first holds the link */
        chain = table;
    }
    return chain;
}

void pt_free_detached(void *chain)
{
    while (chain) {
        void *next = *(void **)chain;
        *(void **)chain = NULL;
        kfree(chain);
        chain = next;
    }
}

paddr_t pt_lookup(const pde_t *pgdir, uaddr_t va, unsigned *flags)
{
    pde_t pde = pgdir[PDX(va)];
    if (!(pde & PTE_P))
        return 0;
    pte_t pte = ((const pte_t *)P2V(PTE_ADDR(pde)))[PTX(va)];
    if (flags)
        *flags = ((pte & PTE_W) ? PT_WRITE : 0) | ((pte & PTE_A) ? PT_ACCESSED : 0) |
                 ((pte & PTE_D) ? PT_DIRTY : 0);
    return (pte & PTE_P) ? PTE_ADDR(pte) : 0;
}

void pt_activate(const pde_t *pgdir)
{
    lcr3(V2P(pgdir ? pgdir : kernel_pgdir));
}
