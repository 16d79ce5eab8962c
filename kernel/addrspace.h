/* Address spaces (addrspace.c): a page directory plus the region list of
 * vm.h, shared by the threads of control of one program and therefore
 * reference-counted and locked. as->lock is a sleeping lock: fork copies
 * every page under it, and the CPU keeps taking interrupts meanwhile.
 * Lock tags and order: docs/architecture.md, "Locking". */
#ifndef KERNEL_ADDRSPACE_H
#define KERNEL_ADDRSPACE_H
#include "types.h"
#include "arch.h"
#include "sleeplock.h"
#include "usyms.h"
#include "vm.h"

struct addrspace {
    struct sleeplock lock;
    int refs;                   /* [as_pool_lock] processes using it; 0: free slot */
    volatile uint32_t cpumask;  /* [atomic] bit n: CPU n may cache its translations */
    pde_t *pgdir;               /* [I] kernel virtual address of the page directory */
    int nregions;               /* [as->lock] */
    struct region *regions;     /* [as->lock] a page of NREGION, sorted by start, non-overlapping */
    uaddr_t heap_start;         /* [as->lock] first byte of the heap */
    uaddr_t brk;                /* [as->lock] current break; the heap region ends at PG_ROUND_UP(brk) */
    uint32_t npages;            /* [as->lock] pages mapped, private or shared (read racily by ps) */
    uint32_t nshared;           /* [as->lock] of those, pages of shmem objects (read racily by ps) */
    struct usyms syms;          /* [I] the program's symbols, for fault reports (exec, fork) */
};

/* A new address space with an empty user half and the shared kernel half,
 * one reference held by the caller. NULL if out of memory or slots. */
struct addrspace *as_create(void);
/* Take another reference (a new thread of control). */
void as_hold(struct addrspace *as);
/* Take a reference to as if it is still in use (refs > 0): true, or
 * false if it is free or being torn down. as may be any pool slot, even
 * one read without a lock (proc_as_get). */
bool as_hold_live(struct addrspace *as);
/* Drop a reference; the last one makes the CPUs that keep as loaded
 * lazily drop it (a flush request each, waited for), then unmaps every
 * region (dropping its object reference) and frees the page tables. The
 * caller's CPU must not have as loaded any more (switch away first): the
 * last put panics if any CPU still has. */
void as_put(struct addrspace *as);
/* A copy of src for fork: each region maps what vmobj_fork gives for its
 * object (a copy-on-write copy of a private one, a shared one itself);
 * src's entries for pages now shared are read-only on every CPU when it
 * returns. NULL if out of memory or promises. Takes src->lock. */
struct addrspace *as_copy(struct addrspace *src);
/* Load as (NULL: the kernel-only directory) on this CPU, keeping cpumask
 * true. */
void as_activate(struct addrspace *as);
/* Switch this CPU to the kernel-only page directory. */
void as_activate_kernel(void);
/* This CPU serves a TLB flush request (interrupts off): if it runs no
 * process and keeps a user address space loaded lazily, load the kernel
 * directory instead (leaving that space's cpumask). Takes no lock. */
void as_drop_lazy(void);
/* Call fn(as, arg) for every address space in use, holding a reference
 * to it meanwhile (and no lock: fn takes as->lock if it needs it). */
void as_each(void (*fn)(struct addrspace *as, void *arg), void *arg);
/* After editing as's page tables: make every other CPU that may cache
 * them drop their old entries (this CPU's are the editor's business). */
void as_shootdown(struct addrspace *as);
#endif
