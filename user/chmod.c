/* chmod MODE FILE...: sets each file's permission bits. MODE is octal
 * (0755, 4755) or symbolic: comma-separated clauses of who (u, g, o, a;
 * none means a, without consulting the umask as POSIX would), an operator
 * (+ adds, - removes, = sets) and permissions (r, w, x, X: x if a
 * directory or already executable by someone, s: set-id, t: sticky), e.g.
 * u+x, go-w, a=r,u+w. Exits 1 if a file could not be changed (its error
 * named), 2 on bad usage or a bad mode. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "tool.h"

/* The bits of who (a mask of u, g and o bits) that perms name, for a file
 * of mode old. */
static mode_t perm_bits(const char **p, mode_t who, mode_t old)
{
    mode_t bits = 0;
    for (; **p && strchr("rwxXst", **p); (*p)++) {
        switch (**p) {
        case 'r': bits |= who & 0444; break;
        case 'w': bits |= who & 0222; break;
        case 'x': bits |= who & 0111; break;
        case 'X':
            if (S_ISDIR(old) || (old & 0111))
                bits |= who & 0111;
            break;
        case 's': bits |= (who & 0700 ? S_ISUID : 0) | (who & 0070 ? S_ISGID : 0); break;
        case 't': bits |= S_ISVTX; break;
        }
    }
    return bits;
}

/* The mode that symbolic mode spec makes of old; -1 if spec is malformed. */
static long symbolic(const char *spec, mode_t old)
{
    mode_t mode = old & 07777;
    const char *p = spec;
    for (;;) {
        mode_t who = 0;
        for (; *p && strchr("ugoa", *p); p++)
            who |= *p == 'u' ? 04700 : *p == 'g' ? 02070 : *p == 'o' ? 0007 : 07777;
        if (!who)
            who = 07777;
        if (!*p || !strchr("+-=", *p))
            return -1;
        while (*p && strchr("+-=", *p)) {
            char op = *p++;
            mode_t bits = perm_bits(&p, who, old);
            if (op == '+')
                mode |= bits;
            else if (op == '-')
                mode &= ~bits;
            else
                mode = (mode & ~who) | bits;
        }
        if (!*p)
            return mode;
        if (*p++ != ',')
            return -1;
    }
}

/* The octal mode spec, or -1 if it is not one. */
static long octal(const char *spec)
{
    long mode = 0;
    for (const char *p = spec; *p; p++) {
        if (*p < '0' || *p > '7' || mode > 07777)
            return -1;
        mode = mode * 8 + (*p - '0');
    }
    return *spec && mode <= 07777 ? mode : -1;
}

int main(int argc, char **argv)
{
    if (tool_start(argc, argv, "chmod", "chmod MODE FILE..."))
        return 0;
    if (argc < 3)
        return tool_usage();
    const char *spec = argv[1];
    long fixed = octal(spec);
    if (fixed < 0 && symbolic(spec, 0) < 0) {
        fprintf(stderr, "chmod: invalid mode: %s\n", spec);
        return 2;
    }
    int status = 0;
    for (int i = 2; i < argc; i++) {
        struct stat st;
        long mode = fixed;
        if (mode < 0 && stat(argv[i], &st) == 0)
            mode = symbolic(spec, st.st_mode);
        if (mode < 0 || chmod(argv[i], (mode_t)mode) < 0) {
            fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
