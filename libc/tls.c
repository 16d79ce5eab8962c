/* Thread-local storage (the i386 ELF TLS ABI, variant II, local-exec):
 * a thread's __thread variables live in a block just below its thread
 * pointer, a copy of the program's template (user/user.ld: .tdata's
 * initial values, then .tbss's zeros, __tls_size bytes, 64-aligned). The
 * thread pointer is the thread's control block, whose first word holds
 * its own address, and the base of the segment the kernel loads into
 * %gs for that thread (set_tls). gcc reaches a variable x as %gs:x@ntpoff,
 * a negative offset. The main thread's block is static; pthread_create
 * puts each new thread's at the top of its stack's mapping. */
#include <errno.h>
#include <shmos.h>
#include <string.h>
#include <unistd.h>
#include "pthread_impl.h"

extern const char __tls_image[], __tls_image_size[], __tls_size[];   /* user.ld */

int __set_tls(void *base);

#define TLS_ALIGN 64
#define MAIN_AREA 8192                  /* room for the main thread's TLS and control block */

static size_t round_up(size_t n) { return (n + TLS_ALIGN - 1) & ~(size_t)(TLS_ALIGN - 1); }

size_t __tls_area_size(void)
{
    return (size_t)__tls_size + round_up(sizeof(struct pthread));
}

struct pthread *__tls_setup(void *base)
{
    char *block = base;
    memcpy(block, __tls_image, (size_t)__tls_image_size);
    memset(block + (size_t)__tls_image_size, 0, (size_t)__tls_size - (size_t)__tls_image_size);
    struct pthread *t = (struct pthread *)(block + (size_t)__tls_size);
    memset(t, 0, sizeof(*t));
    t->self = t;
    return t;
}

int __tls_activate(struct pthread *t)
{
    int sel = __set_tls(t);
    if (sel < 0)
        return -1;
    __asm__ volatile("movw %w0, %%gs" : : "r"(sel) : "memory");
    return 0;
}

/* The first thread's: before anything touches errno (crt0, first of all).
 * A failure here cannot even set errno: the program stops. */
void __libc_init_tls(void)
{
    static char area[MAIN_AREA] __attribute__((aligned(TLS_ALIGN)));
    if (__tls_area_size() > sizeof(area)) {
        static const char msg[] = "libc: thread-local storage too large\n";
        write(2, msg, sizeof(msg) - 1);     /* fails without a word: errno is out of reach */
        _exit(127);
    }
    struct pthread *t = __tls_setup(area);
    if (__tls_activate(t) < 0)
        _exit(127);
    t->tid = gettid();
    t->state = THREAD_JOINABLE;
}

int __pthread_tid(void)
{
    return __pthread_self()->tid;
}
