/* dirname NAME: the directory part of NAME, as POSIX says: "." if it has
 * no slash, "/" for the root; trailing slashes and the last component go.
 * Exits 2 on bad usage. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--") == 0) {
        argv[1] = argv[0];      /* the end of the options: skip it */
        argv++;
        argc--;
    } else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--help") != 0) {
        fprintf(stderr, "%s: invalid option '%s'\nusage: %s\n", "dirname", argv[1], "dirname NAME");
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: dirname NAME\n");
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: dirname NAME\n");
        return 2;
    }
    char *s = argv[1];
    size_t len = strlen(s);
    while (len > 1 && s[len - 1] == '/')   /* trailing slashes */
        len--;
    while (len > 0 && s[len - 1] != '/')   /* the last component */
        len--;
    if (len == 0) {
        printf(".\n");
        return 0;
    }
    while (len > 1 && s[len - 1] == '/')   /* the slashes before it */
        len--;
    printf("%.*s\n", (int)len, s);
    return 0;
}
