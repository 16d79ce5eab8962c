/* The auxiliary vector: what the kernel tells a new image about the
 * machine. It follows envp's NULL on the initial stack (the SysV i386
 * layout: argc, argv..., NULL, envp..., NULL, then {type, value} pairs up
 * to AT_NULL). The types are Linux's numbers. */
#ifndef SHMOS_AUXV_H
#define SHMOS_AUXV_H
#define AT_NULL   0         /* the end of the vector */
#define AT_PAGESZ 6         /* the page size */
#define AT_HWCAP  16        /* CPUID leaf 1's EDX, as the kernel allows it */
#define HWCAP_X86_SEP (1u << 11)    /* system calls may use sysenter (libc/syscall.S) */
#endif
