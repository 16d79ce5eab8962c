/* POSIX threads: creation, exit, join and detach (see <pthread.h>).
 * A thread is the kernel's thread_new: a thread of this process with its
 * own id, sharing memory. Each new thread gets one private mapping: a
 * guard page, its stack, then its TLS block and control block at the top
 * (tls.c). The kernel zeroes the control block's tid and wakes a futex
 * waiter on it when the thread has ended: pthread_join waits for that,
 * and only then may the mapping go. A detached thread cannot unmap its
 * own stack while running on it, so it leaves the mapping on a list that
 * the next pthread_create or pthread_join gives back once the tid shows
 * the thread gone. A mapping given back is kept for the next thread of
 * the same size (up to CACHE_MAX of them, as glibc caches stacks): a
 * create then maps nothing, and a join unmaps nothing (an unmap costs a
 * TLB shootdown on every CPU the process ran on). */
#include <errno.h>
#include <shmos.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <unistd.h>
#include "pthread_impl.h"

#define PAGE 4096

int __thread_new(void *eip, void *esp, void *tls, volatile int *ctid);
_Noreturn void __thread_exit(int status);

static int nthreads = 1;            /* [atomic] threads of this process that have not ended */
static struct __libc_lock dead_lock;
static struct pthread *dead;        /* [dead_lock] detached threads' mappings to give back */

#define CACHE_MAX 4
static struct stack_map {
    char *map;                      /* [dead_lock] NULL: a free entry */
    size_t size, guard;
} cache[CACHE_MAX];

/* A kept mapping of size bytes with guard bytes of guard pages, or NULL. */
static char *cache_take(size_t size, size_t guard)
{
    char *map = NULL;
    __libc_lock(&dead_lock);
    for (int i = 0; i < CACHE_MAX && !map; i++) {
        if (cache[i].map && cache[i].size == size && cache[i].guard == guard) {
            map = cache[i].map;
            cache[i].map = NULL;
        }
    }
    __libc_unlock(&dead_lock);
    return map;
}

/* Keep an ended thread's mapping for a later thread, or unmap it. */
static void give_back(char *map, size_t size, size_t guard)
{
    __libc_lock(&dead_lock);
    for (int i = 0; i < CACHE_MAX && map; i++) {
        if (!cache[i].map) {
            cache[i] = (struct stack_map){ map, size, guard };
            map = NULL;
        }
    }
    __libc_unlock(&dead_lock);
    if (map)
        munmap(map, size);
}

/* Give back the mappings of detached threads that have ended. */
static void reap_dead(void)
{
    struct pthread *gone = NULL;        /* taken off the list, given back below */
    __libc_lock(&dead_lock);
    for (struct pthread **pp = &dead; *pp; ) {
        struct pthread *t = *pp;
        if (__atomic_load_n(&t->tid, __ATOMIC_ACQUIRE) != 0) {
            pp = &t->dead_next;
            continue;
        }
        *pp = t->dead_next;
        t->dead_next = gone;
        gone = t;
    }
    __libc_unlock(&dead_lock);
    while (gone) {
        struct pthread *t = gone;
        gone = t->dead_next;            /* read before the mapping holding t may be reused */
        give_back(t->map, t->map_size, t->guard_size);
    }
}

/* The first C code of a new thread: %esp was set so that t is its
 * argument. */
static _Noreturn void thread_main(struct pthread *t)
{
    pthread_exit(t->start(t->arg));
}

int pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
                   void *(*start)(void *), void *restrict arg)
{
    pthread_attr_t def;
    if (!attr) {
        pthread_attr_init(&def);
        attr = &def;
    }
    reap_dead();
    size_t tls = __tls_area_size();
    size_t stack = attr->__stacksize ? attr->__stacksize : THREAD_STACK_DEFAULT;
    size_t guard = (attr->__guardsize + PAGE - 1) & ~(size_t)(PAGE - 1);
    char *map = NULL, *top;
    size_t map_size = 0;
    if (attr->__stackaddr) {
        /* The caller's stack: the TLS and control block take its top. */
        uintptr_t end = ((uintptr_t)attr->__stackaddr + attr->__stacksize) & ~(uintptr_t)63;
        if (attr->__stacksize < tls + 256)
            return EINVAL;
        top = (char *)end - tls;
    } else {
        map_size = (guard + stack + tls + PAGE - 1) & ~(size_t)(PAGE - 1);
        map = cache_take(map_size, guard);
        if (!map) {
            map = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (map == MAP_FAILED)
                return EAGAIN;
            if (guard && mprotect(map, guard, PROT_NONE) < 0) {
                munmap(map, map_size);
                return EAGAIN;
            }
        }
        top = map + ((map_size - tls) & ~(size_t)63);
    }
    struct pthread *t = __tls_setup(top);
    t->start = start;
    t->arg = arg;
    t->map = map;
    t->map_size = map_size;
    t->guard_size = guard;
    t->state = attr->__detach == PTHREAD_CREATE_DETACHED ? THREAD_DETACHED : THREAD_JOINABLE;

    /* thread_main(t) as if called: t at a 16-byte aligned address, a
     * return address (none) below it. */
    uintptr_t *sp = (uintptr_t *)(((uintptr_t)top - 16) & ~(uintptr_t)15);
    sp[0] = (uintptr_t)t;
    sp[-1] = 0;
    __atomic_store_n(&__libc_threaded, true, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&nthreads, 1, __ATOMIC_RELAXED);
    int saved = errno;
    int tid = __thread_new((void *)thread_main, sp - 1, t, &t->tid);
    if (tid < 0) {
        __atomic_sub_fetch(&nthreads, 1, __ATOMIC_RELAXED);
        int err = errno == EINVAL ? EINVAL : EAGAIN;
        errno = saved;
        if (map)
            give_back(map, map_size, guard);
        return err;
    }
    /* t->tid already holds tid: the kernel stores it before the thread
     * can run (and zeroes it at the end), so neither side races. */
    *thread = (pthread_t)t;
    return 0;
}

