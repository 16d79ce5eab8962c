/* Program loading. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H
struct proc;
#define EXEC_MAXARG 64          /* argv + envp entries */
#define EXEC_ARGBYTES 4096      /* argv + envp strings, NULs included */
/* Replace p's address space with the static ELF32 program at path (in the
 * initrd) and set its registers to enter it with argv/envp (kernel strings,
 * NULL-terminated arrays; envp may be NULL). On error p is unchanged and
 * -ENOENT, -EACCES, -ENOEXEC, -E2BIG or -ENOMEM is returned. */
int exec_image(struct proc *p, const char *path, const char *const argv[], const char *const envp[]);
#endif
