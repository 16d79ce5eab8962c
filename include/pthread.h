/* POSIX threads (libc/pthread*.c), with Linux's names and semantics.
 * Threads share the process's memory, files and signal actions; each has
 * its own stack, errno and thread-local storage (%gs, set by the kernel on
 * every switch). Every lock and condition variable is a word of memory
 * used with the futex (docs/futex.md): the uncontended paths make no
 * system call, and each works between processes (PTHREAD_PROCESS_SHARED)
 * when it lives in shared memory. The layouts below are shmos's own; a
 * program uses only the names. */
#ifndef _PTHREAD_H
#define _PTHREAD_H
#include <sched.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

typedef unsigned long pthread_t;        /* the thread's control block */

typedef struct {
    int __detach;                       /* PTHREAD_CREATE_* */
    size_t __stacksize;                 /* 0: the default */
    void *__stackaddr;                  /* the lowest byte of a caller's stack, or NULL */
    size_t __guardsize;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED  1
#define PTHREAD_STACK_MIN       16384
#define PTHREAD_CANCELED        ((void *)-1)

enum {
    PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK,
    PTHREAD_MUTEX_DEFAULT = PTHREAD_MUTEX_NORMAL,
};

typedef struct {
    int __kind;                         /* PTHREAD_MUTEX_* */
    int __pshared;
} pthread_mutexattr_t;

typedef struct {
    volatile unsigned __lock;           /* futex word: 0 free, 1 locked, 2 locked with waiters */
    int __kind;
    int __pshared;
    volatile int __owner;               /* gettid() of the holder (recursive, error-checking) */
    unsigned __count;                   /* recursive: times locked by the owner */
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER { 0, PTHREAD_MUTEX_NORMAL, 0, 0, 0 }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP { 0, PTHREAD_MUTEX_RECURSIVE, 0, 0, 0 }
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP { 0, PTHREAD_MUTEX_ERRORCHECK, 0, 0, 0 }

typedef struct {
    int __pshared;
    clockid_t __clock;                  /* of pthread_cond_timedwait's deadline */
} pthread_condattr_t;

typedef struct {
    volatile unsigned __seq;            /* futex word: moves on at every signal and broadcast */
    int __pshared;
    clockid_t __clock;
    volatile unsigned __waiters;        /* threads in a wait: 0 lets a signal skip the wake */
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER { 0, 0, CLOCK_REALTIME, 0 }

typedef struct {
    int __pshared;
} pthread_rwlockattr_t;

typedef struct {
    volatile unsigned __state;          /* futex word: readers, writer and waiter bits */
    volatile unsigned __wseq;           /* futex word writers wait on */
    int __pshared;
    volatile int __writer;              /* gettid() of the writer holding it, or 0 */
    volatile unsigned __wwait;          /* writers waiting: new readers wait behind them */
} pthread_rwlock_t;
#define PTHREAD_RWLOCK_INITIALIZER { 0, 0, 0, 0, 0 }

typedef struct {
    int __pshared;
} pthread_barrierattr_t;

typedef struct {
    volatile unsigned __seq;            /* futex word: the round */
    volatile unsigned __arrived;
    unsigned __count;
    int __pshared;
} pthread_barrier_t;
#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

typedef volatile int pthread_spinlock_t;

typedef volatile int pthread_once_t;
#define PTHREAD_ONCE_INIT 0

typedef unsigned pthread_key_t;
#define PTHREAD_KEYS_MAX 128
#define PTHREAD_DESTRUCTOR_ITERATIONS 4

/* Threads. */
int pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
                   void *(*start)(void *), void *restrict arg);
int pthread_join(pthread_t thread, void **retval);
int pthread_detach(pthread_t thread);
_Noreturn void pthread_exit(void *retval);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_once(pthread_once_t *once, void (*init)(void));
int pthread_kill(pthread_t thread, int sig);

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *restrict attr, size_t *restrict size);
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size);
int pthread_attr_getstack(const pthread_attr_t *restrict attr, void **restrict addr,
                          size_t *restrict size);
int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size);
int pthread_attr_getguardsize(const pthread_attr_t *restrict attr, size_t *restrict size);

/* Thread-specific data. */
int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);
void *pthread_getspecific(pthread_key_t key);

/* Mutexes. */
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int kind);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *restrict attr, int *restrict kind);
int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared);
int pthread_mutexattr_getpshared(const pthread_mutexattr_t *restrict attr, int *restrict pshared);
int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_timedlock(pthread_mutex_t *restrict m, const struct timespec *restrict abstime);
int pthread_mutex_unlock(pthread_mutex_t *m);

/* Condition variables. */
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared);
int pthread_condattr_getpshared(const pthread_condattr_t *restrict attr, int *restrict pshared);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *restrict attr, clockid_t *restrict clock);
int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m);
int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                           const struct timespec *restrict abstime);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);

/* Read-write locks. */
int pthread_rwlockattr_init(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *attr, int pshared);
int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *restrict attr, int *restrict pshared);
int pthread_rwlock_init(pthread_rwlock_t *restrict rw, const pthread_rwlockattr_t *restrict attr);
int pthread_rwlock_destroy(pthread_rwlock_t *rw);
int pthread_rwlock_rdlock(pthread_rwlock_t *rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedrdlock(pthread_rwlock_t *restrict rw, const struct timespec *restrict abstime);
int pthread_rwlock_wrlock(pthread_rwlock_t *rw);
int pthread_rwlock_trywrlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedwrlock(pthread_rwlock_t *restrict rw, const struct timespec *restrict abstime);
int pthread_rwlock_unlock(pthread_rwlock_t *rw);

/* Barriers. */
int pthread_barrierattr_init(pthread_barrierattr_t *attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t *attr);
int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared);
int pthread_barrierattr_getpshared(const pthread_barrierattr_t *restrict attr, int *restrict pshared);
int pthread_barrier_init(pthread_barrier_t *restrict b, const pthread_barrierattr_t *restrict attr,
                         unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *b);
int pthread_barrier_wait(pthread_barrier_t *b);

/* Spin locks. */
int pthread_spin_init(pthread_spinlock_t *s, int pshared);
int pthread_spin_destroy(pthread_spinlock_t *s);
int pthread_spin_lock(pthread_spinlock_t *s);
int pthread_spin_trylock(pthread_spinlock_t *s);
int pthread_spin_unlock(pthread_spinlock_t *s);
#endif
