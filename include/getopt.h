/* GNU's getopt_long over shmos's getopt: "--name", "--name=value",
 * "--name value", unambiguous prefixes of names. Like getopt, scanning
 * stops at the first operand (no permutation, as with POSIXLY_CORRECT). */
#ifndef _GETOPT_H
#define _GETOPT_H
#include <unistd.h>

#define no_argument       0
#define required_argument 1
#define optional_argument 2

struct option {
    const char *name;
    int has_arg;        /* no_argument, required_argument or optional_argument */
    int *flag;          /* NULL: getopt_long returns val; else *flag = val, returns 0 */
    int val;
};

int getopt_long(int argc, char *const argv[], const char *optstring,
                const struct option *longopts, int *longindex);
#endif
