/* chown OWNER[:GROUP] FILE... (or :GROUP alone): gives each file to user
 * OWNER and/or group GROUP, each a name from /etc/passwd and /etc/group or
 * a number. Only root may give a file away; a file's owner may set its
 * group to one of their own. Exits 1 if a file could not be changed (its
 * error named), 2 on bad usage or an unknown user or group. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

/* name as a number, or -1 if it is not one. */
static long number(const char *name)
{
    char *end;
    if (!*name)
        return -1;
    unsigned long n = strtoul(name, &end, 10);
    return *end || n > 0x7fffffffUL ? -1 : (long)n;
}

/* The id user (group if is_group) name stands for; -1 after an error. */
static long id_of(const char *name, int is_group)
{
    long n = number(name);
    if (n >= 0)
        return n;
    if (is_group) {
        struct group *g = getgrnam(name);
        if (g)
            return g->gr_gid;
    } else {
        struct passwd *pw = getpwnam(name);
        if (pw)
            return pw->pw_uid;
    }
    fprintf(stderr, "chown: invalid %s: %s\n", is_group ? "group" : "user", name);
    return -1;
}

int main(int argc, char **argv)
{
    if (tool_start(argc, argv, "chown", "chown OWNER[:GROUP] FILE..."))
        return 0;
    if (argc < 3)
        return tool_usage();
    char spec[256];
    snprintf(spec, sizeof spec, "%s", argv[1]);
    char *colon = strchr(spec, ':');
    if (colon)
        *colon = '\0';
    long uid = -1, gid = -1;
    if (*spec && (uid = id_of(spec, 0)) < 0)
        return 2;
    if (colon && colon[1] && (gid = id_of(colon + 1, 1)) < 0)
        return 2;
    if (uid < 0 && gid < 0)
        return tool_usage();
    int status = 0;
    for (int i = 2; i < argc; i++) {
        if (chown(argv[i], (uid_t)uid, (gid_t)gid) < 0) {
            fprintf(stderr, "chown: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
