/* The only way the kernel touches user memory. Every page of the range must
 * belong to a region of the current process that allows the access (and, for
 * copyout, is writable); pages of demand-filled regions are filled on the way.
 * Never hold a spinlock across these calls (they may allocate). */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H
#include "types.h"
/* Copy n bytes from user address src. Returns 0 or -EFAULT. */
int copyin(void *dst, uaddr_t src, size_t n);
/* Copy n bytes to user address dst. Returns 0 or -EFAULT. */
int copyout(uaddr_t dst, const void *src, size_t n);
#define UPATH_MAX 4096      /* longest path a call accepts, NUL included (Linux's PATH_MAX) */
/* Copy a user path into a new page: the page (kfree it), or NULL with
 * *err -EFAULT, -ENAMETOOLONG, -ENOENT (empty) or -ENOMEM. */
char *copyin_path(uaddr_t upath, int *err);
/* Copy a NUL-terminated string of at most max bytes including the NUL.
 * Returns its length, -EFAULT, or -ENAMETOOLONG if no NUL within max. */
int copyinstr(char *dst, uaddr_t src, size_t max);
#endif
