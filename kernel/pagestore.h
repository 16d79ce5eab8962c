/* The pages of a memory object by index (pagestore.c): a radix tree of
 * page-sized tables, one level up to 1024 pages (4 MiB), two levels up to
 * 2^20 pages (4 GiB), so it costs one table per 4 MiB of object and grows
 * and shrinks with it. The owner serializes every call (the object's lock).
 * Its tables are promised pages (kalloc_promised): the owner commits
 * ps_tables(npages) for a store of npages pages. */
#ifndef KERNEL_PAGESTORE_H
#define KERNEL_PAGESTORE_H
#include "types.h"

struct pagestore {
    paddr_t root;               /* a leaf (height 1) or a directory of leaves (height 2); 0: empty */
    uint8_t height;
};

/* The most tables a store of npages pages may hold (a directory and a
 * leaf per 4 MiB, whatever shrinks have left). */
uint32_t ps_tables(uint32_t npages);
/* The page at index pgno, or 0 if none. */
paddr_t ps_get(const struct pagestore *ps, uint32_t pgno);
/* Store page pa (not 0) at index pgno, which holds none, allocating
 * tables as needed (from the owner's promise: it cannot fail). */
void ps_set(struct pagestore *ps, uint32_t pgno, paddr_t pa);
/* Take the page at index pgno out of the store and return it (0 if none);
 * the caller frees it. */
paddr_t ps_take(struct pagestore *ps, uint32_t pgno);
/* Take every page at index >= from out of the store, handing each to
 * drop (which frees it or lets go of its share), and free the tables
 * that hold no page any more. Returns how many pages it took out. */
uint32_t ps_truncate(struct pagestore *ps, uint32_t from, void (*drop)(paddr_t pa));
/* Call fn(arg, pgno, pa) for each page at index in [from, to), in order. */
void ps_each(const struct pagestore *ps, uint32_t from, uint32_t to,
             void (*fn)(void *arg, uint32_t pgno, paddr_t pa), void *arg);
#endif
