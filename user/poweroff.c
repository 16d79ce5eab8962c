/* poweroff [status]: turns the machine off; QEMU exits with status. */
#include <shmos.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    char *end;
    long status = argc > 1 ? strtol(argv[1], &end, 10) : 0;

    if (argc > 2 || (argc > 1 && (*argv[1] == '\0' || *end != '\0'))) {
        fprintf(stderr, "usage: poweroff [status]\n");
        return 2;
    }
    fflush(NULL);
    poweroff((int)status);
    perror("poweroff");
    return 1;
}
