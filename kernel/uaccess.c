/* copyin/copyout/copyinstr: user memory, one page at a time, through the
 * region list (vm_user_ptr), which checks presence, user access and — for
 * copyout — writability, so a read() into a read-only attachment or into
 * program text fails with EFAULT instead of writing through it. */
#include "uaccess.h"
#include "lib.h"
#include "proc.h"

int copyin(void *dst, uaddr_t src, size_t n)
{
    struct addrspace *as = &myproc()->as;
    char *d = dst;
    while (n > 0) {
        if (src < USER_BASE)
            return -EFAULT;
        const char *p = vm_user_ptr(as, src, false);
        if (!p)
            return -EFAULT;
        size_t chunk = MIN(n, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
        memcpy(d, p, chunk);
        d += chunk;
        src += chunk;
        n -= chunk;
    }
    return 0;
}

int copyout(uaddr_t dst, const void *src, size_t n)
{
    struct addrspace *as = &myproc()->as;
    const char *s = src;
    while (n > 0) {
        if (dst < USER_BASE)
            return -EFAULT;
        char *p = vm_user_ptr(as, dst, true);
        if (!p)
            return -EFAULT;
        size_t chunk = MIN(n, PAGE_SIZE - (dst & (PAGE_SIZE - 1)));
        memcpy(p, s, chunk);
        s += chunk;
        dst += chunk;
        n -= chunk;
    }
    return 0;
}

int copyinstr(char *dst, uaddr_t src, size_t max)
{
    struct addrspace *as = &myproc()->as;
    size_t len = 0;
    while (len < max) {
        if (src < USER_BASE)
            return -EFAULT;
        const char *p = vm_user_ptr(as, src, false);
        if (!p)
            return -EFAULT;
        size_t chunk = MIN(max - len, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
        for (size_t i = 0; i < chunk; i++) {
            dst[len] = p[i];
            if (p[i] == '\0')
                return (int)len;
            len++;
        }
        src += chunk;
    }
    return -ENAMETOOLONG;
}
