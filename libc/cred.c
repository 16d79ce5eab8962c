/* The credential calls libc builds from the kernel's (kernel/cred.c):
 * seteuid and setegid change only the effective id (real and saved stay),
 * as glibc's do, through setresuid and setresgid. */
#include <unistd.h>

int seteuid(uid_t euid)
{
    return setresuid((uid_t)-1, euid, (uid_t)-1);
}

int setegid(gid_t egid)
{
    return setresgid((gid_t)-1, egid, (gid_t)-1);
}
