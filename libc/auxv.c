/* The auxiliary vector: crt0 hands its place to __libc_init_aux, which
 * first sets up the main thread's thread-local storage (tls.c), then
 * picks the system-call path (libc/syscall.S) from AT_HWCAP. */
#include <errno.h>
#include <shmos.h>
#include <sys/auxv.h>
#include "libc.h"

static const unsigned long *auxv;   /* {type, value} pairs up to AT_NULL */
int __syscall_sysenter;

void __libc_init_aux(char **envp)
{
    __libc_init_tls();              /* first: errno is thread-local */
    while (*envp)
        envp++;
    auxv = (const unsigned long *)(envp + 1);
    __syscall_sysenter = (getauxval(AT_HWCAP) & HWCAP_X86_SEP) != 0;
}

unsigned long getauxval(unsigned long type)
{
    for (const unsigned long *a = auxv; a && a[0] != AT_NULL; a += 2)
        if (a[0] == type)
            return a[1];
    errno = ENOENT;
    return 0;
}
