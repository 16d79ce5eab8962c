/* The user address-space layout, shared by the kernel and user programs.
 *
 *   0x00000000  page 0: never mapped (NULL dereferences fault)
 *   0x00400000  USER_TEXT_BASE: program text, then data/bss, then the heap
 *               growing up (never into another region)
 *   0x80000000  USER_MMAP_BASE..USER_MMAP_TOP: where the kernel picks
 *               addresses for attachments given no address
 *   0xB0000000  USER_VCLOCK: the clock page (<shmos/vclock.h>), read-only,
 *               in every process; just above the kernel's window and far
 *               below the stack, so neither the heap, a kernel-chosen
 *               attachment nor the stack can reach it; no program may
 *               unmap, replace or re-protect it
 *   0xBFE00000  USER_STACK_GAP_BOTTOM..USER_STACK_BOTTOM: the stack's guard
 *               gap, 256 pages never mapped and never attachable, so a
 *               function frame of up to 1 MiB that jumps past the stack's
 *               bottom faults instead of writing an attachment below (a
 *               "stack clash"; Linux keeps the same 256-page gap)
 *   0xBFF00000  USER_STACK_BOTTOM..USER_STACK_TOP: 1 MiB stack, demand-filled
 *   0xC0000000  KERNBASE: the kernel, identical in every address space
 * Any page-aligned free range below KERNBASE (such as 0x10000000 or
 * 0x20000000) may hold a shared-memory attachment. */
#ifndef SHMOS_LAYOUT_H
#define SHMOS_LAYOUT_H
#define PAGE_SIZE          4096u
#define USER_BASE          0x00001000u
#define USER_TEXT_BASE     0x00400000u
#define USER_MMAP_BASE     0x80000000u
#define USER_MMAP_TOP      0xB0000000u
#define USER_VCLOCK        0xB0000000u
#define USER_STACK_TOP     0xC0000000u
#define USER_STACK_SIZE    0x00100000u
#define USER_STACK_BOTTOM  (USER_STACK_TOP - USER_STACK_SIZE)
#define USER_STACK_GAP     0x00100000u
#define USER_STACK_GAP_BOTTOM (USER_STACK_BOTTOM - USER_STACK_GAP)
#define USER_TOP           USER_STACK_TOP
#define KERNBASE           0xC0000000u
#endif
