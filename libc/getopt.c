/* POSIX getopt: short options, grouped ("-al"), arguments attached ("-n5")
 * or separate ("-n 5"); "--" ends the options. A leading ':' in optstring
 * makes a missing argument return ':' and silences the messages. GNU's
 * mode flags, a '+' or '-' at the very start of optstring, are skipped:
 * scanning always stops at the first non-option, as POSIX says, and '+'
 * and '-' are never option letters. */
#include <stdio.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

/* The position inside a group of options ("-abc") where the next call
 * continues, and the optind value the last call left. When the caller
 * changes optind (to 0, as glibc wants for a restart, or to 1 or anything
 * else) the scan starts afresh at that word. */
static int pos = 1;
static int left_at = 1;

int getopt(int argc, char *const argv[], const char *optstring)
{
    while (*optstring == '+' || *optstring == '-')
        optstring++;
    int quiet = optstring[0] == ':';

    if (optind == 0 || optind != left_at) {
        optind += optind == 0;
        pos = 1;
    }
    if (pos == 1) {
        if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == '\0') {
            left_at = optind;
            return -1;
        }
        if (strcmp(argv[optind], "--") == 0) {
            left_at = ++optind;
            return -1;
        }
    }
    const char *arg = argv[optind];
    int c = (unsigned char)arg[pos++];
    const char *spec = c == ':' || c == '+' || c == '-' ? NULL : strchr(optstring + quiet, c);
    optopt = c;
    if (arg[pos] == '\0') {
        optind++;
        pos = 1;
    }
    if (!spec) {
        if (opterr && !quiet)
            fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
        left_at = optind;
        return '?';
    }
    if (spec[1] == ':') {
        if (pos > 1) {                 /* the rest of this word is the argument */
            optarg = (char *)arg + pos;
            optind++;
            pos = 1;
        } else if (optind < argc) {
            optarg = argv[optind++];
        } else {
            if (opterr && !quiet)
                fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
            left_at = optind;
            return quiet ? ':' : '?';
        }
    }
    left_at = optind;
    return c;
}

/* The long option at longopts named name (n characters): an exact match,
 * else the only one it is a prefix of; NULL if none, *ambiguous set if
 * several. */
static const struct option *find_long(const struct option *longopts, const char *name, size_t n,
                                      int *ambiguous)
{
    const struct option *found = NULL;

    *ambiguous = 0;
    for (const struct option *o = longopts; o->name; o++) {
        if (strncmp(o->name, name, n) != 0)
            continue;
        if (o->name[n] == '\0')
            return o;
        if (found)
            *ambiguous = 1;
        found = o;
    }
    return *ambiguous ? NULL : found;
}

int getopt_long(int argc, char *const argv[], const char *optstring,
                const struct option *longopts, int *longindex)
{
    const char *spec = optstring;

    while (*spec == '+' || *spec == '-')
        spec++;
    int quiet = spec[0] == ':';
    if (optind == 0 || optind != left_at) {
        optind += optind == 0;
        pos = 1;
    }
    if (pos != 1 || optind >= argc || strncmp(argv[optind], "--", 2) != 0 || argv[optind][2] == '\0')
        return getopt(argc, argv, optstring);

    const char *arg = argv[optind++] + 2, *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    int ambiguous, c = '?';
    const struct option *o = find_long(longopts, arg, n, &ambiguous);
    const char *complaint = NULL;

    optarg = NULL;
    optopt = 0;
    if (!o) {
        complaint = ambiguous ? "option '--%.*s' is ambiguous" : "unrecognized option '--%.*s'";
    } else if (o->has_arg == no_argument && eq) {
        complaint = "option '--%.*s' doesn't allow an argument";
        optopt = o->flag ? 0 : o->val;
    } else if (o->has_arg == required_argument && !eq && optind >= argc) {
        complaint = "option '--%.*s' requires an argument";
        optopt = o->flag ? 0 : o->val;
        c = quiet ? ':' : '?';
    } else {
        if (eq)
            optarg = (char *)eq + 1;
        else if (o->has_arg == required_argument)
            optarg = argv[optind++];
        if (longindex)
            *longindex = (int)(o - longopts);
        c = o->flag ? 0 : o->val;
        if (o->flag)
            *o->flag = o->val;
    }
    if (complaint && opterr && !quiet) {
        fprintf(stderr, "%s: ", argv[0]);
        fprintf(stderr, complaint, (int)n, arg);
        fputc('\n', stderr);
    }
    left_at = optind;
    return c;
}
