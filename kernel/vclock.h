/* The clock page in every address space (vclock.c): the port's clock data
 * (arch.h clock_page, <shmos/vclock.h>) as a memory object, mapped
 * read-only at USER_VCLOCK into every image. */
#ifndef KERNEL_VCLOCK_H
#define KERNEL_VCLOCK_H
struct addrspace;
/* Make the clock page's memory object (kernel_main, before any process). */
void vclock_init(void);
/* Needs as->lock. Map the clock page into as (a new image) at USER_VCLOCK,
 * read-only for good. 0, -EINVAL (the address is taken) or -ENOMEM. */
int vclock_map(struct addrspace *as);
#endif
