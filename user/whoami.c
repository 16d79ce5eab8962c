/* whoami: the name of the effective user (from /etc/passwd). Exits 1 if
 * it has none, 2 on bad usage. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: whoami\n");
        return 2;
    }
    uid_t uid = geteuid();
    struct passwd *pw = getpwuid(uid);
    if (!pw) {
        fprintf(stderr, "whoami: cannot find name for user ID %u\n", (unsigned)uid);
        return 1;
    }
    printf("%s\n", pw->pw_name);
    return 0;
}
