/* What the system calls taking a path share (syspath.c, sysperm.c). */
#ifndef KERNEL_SYSPATH_H
#define KERNEL_SYSPATH_H
#include "proc.h"
#include "tmpfs.h"

/* The caller as the file system sees it: its process's current directory
 * (held: path_done drops it) and credentials. */
static inline struct tmpfs_who path_caller(void)
{
    struct proc *p = myproc();
    return (struct tmpfs_who){ proc_cwd_hold(p), proc_cred(p) };
}

/* The end of a path_caller's use. */
static inline void path_done(const struct tmpfs_who *who)
{
    tmpfs_put(who->cwd);
}

/* The node user path upath names for who, held, in *out: 0, -EFAULT,
 * -ENAMETOOLONG, or tmpfs_lookup's -errno. */
int path_lookup(const struct tmpfs_who *who, uaddr_t upath, struct tnode **out);
#endif
