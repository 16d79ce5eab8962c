/* uname: fixed strings, no system call (a kernel of one version, on one
 * machine, without a host name). */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#define SHMOS_RELEASE "1.0"

int uname(struct utsname *u)
{
    if (!u) {
        errno = EFAULT;
        return -1;
    }
    memset(u, 0, sizeof *u);
    strcpy(u->sysname, "shmos");
    strcpy(u->nodename, "shmos");
    strcpy(u->release, SHMOS_RELEASE);
    strcpy(u->version, "#1");
    strcpy(u->machine, "i686");
    return 0;
}
