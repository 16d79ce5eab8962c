/* uname [-asnrvmo]: the system's name (-s, the default), node name (-n),
 * release (-r), version (-v), machine (-m), operating system (-o), or all
 * of them (-a), in that order. Exits 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "tool.h"

int main(int argc, char **argv)
{
    struct utsname u;
    int want[6] = { 0 }, any = 0, opt;

    if (tool_start(argc, argv, "uname", "uname [-asnrvmo]"))
        return 0;
    while ((opt = getopt(argc, argv, "asnrvmo")) != -1) {
        const char *letters = "snrvmo", *at = strchr(letters, opt);
        if (opt == 'a') {
            for (int i = 0; i < 6; i++)
                want[i] = 1;
        } else if (at && opt != ':') {
            want[at - letters] = 1;
        } else {
            return tool_usage();
        }
        any = 1;
    }
    if (optind < argc) {
        fprintf(stderr, "uname: extra operand '%s'\n", argv[optind]);
        return tool_usage();
    }
    if (!any)
        want[0] = 1;
    if (uname(&u) < 0) {
        fprintf(stderr, "uname: %s\n", strerror(errno));
        return 1;
    }
#ifdef __shmos__
    const char *os = "shmos";
#else
    const char *os = "GNU/Linux";       /* what GNU uname says of Linux */
#endif
    const char *field[6] = { u.sysname, u.nodename, u.release, u.version, u.machine, os };
    const char *sep = "";
    for (int i = 0; i < 6; i++)
        if (want[i]) {
            printf("%s%s", sep, field[i]);
            sep = " ";
        }
    printf("\n");
    return 0;
}
