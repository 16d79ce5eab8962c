/* Mapping memory objects into address spaces (vm.c): map and unmap
 * ranges, change protection, fill pages, resolve faults and user
 * pointers, move the break. Regions (region.h) say what maps where; the
 * objects (vmobj.h) own the pages. Functions that say "needs as->lock"
 * are called with it held (or with an address space not yet published to
 * any process, as exec's new one); the others take it themselves. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H
#include "types.h"
#include "region.h"

struct addrspace;
struct vmobj;

/* Needs as->lock. Map pages [pgoff, ...) of obj at [start, end) with prot
 * and role, mapping the pages obj has now (the rest fault in). On success
 * the new region owns the caller's reference to obj and *out (may be
 * NULL) points at it; on failure nothing changed and the reference is
 * still the caller's: -EINVAL (bad or taken range), -ENOMEM. */
int vm_map(struct addrspace *as, uaddr_t start, uaddr_t end, int prot, int role,
           struct vmobj *obj, uint32_t pgoff, struct region **out);
/* Needs as->lock. Remove region r: its pages are unmapped on every CPU,
 * pages no region maps any more go (a private object frees them), so do
 * page tables no region needs, and its reference to the object is dropped. */
void vm_unmap_region(struct addrspace *as, struct region *r);
/* Needs as->lock. Remove every mapping in [start, start + len),
 * splitting regions at the ends (munmap); a range that holds nothing is
 * not an error. 0, -EINVAL (also for a range that touches the clock
 * page: nothing is unmapped), or -ENOMEM (the list cannot take a split). */
int vm_unmap(struct addrspace *as, uaddr_t start, uint32_t len);
/* Needs as->lock. Set the protection of [start, start + len), which must
 * be mapped throughout (-ENOMEM otherwise, as Linux). 0, -EINVAL, -ENOMEM,
 * -EACCES (beyond a region's maxprot, or any change to the clock page). */
int vm_protect(struct addrspace *as, uaddr_t start, uint32_t len, int prot);
/* Needs as->lock. Is [start, start + len) page-aligned user space
 * covered by regions throughout (guards excepted)? */
bool vm_is_mapped(struct addrspace *as, uaddr_t start, uint32_t len);
/* Needs as->lock. Does a region of as map obj? */
bool vm_maps_object(struct addrspace *as, const struct vmobj *obj);
/* Needs as->lock. Kernel pointer to the byte at user address va,
 * faulting the page in (for a write, a page of the region's own: one
 * shared copy-on-write is copied); NULL if va is not accessible (or not
 * writable when write is set). The pointer is good only while as->lock stays
 * held. */
void *vm_user_ptr(struct addrspace *as, uaddr_t va, bool write);
/* Needs as->lock. The memory object behind user address va and the byte
 * offset of va in it (what a futex is keyed by: the same for every
 * mapping of the object, whatever its address). NULL if va is in no
 * accessible region. */
struct vmobj *vm_object_of(struct addrspace *as, uaddr_t va, uint64_t *offset);
/* Resolve a user page fault (takes as->lock). NULL if resolved, else a
 * short reason and, in *sig, the signal that the process dies of. */
const char *vm_fault(struct addrspace *as, uaddr_t va, bool write, int *sig);
/* Move the break by incr bytes (takes as->lock): growth promises the
 * pages, which fill on touch. The old break or -ENOMEM. */
long vm_sbrk(struct addrspace *as, int32_t incr);
/* obj is about to lose its pages from index pgno on (a shrinking
 * truncate): unmap them from every address space, on every CPU. Takes
 * each address space's lock in turn; the caller holds none. */
void vm_object_shrinking(struct vmobj *obj, uint32_t pgno);
#endif