_Noreturn void pthread_exit(void *retval)
{
    struct pthread *t = __pthread_self();
    __pthread_run_destructors();
    t->result = retval;
    int was = __atomic_exchange_n(&t->state, THREAD_EXITED, __ATOMIC_ACQ_REL);
    if (was == THREAD_DETACHED && t->map) {
        __libc_lock(&dead_lock);
        t->dead_next = dead;
        dead = t;
        __libc_unlock(&dead_lock);
    }
    if (__atomic_sub_fetch(&nthreads, 1, __ATOMIC_ACQ_REL) == 0)
        exit(0);                    /* the last thread: the process ends as main's return would */
    __thread_exit(0);
}

/* Wait until the kernel shows t ended: its tid word zeroed. */
static void wait_gone(struct pthread *t)
{
    for (;;) {
        int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
        if (tid == 0)
            return;
        futex((uint32_t *)&t->tid, FUTEX_WAIT, (uint32_t)tid, NULL, NULL, 0);
    }
}

int pthread_join(pthread_t thread, void **retval)
{
    struct pthread *t = (struct pthread *)thread;
    if (!t || t->self != t)
        return ESRCH;
    if (t == __pthread_self())
        return EDEADLK;
    if (t->state == THREAD_DETACHED)
        return EINVAL;
    int saved = errno;
    wait_gone(t);
    void *result = t->result;
    if (t->map)
        give_back(t->map, t->map_size, t->guard_size);
    errno = saved;
    reap_dead();
    if (retval)
        *retval = result;
    return 0;
}

int pthread_detach(pthread_t thread)
{
    struct pthread *t = (struct pthread *)thread;
    if (!t || t->self != t)
        return ESRCH;
    int joinable = THREAD_JOINABLE;
    if (__atomic_compare_exchange_n(&t->state, &joinable, THREAD_DETACHED, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return 0;                   /* it will leave its mapping on the dead list */
    if (joinable == THREAD_DETACHED)
        return EINVAL;
    int saved = errno;              /* it has exited: nobody will join it */
    wait_gone(t);
    if (t->map)
        give_back(t->map, t->map_size, t->guard_size);
    errno = saved;
    return 0;
}

pthread_t pthread_self(void)
{
    return (pthread_t)__pthread_self();
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}

int pthread_kill(pthread_t thread, int sig)
{
    struct pthread *t = (struct pthread *)thread;
    int tid = t ? __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE) : 0;
    if (tid == 0)
        return ESRCH;
    int saved = errno;
    int r = kill(tid, sig) < 0 ? errno : 0;
    errno = saved;
    return r;
}

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict oldset)
{
    int saved = errno;
    int r = sigprocmask(how, set, oldset) < 0 ? errno : 0;
    errno = saved;
    return r;
}

pid_t __fork(void);

/* fork: the system call, with the heap held across it so that the child's
 * copy is consistent even if other threads were allocating; the child's
 * one thread (a copy of the caller) learns its new id, and the locks
 * other threads may have held are free in the child (POSIX lets a child
 * of a threaded process use only async-signal-safe calls; malloc and
 * stdio work in it all the same, as with glibc). */
pid_t fork(void)
{
    __malloc_fork_prepare();
    pid_t pid = __fork();
    if (pid == 0) {
        __pthread_self()->tid = gettid();
        nthreads = 1;
        __malloc_fork_child();
        __stdio_fork_child();
    } else {
        __malloc_fork_parent();
    }
    return pid;
}
