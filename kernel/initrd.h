/* The initrd (initrd.c): the cpio (newc) archive the boot loader leaves in
 * memory, unpacked into the memory file system at boot. */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H
#include "types.h"
/* Check the archive and create its files and directories in the memory
 * file system (tmpfs_init first). Panics on a malformed archive. */
void initrd_init(const void *archive, size_t len);
#endif
