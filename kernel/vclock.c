/* The clock page as a memory object: a shmem object of one page, the page
 * the port keeps its clock data in (clock_page). Like any shared object it
 * is shared by fork (as_copy) and unmapped by exit and exec (as_put); a
 * region maps it as it maps anything else, with the role RR_VCLOCK, for
 * which vm.c refuses munmap, MAP_FIXED and mprotect, and maxprot without
 * RP_WRITE, so that no user write can reach it: a store faults (SIGSEGV)
 * and copyout refuses it (EFAULT). The kernel holds the object's first
 * reference for good, so its page is never freed. */
#include "vclock.h"
#include "arch.h"
#include "kalloc.h"
#include "printk.h"
#include "region.h"
#include "vm.h"
#include "vmobj.h"

static struct vmobj *vclock_obj;        /* [I] set before the first process */

void vclock_init(void)
{
    vclock_obj = vmobj_shmem(PAGE_SIZE);
    if (!vclock_obj || vmobj_adopt(vclock_obj, 0, V2P(clock_page())) < 0)
        panic("vclock: cannot make the clock page's object");
}

int vclock_map(struct addrspace *as)
{
    struct region *r;
    vmobj_hold(vclock_obj);             /* the region's reference */
    int err = vm_map(as, USER_VCLOCK, USER_VCLOCK + PAGE_SIZE, RP_READ, RR_VCLOCK, vclock_obj, 0,
                     &r);
    if (err < 0) {
        vmobj_put(vclock_obj);
        return err;
    }
    r->maxprot = RP_READ;
    return 0;
}
