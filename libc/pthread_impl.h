/* What libc's thread files share (not a public header): the thread
 * control block, thread-local storage, and the small locks libc's own
 * shared state (malloc, stdio streams) takes once threads exist. */
#ifndef LIBC_PTHREAD_IMPL_H
#define LIBC_PTHREAD_IMPL_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "libc.h"

/* A thread's control block: at its thread pointer (%gs:0 holds its own
 * address, as the i386 TLS ABI wants), just above its TLS block. */
struct pthread {
    struct pthread *self;           /* %gs:0 */
    volatile int tid;               /* gettid(); zeroed and futex-woken by the kernel at exit */
    volatile int state;             /* [atomic] THREAD_JOINABLE, _DETACHED or _EXITED */
    void *result;                   /* pthread_exit's value, for pthread_join */
    void *(*start)(void *);
    void *arg;
    void *map;                      /* the mapping of its stack, TLS and this block; NULL: main */
    size_t map_size;
    size_t guard_size;              /* the PROT_NONE pages at the mapping's bottom */
    const void *specific[PTHREAD_KEYS_MAX];     /* pthread_setspecific's values */
    struct pthread *dead_next;      /* [dead_lock] on the list of mappings to give back */
};
enum { THREAD_JOINABLE, THREAD_DETACHED, THREAD_EXITED };
/* A new thread's stack unless its attributes say otherwise: Linux's is
 * 8 MiB, but shmos commits all that a process maps (no overcommit). */
#define THREAD_STACK_DEFAULT (256 * 1024)

/* The calling thread's control block. */
static inline struct pthread *__pthread_self(void)
{
    struct pthread *t;
    __asm__("movl %%gs:0, %0" : "=r"(t));
    return t;
}
/* The calling thread's kernel id (gettid), as locks record their owner:
 * unique among the live threads of every process. */
int __pthread_tid(void);

/* tls.c: the bytes a thread's TLS block and control block take (64-byte
 * aligned at both ends). */
size_t __tls_area_size(void);
/* Lay out a thread's TLS block (a copy of the program's template) and
 * control block in the area at base (__tls_area_size bytes, 64-aligned);
 * returns the control block, zeroed but for self. */
struct pthread *__tls_setup(void *base);
/* Load the calling thread's %gs with the kernel's TLS segment based at t.
 * 0, or -1 with errno set. */
int __tls_activate(struct pthread *t);

/* pthread_key.c: run the calling thread's thread-specific-data destructors. */
void __pthread_run_destructors(void);

#endif
