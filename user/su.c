/* su [USER] [-c CMD]: run a shell (USER's from /etc/passwd, sh -c CMD
 * with -c) as USER (default root), with USER's group and the groups
 * /etc/group lists it in; HOME, USER and LOGNAME are set to USER's, the
 * directory stays. shmos has no passwords: only root may use su; anyone
 * else gets "su: only root may switch users" and status 1 (as a wrong
 * password would). Exits 1 for an unknown user, 2 on bad usage, 127 if
 * the shell cannot be run. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GROUPS_MAX 32

static int usage(void)
{
    fprintf(stderr, "usage: su [USER] [-c CMD]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *user = "root", *cmd = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
            cmd = argv[++i];
        else if (argv[i][0] != '-' && strcmp(user, "root") == 0 && i == 1)
            user = argv[i];
        else
            return usage();
    }
    if (geteuid() != 0) {
        fprintf(stderr, "su: only root may switch users\n");
        return 1;
    }
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        fprintf(stderr, "su: user %s does not exist\n", user);
        return 1;
    }
    gid_t groups[GROUPS_MAX];
    int n = GROUPS_MAX;
    if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
        n = GROUPS_MAX;
    if (setgroups((size_t)n, groups) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
        perror("su");
        return 1;
    }
    setenv("HOME", pw->pw_dir, 1);
    setenv("USER", pw->pw_name, 1);
    setenv("LOGNAME", pw->pw_name, 1);
    const char *shell = *pw->pw_shell ? pw->pw_shell : "/bin/sh";
    if (cmd)
        execl(shell, shell, "-c", cmd, (char *)NULL);
    else
        execl(shell, shell, (char *)NULL);
    perror("su");
    return 127;
}
