/* id [-u | -g | -G] [-n] [USER]: user and group ids, as GNU id prints
 * them: "uid=1000(alice) gid=1000(alice) groups=1000(alice),100(users)",
 * with euid= and egid= when they differ from the real ids. Without USER
 * the caller's (effective ids for -u and -g); with USER, that user's from
 * /etc/passwd and /etc/group. -u, -g, -G print only the (effective) user
 * id, group id or every group id; -n names instead of numbers. Exits 1 for
 * an unknown user, 2 on bad usage. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GROUPS_MAX 32

static const char *user_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    return pw ? pw->pw_name : NULL;
}

static const char *group_name(gid_t gid)
{
    struct group *gr = getgrgid(gid);
    return gr ? gr->gr_name : NULL;
}

/* Print id as "N(name)", "N" if name is NULL, or (names) only the name
 * (the number if it has none). */
static void show(unsigned id, const char *name, int names)
{
    if (names)
        printf("%s", name ? name : "");
    if (names && !name)
        printf("%u", id);
    if (!names)
        printf(name ? "%u(%s)" : "%u", id, name);
}

/* The caller's groups: its group id, then the supplementary ones. */
static int own_groups(gid_t gid, gid_t *list)
{
    gid_t sup[GROUPS_MAX];
    int k = getgroups(GROUPS_MAX, sup), n = 0;
    list[n++] = gid;
    for (int i = 0; i < k && n < GROUPS_MAX; i++)
        if (sup[i] != gid)
            list[n++] = sup[i];
    return n;
}

static int usage(void)
{
    fprintf(stderr, "usage: id [-u | -g | -G] [-n] [USER]\n");
    return 2;
}

int main(int argc, char **argv)
{
    int only = 0, names = 0, opt;
    while ((opt = getopt(argc, argv, "ugGn")) != -1) {
        if (opt == 'n')
            names = 1;
        else if (opt == 'u' || opt == 'g' || opt == 'G')
            only = only && only != opt ? '!' : opt;
        else
            return usage();
    }
    if (argc - optind > 1 || only == '!' || (names && !only))
        return usage();
    uid_t ruid, euid;
    gid_t rgid, egid, groups[GROUPS_MAX];
    int ngroups;
    if (optind < argc) {
        struct passwd *pw = getpwnam(argv[optind]);
        if (!pw) {
            fprintf(stderr, "id: '%s': no such user\n", argv[optind]);
            return 1;
        }
        ruid = euid = pw->pw_uid;
        rgid = egid = pw->pw_gid;
        ngroups = GROUPS_MAX;
        if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ngroups) < 0)
            ngroups = GROUPS_MAX;
    } else {
        ruid = getuid();
        euid = geteuid();
        rgid = getgid();
        egid = getegid();
        ngroups = own_groups(egid, groups);
    }
    if (only == 'u' || only == 'g') {
        if (only == 'u')
            show(euid, names ? user_name(euid) : NULL, names);
        else
            show(egid, names ? group_name(egid) : NULL, names);
        printf("\n");
        return 0;
    }
    if (only == 'G') {
        for (int i = 0; i < ngroups; i++) {
            printf(i ? " " : "");
            show(groups[i], names ? group_name(groups[i]) : NULL, names);
        }
        printf("\n");
        return 0;
    }
    printf("uid=");
    show(ruid, user_name(ruid), 0);
    printf(" gid=");
    show(rgid, group_name(rgid), 0);
    if (euid != ruid) {
        printf(" euid=");
        show(euid, user_name(euid), 0);
    }
    if (egid != rgid) {
        printf(" egid=");
        show(egid, group_name(egid), 0);
    }
    printf(" groups=");
    for (int i = 0; i < ngroups; i++) {
        printf(i ? "," : "");
        show(groups[i], group_name(groups[i]), 0);
    }
    printf("\n");
    return 0;
}
