/* A process's memory map, for pmap (docs/debugging.md): vm_regions() and
 * vm_pages() (kernel/vminfo.c). shmos's own calls; Linux has
 * /proc/PID/maps and /proc/PID/pagemap instead. */
#ifndef SHMOS_VMINFO_H
#define SHMOS_VMINFO_H
#include <stdint.h>

/* vm_region.prot and maxprot */
#define VMR_READ  1
#define VMR_WRITE 2
#define VMR_EXEC  4
/* vm_region.role: what the region is for */
enum vm_role_abi { VMR_MAP = 1, VMR_TEXT, VMR_DATA, VMR_HEAP, VMR_STACK, VMR_GUARD, VMR_VCLOCK };
#define VM_BACKING_MAX 40

struct vm_region {
    uint32_t start, end;            /* [start, end), page-aligned */
    uint32_t pgoff;                 /* the backing object's page at start */
    uint32_t resident;              /* pages present in the page table */
    uint32_t dirty;                 /* of those, written since mapped (the CPU's dirty bit) */
    uint8_t  prot, maxprot;         /* VMR_READ | VMR_WRITE | VMR_EXEC */
    uint8_t  role;                  /* enum vm_role_abi */
    uint8_t  shared;                /* 1: a fork shares the object (MAP_SHARED), 0: copies it */
    char     backing[VM_BACKING_MAX];   /* the object, as the kernel names it ("" for a guard) */
};

/* vm_page.flags */
#define VMP_PRESENT  1
#define VMP_WRITABLE 2              /* the page table lets the process write it now */
#define VMP_COW      4              /* the region is writable, the page not yet: copy on write */
#define VMP_DIRTY    8
#define VMP_ACCESSED 16
#define VM_PAGES_MAX 512            /* pages vm_pages reports per call */

struct vm_page {
    uint32_t frame;                 /* physical address of the page, 0 if not present */
    uint16_t flags;                 /* VMP_* */
    uint16_t holders;               /* memory objects holding the frame (>1: shared copy-on-write) */
};

/* vm_regions(pid, buf, max): up to max records of pid's regions, sorted
 * by address, into buf; returns how many the process has (may exceed
 * max). vm_pages(pid, addr, n, buf): n (<= VM_PAGES_MAX) records for the
 * pages from page-aligned addr on; returns n. Errors: ESRCH (no such
 * live process), EINVAL, EFAULT. */
#endif
