/* basename NAME [SUFFIX]: NAME without its directories (and without
 * SUFFIX, unless that is all of it), as POSIX says: "/" stays "/",
 * trailing slashes go. Exits 2 on bad usage. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--") == 0) {
        argv[1] = argv[0];      /* the end of the options: skip it */
        argv++;
        argc--;
    } else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--help") != 0) {
        fprintf(stderr, "%s: invalid option '%s'\nusage: %s\n", "basename", argv[1], "basename NAME [SUFFIX]");
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: basename NAME [SUFFIX]\n");
        return 0;
    }
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: basename NAME [SUFFIX]\n");
        return 2;
    }
    char *s = argv[1];
    size_t len = strlen(s);
    while (len > 1 && s[len - 1] == '/')
        len--;
    if (len == 1 && s[0] == '/') {
        printf("/\n");
        return 0;
    }
    s[len] = '\0';
    char *slash = strrchr(s, '/');
    char *base = slash ? slash + 1 : s;
    len = strlen(base);
    if (argc == 3) {
        size_t n = strlen(argv[2]);
        if (n < len && strcmp(base + len - n, argv[2]) == 0)
            base[len - n] = '\0';
    }
    printf("%s\n", base);
    return 0;
}
