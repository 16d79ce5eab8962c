/* which [-a] NAME...: the path of the program each NAME runs, searched in
 * $PATH (a NAME with a '/' is checked as it is); -a: every match. Exits 0
 * if all were found, 1 if one was not, 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tool.h"

static int executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Prints where name is found (all places with every); 1 if it was. */
static int find(const char *name, int every)
{
    if (strchr(name, '/')) {
        if (!executable(name))
            return 0;
        printf("%s\n", name);
        return 1;
    }
    const char *path = getenv("PATH");
    int found = 0;
    if (!path)
        path = "/bin";
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char full[512];
        if (snprintf(full, sizeof full, "%.*s%s%s", (int)n, n ? p : ".", "/", name) < (int)sizeof full
            && executable(full)) {
            printf("%s\n", full);
            found = 1;
            if (!every)
                return 1;
        }
        if (!end)
            return found;
        p = end;
    }
}

int main(int argc, char **argv)
{
    int every = 0, opt, status = 0;

    if (tool_start(argc, argv, "which", "which [-a] NAME..."))
        return 0;
    while ((opt = getopt(argc, argv, "a")) != -1) {
        if (opt != 'a')
            return tool_usage();
        every = 1;
    }
    if (optind >= argc)
        return tool_usage();
    for (int i = optind; i < argc; i++)
        if (!find(argv[i], every))
            status = 1;
    return status;
}
