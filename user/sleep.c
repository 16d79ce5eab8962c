/* sleep SECONDS...: sleeps for the total of the arguments, each a decimal
 * number of seconds that may have a fraction ("0.5"). */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#define MAX_NS (2000000000LL * 1000000000LL)    /* time_t is 32 bits */

/* Parses "S", "S.F" or ".F" into *ns nanoseconds; returns 0, or -1 if s is
 * not such a number (or is absurdly large). Uses no floating point. */
static int parse_seconds(const char *s, long long *ns)
{
    long long sec = 0, frac = 0, scale = 1000000000;
    const char *p = s;

    for (; *p >= '0' && *p <= '9'; p++) {
        sec = sec * 10 + (*p - '0');
        if (sec > 100000000)
            return -1;
    }
    int int_digits = p - s, frac_digits = 0;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, frac_digits++)
            if (scale > 1) {
                scale /= 10;
                frac += (*p - '0') * scale;
            }
    if (*p != '\0' || int_digits + frac_digits == 0)
        return -1;
    *ns = sec * 1000000000 + frac;
    return 0;
}

int main(int argc, char **argv)
{
    long long total = 0, ns;

    if (argc < 2) {
        fprintf(stderr, "usage: sleep SECONDS...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (parse_seconds(argv[i], &ns) < 0 || total + ns > MAX_NS) {
            fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
            return 1;
        }
        total += ns;
    }
    struct timespec req = { (time_t)(total / 1000000000), (long)(total % 1000000000) };
    while (nanosleep(&req, &req) < 0) {
        if (errno != EINTR) {
            perror("sleep");
            return 1;
        }
    }
    return 0;
}
