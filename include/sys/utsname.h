/* uname: what system this is. The strings are fixed in libc (uname.c):
 * shmos has no host name to set. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#define _UTSNAME_LENGTH 65

struct utsname {
    char sysname[_UTSNAME_LENGTH];      /* "shmos" */
    char nodename[_UTSNAME_LENGTH];     /* "shmos" */
    char release[_UTSNAME_LENGTH];      /* SHMOS_RELEASE */
    char version[_UTSNAME_LENGTH];      /* "#1" */
    char machine[_UTSNAME_LENGTH];      /* "i686" */
};

/* Fills *u; 0, or -1 with EFAULT if u is NULL. */
int uname(struct utsname *u);
#endif
