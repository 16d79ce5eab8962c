/* The group database, /etc/group (libc/grp.c): one line per group,
 * name:password:gid:member,member,... Each call returns a pointer to one
 * static record (gr_mem NULL-terminated, at most GROUP_MEMBERS_MAX
 * members), overwritten by the next call; NULL at the end or if not
 * found. */
#ifndef _GRP_H
#define _GRP_H
#include <sys/types.h>

#define GROUP_MEMBERS_MAX 32

struct group {
    char *gr_name;
    char *gr_passwd;
    gid_t gr_gid;
    char **gr_mem;
};

struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
/* The next entry (from the first after setgrent); endgrent closes the file. */
struct group *getgrent(void);
void setgrent(void);
void endgrent(void);
/* group, then every group listing user: into groups (room for *ngroups);
 * sets *ngroups to how many; returns it, or -1 if they did not fit. */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);
int setgroups(size_t size, const gid_t *list);
#endif
