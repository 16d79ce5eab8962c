/* The user database, /etc/passwd (libc/pwd.c): one line per user,
 * name:password:uid:gid:gecos:home:shell. The password field is not used
 * (shmos has no passwords: "x"). Each call returns a pointer to one static
 * record, overwritten by the next call; NULL at the end or if not found. */
#ifndef _PWD_H
#define _PWD_H
#include <sys/types.h>

struct passwd {
    char *pw_name;
    char *pw_passwd;
    uid_t pw_uid;
    gid_t pw_gid;
    char *pw_gecos;
    char *pw_dir;
    char *pw_shell;
};

struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);
/* The next entry (from the first after setpwent); endpwent closes the file. */
struct passwd *getpwent(void);
void setpwent(void);
void endpwent(void);
#endif
