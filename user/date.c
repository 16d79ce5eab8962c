/* date [-u] [-d @SECONDS] [+FORMAT]: the time, as GNU date prints it in
 * the C locale: "%a %b %e %H:%M:%S %Z %Y" unless +FORMAT (strftime's
 * directives) is given; -u in UTC; -d @N the time N seconds after the
 * epoch instead of now. shmos keeps UTC only, and its clock counts from
 * boot (so its dates start on 1970-01-01). Exits 1 for a date it cannot
 * read, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tool.h"

int main(int argc, char **argv)
{
    int opt;
    const char *when = NULL, *format = "%a %b %e %H:%M:%S %Z %Y";
    if (tool_start(argc, argv, "date", "date [-u] [-d @SECONDS] [+FORMAT]"))
        return 0;
    while ((opt = getopt(argc, argv, "ud:")) != -1) {
        switch (opt) {
        case 'u':
            setenv("TZ", "UTC0", 1);        /* so %Z says "UTC", as GNU's does */
            break;
        case 'd': when = optarg; break;
        default: return tool_usage();
        }
    }
    if (optind < argc) {
        if (argv[optind][0] != '+') {
            fprintf(stderr, "date: invalid date '%s'\n", argv[optind]);
            return 1;
        }
        if (optind + 1 < argc) {
            fprintf(stderr, "date: extra operand '%s'\n", argv[optind + 1]);
            return tool_usage();
        }
        format = argv[optind] + 1;
    }
#ifndef __shmos__
    tzset();
#endif
    time_t t = time(NULL);
    if (when) {
        char *end;
        errno = 0;
        long long n = when[0] == '@' ? strtoll(when + 1, &end, 10) : 0;
        if (when[0] != '@' || !when[1] || *end || errno || (time_t)n != n) {
            fprintf(stderr, "date: invalid date '%s'\n", when);
            return 1;
        }
        t = (time_t)n;
    }
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        fprintf(stderr, "date: time %lld is out of range\n", (long long)t);
        return 1;
    }
    char buf[1024];
    size_t n = strftime(buf, sizeof buf, format, &tm);
    if (n == 0 && *format) {
        fprintf(stderr, "date: the result is too long\n");
        return 1;
    }
    puts(buf);
    return fflush(stdout) ? 1 : 0;
}
