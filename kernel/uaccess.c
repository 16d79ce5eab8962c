/* copyin/copyout/copyinstr: user memory, one page at a time, through the
 * region list (vm_user_ptr), which checks presence, user access and — for
 * copyout — writability, so a read() into a read-only attachment or into
 * program text fails with EFAULT instead of writing through it. A copy
 * holds the address-space lock from its first page to its last: another
 * thread of the process cannot unmap (and free) a page in the middle of
 * it, and a long copy pays for the lock once. */
#include "uaccess.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"

/* Copy n bytes between kernel buffer k and user address u: to user space
 * if out. With stop_at_nul (and !out), stop after the first NUL copied and
 * set *len to the bytes before it. 0, -EFAULT (the pages before the bad
 * one are copied), or 1 when a NUL ended it. */
static int copy_user(void *k, uaddr_t u, size_t n, bool out, bool stop_at_nul, size_t *len)
{
    struct addrspace *as = myproc()->as;
    char *kp = k;
    int r = 0;
    sleep_lock(&as->lock);
    while (n > 0) {
        size_t chunk = MIN(n, PAGE_SIZE - (u & (PAGE_SIZE - 1)));
        char *p = u >= USER_BASE ? vm_user_ptr(as, u, out) : NULL;
        if (!p) {
            r = -EFAULT;
            break;
        }
        if (out) {
            memcpy(p, kp, chunk);
        } else if (stop_at_nul) {
            size_t i = 0;
            while (i < chunk && (kp[i] = p[i]) != '\0')
                i++;
            if (i < chunk) {
                *len = (size_t)(kp + i - (char *)k);
                r = 1;
                break;
            }
        } else {
            memcpy(kp, p, chunk);
        }
        kp += chunk;
        u += chunk;
        n -= chunk;
    }
    sleep_unlock(&as->lock);
    return r;
}

int copyin(void *dst, uaddr_t src, size_t n)
{
    return copy_user(dst, src, n, false, false, NULL);
}

int copyout(uaddr_t dst, const void *src, size_t n)
{
    return copy_user((void *)src, dst, n, true, false, NULL);
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
    size_t len = 0;
    int r = copy_user(dst, src, max, false, true, &len);
    if (r < 0)
        return r;
    return r == 1 ? (int)len : -ENAMETOOLONG;
}
