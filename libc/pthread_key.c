/* Thread-specific data (pthread_key_*), pthread_once and the thread
 * attributes. */
#include <errno.h>
#include <limits.h>
#include <shmos.h>
#include "pthread_impl.h"

static struct __libc_lock keys_lock;
static struct {
    bool used;                      /* [keys_lock] */
    void (*destructor)(void *);     /* [keys_lock] */
} keys[PTHREAD_KEYS_MAX];

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
    __libc_lock(&keys_lock);
    for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
        if (keys[k].used)
            continue;
        keys[k].used = true;
        keys[k].destructor = destructor;
        __libc_unlock(&keys_lock);
        *key = k;
        return 0;
    }
    __libc_unlock(&keys_lock);
    return EAGAIN;
}

/* A deleted key's values stay in the threads that set them, unread: a
 * key made again later starts from NULL only in threads that set it,
 * as POSIX allows (the application must have cleared them). */
int pthread_key_delete(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX)
        return EINVAL;
    __libc_lock(&keys_lock);
    int r = keys[key].used ? 0 : EINVAL;
    keys[key].used = false;
    keys[key].destructor = NULL;
    __libc_unlock(&keys_lock);
    __pthread_self()->specific[key] = NULL;
    return r;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
    if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
        return EINVAL;
    __pthread_self()->specific[key] = value;
    return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX)
        return NULL;
    return (void *)__pthread_self()->specific[key];
}

void __pthread_run_destructors(void)
{
    struct pthread *t = __pthread_self();
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        bool again = false;
        for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
            void *value = (void *)t->specific[k];
            void (*d)(void *) = keys[k].used ? keys[k].destructor : NULL;
            if (!value || !d)
                continue;
            t->specific[k] = NULL;
            d(value);
            again = true;
        }
        if (!again)
            return;
    }
}

/* once: 0 not yet run, 1 running, 2 running with waiters, 3 done. */
int pthread_once(pthread_once_t *once, void (*init)(void))
{
    int s = __atomic_load_n(once, __ATOMIC_ACQUIRE);
    while (s != 3) {
        if (s == 0) {
            if (!__atomic_compare_exchange_n(once, &s, 1, false, __ATOMIC_ACQUIRE,
                                             __ATOMIC_ACQUIRE))
                continue;
            init();
            if (__atomic_exchange_n(once, 3, __ATOMIC_RELEASE) == 2)
                futex((uint32_t *)once, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
            return 0;
        }
        if (s == 1 && !__atomic_compare_exchange_n(once, &s, 2, false, __ATOMIC_ACQUIRE,
                                                   __ATOMIC_ACQUIRE))
            continue;
        futex((uint32_t *)once, FUTEX_WAIT, 2, NULL, NULL, 0);
        s = __atomic_load_n(once, __ATOMIC_ACQUIRE);
    }
    return 0;
}

int pthread_attr_init(pthread_attr_t *attr)
{
    *attr = (pthread_attr_t){ .__detach = PTHREAD_CREATE_JOINABLE, .__guardsize = 4096 };
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
        return EINVAL;
    attr->__detach = state;
    return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
    *state = attr->__detach;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
    if (size < PTHREAD_STACK_MIN)
        return EINVAL;
    attr->__stacksize = size;
    return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *restrict attr, size_t *restrict size)
{
    *size = attr->__stacksize ? attr->__stacksize : THREAD_STACK_DEFAULT;
    return 0;
}

int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size)
{
    if (size < PTHREAD_STACK_MIN)
        return EINVAL;
    attr->__stackaddr = addr;
    attr->__stacksize = size;
    return 0;
}

int pthread_attr_getstack(const pthread_attr_t *restrict attr, void **restrict addr,
                          size_t *restrict size)
{
    *addr = attr->__stackaddr;
    *size = attr->__stacksize;
    return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size)
{
    attr->__guardsize = size;
    return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *restrict attr, size_t *restrict size)
{
    *size = attr->__guardsize;
    return 0;
}
