/* seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: the numbers from FIRST (1) to
 * LAST by INCREMENT (1), one a line or joined by SEP; -w pads them with
 * zeros to one width. Integers are printed as integers, other numbers
 * with as many decimals as the arguments have (as GNU seq). Exits 2 on bad
 * usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

/* The decimals written in number text s ("1.50" has 2), or -1 if s is not
 * a number. */
static int decimals(const char *s, double *v)
{
    char *end;

    *v = strtod(s, &end);
    if (end == s || *end)
        return -1;
    const char *dot = strchr(s, '.');
    if (!dot)
        return 0;
    int n = 0;
    while (dot[1 + n] >= '0' && dot[1 + n] <= '9')
        n++;
    return n;
}

int main(int argc, char **argv)
{
    const char *sep = "\n";
    int equal = 0, opt;

    if (tool_start(argc, argv, "seq", "seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST"))
        return 0;
    while ((opt = getopt(argc, argv, "+s:w")) != -1) {
        if (opt == 's')
            sep = optarg;
        else if (opt == 'w')
            equal = 1;
        else
            return tool_usage();
    }
    int n = argc - optind;
    if (n < 1 || n > 3)
        return tool_usage();
    double v[3] = { 1, 1, 0 };
    int prec = 0;
    for (int i = 0; i < n; i++) {
        int slot = n == 1 ? 2 : n == 2 ? (i == 0 ? 0 : 2) : i;
        int d = decimals(argv[optind + i], &v[slot]);
        if (d < 0) {
            fprintf(stderr, "seq: invalid floating point argument: '%s'\n", argv[optind + i]);
            return tool_usage();
        }
        if (slot != 2 && d > prec)
            prec = d;
    }
    if (v[1] == 0) {
        fprintf(stderr, "seq: invalid Zero increment value: '%s'\n", argv[optind + 1]);
        return tool_usage();
    }
    int width = 0;
    if (equal) {
        char buf[64];
        for (int i = 0; i < 3; i += 2) {
            int w = snprintf(buf, sizeof buf, "%.*f", prec, v[i]);
            if (w > width)
                width = w;
        }
    }
    const char *between = "";
    for (long k = 0;; k++) {
        double x = v[0] + (double)k * v[1];
        if (v[1] > 0 ? x > v[2] : x < v[2])
            break;
        printf("%s%0*.*f", between, width, prec, x);
        between = sep;
    }
    if (*between)
        printf("\n");
    return 0;
}
