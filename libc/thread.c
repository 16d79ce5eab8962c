/* thread_spawn: threads of control over the __thread_create system call. */
#include <errno.h>
#include <shmos.h>
#include <stdint.h>
#include <unistd.h>

int __thread_create(void *eip, void *esp);
void __thread_start(void);     /* thread_start.S */

/* The new thread starts in __thread_start with esp at {fn, arg}; after it
 * pops fn, arg is its argument on a 16-byte aligned stack. */
int thread_spawn(int (*fn)(void *), void *arg, void *stack, size_t size)
{
    if (!fn || !stack || size < 64) {
        errno = EINVAL;
        return -1;
    }
    uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
    void **sp = (void **)(top - 20);
    sp[0] = (void *)fn;
    sp[1] = arg;
    return __thread_create((void *)__thread_start, sp);
}
