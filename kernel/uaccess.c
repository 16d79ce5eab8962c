/* copyin/copyout/copyinstr: user memory, one page at a time, through the
 * region list (vm_user_ptr), which checks presence, user access and — for
 * copyout — writability, so a read() into a read-only attachment or into
 * program text fails with EFAULT instead of writing through it. Each page
 * is copied under the address-space lock: another thread of the process
 * cannot unmap (and free) it in the middle of the copy. */
#include "uaccess.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"

/* Copy chunk bytes between kernel buffer k and user address u (within one
 * page): to user space if out. 0 or -EFAULT. */
static int copy_page(struct addrspace *as, void *k, uaddr_t u, size_t chunk, bool out)
{
    if (u < USER_BASE)
        return -EFAULT;
    sleep_lock(&as->lock);
    char *p = vm_user_ptr(as, u, out);
    if (p) {
        if (out)
            memcpy(p, k, chunk);
        else
            memcpy(k, p, chunk);
    }
    sleep_unlock(&as->lock);
    return p ? 0 : -EFAULT;
}

int copyin(void *dst, uaddr_t src, size_t n)
{
    struct addrspace *as = myproc()->as;
    char *d = dst;
    while (n > 0) {
        size_t chunk = MIN(n, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
        if (copy_page(as, d, src, chunk, false) < 0)
            return -EFAULT;
        d += chunk;
        src += chunk;
        n -= chunk;
    }
    return 0;
}

int copyout(uaddr_t dst, const void *src, size_t n)
{
    struct addrspace *as = myproc()->as;
    const char *s = src;
    while (n > 0) {
        size_t chunk = MIN(n, PAGE_SIZE - (dst & (PAGE_SIZE - 1)));
        if (copy_page(as, (void *)s, dst, chunk, true) < 0)
            return -EFAULT;
        s += chunk;
        dst += chunk;
        n -= chunk;
    }
    return 0;
}

char *copyin_path(uaddr_t upath, int *err)
{
    char *path = kalloc();
    if (!path) {
        *err = -ENOMEM;
        return NULL;
    }
    int len = copyinstr(path, upath, UPATH_MAX);
    *err = len < 0 ? len : len == 0 ? -ENOENT : 0;
    if (*err < 0) {
        kfree(path);
        return NULL;
    }
    return path;
}

int copyinstr(char *dst, uaddr_t src, size_t max)
{
    struct addrspace *as = myproc()->as;
    size_t len = 0;
    while (len < max) {
        size_t chunk = MIN(max - len, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
        if (copy_page(as, dst + len, src, chunk, false) < 0)
            return -EFAULT;
        for (size_t i = 0; i < chunk; i++, len++)
            if (dst[len] == '\0')
                return (int)len;
        src += chunk;
    }
    return -ENAMETOOLONG;
}
