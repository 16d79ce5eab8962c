/* POSIX getopt: short options, grouped ("-al"), arguments attached ("-n5")
 * or separate ("-n 5"); "--" ends the options. A leading ':' in optstring
 * makes a missing argument return ':' and silences the messages. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

int getopt(int argc, char *const argv[], const char *optstring)
{
    static int pos = 1;   /* next character within argv[optind] */
    int quiet = optstring[0] == ':';

    if (pos == 1) {
        if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == '\0')
            return -1;
        if (strcmp(argv[optind], "--") == 0) {
            optind++;
            return -1;
        }
    }
    const char *arg = argv[optind];
    int c = (unsigned char)arg[pos++];
    const char *spec = c == ':' ? NULL : strchr(optstring + quiet, c);
    optopt = c;
    if (arg[pos] == '\0') {
        optind++;
        pos = 1;
    }
    if (!spec) {
        if (opterr && !quiet)
            fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
        return '?';
    }
    if (spec[1] != ':')
        return c;
    if (pos > 1) {                 /* the rest of this word is the argument */
        optarg = (char *)arg + pos;
        optind++;
        pos = 1;
    } else if (optind < argc) {
        optarg = argv[optind++];
    } else {
        if (opterr && !quiet)
            fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
        return quiet ? ':' : '?';
    }
    return c;
}
