/*
 * ipcrm - remove System V shared-memory segments and named semaphores.
 *
 *   ipcrm -m ID      remove segment ID (shmctl IPC_RMID: the key goes at once,
 *                    the pages at the last detach)
 *   ipcrm -M KEY     remove the segment with System V key KEY (0x... or decimal)
 *   ipcrm -s NAME    unlink semaphore NAME (sem_unlink: the name goes at once,
 *                    the semaphore at its last close)
 *
 * Options may be repeated. Each failure is reported and the exit status is 1
 * if any removal failed, 2 on a usage error. ipcs lists what there is.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

static int usage(void)
{
    fprintf(stderr, "usage: ipcrm [-m id | -M key | -s name]...\n");
    return 2;
}

/* Parse a whole number (decimal or 0x...) into *out; 0 or -1. */
static int parse_number(const char *s, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 0);
    return (*s && !*end && errno == 0) ? 0 : -1;
}

/* Remove one object as option opt names it. 0, or -1 after a message. */
static int remove_one(char opt, const char *arg)
{
    long n;
    if (opt == 's') {
        if (sem_unlink(arg) == 0)
            return 0;
        fprintf(stderr, "ipcrm: semaphore %s: %s\n", arg, strerror(errno));
        return -1;
    }
    if (parse_number(arg, &n) < 0) {
        fprintf(stderr, "ipcrm: %s: not a number\n", arg);
        return -1;
    }
    int id = (int)n;
    if (opt == 'M' && (id = shmget((key_t)n, 0, 0)) < 0) {
        fprintf(stderr, "ipcrm: key %s: %s\n", arg, strerror(errno));
        return -1;
    }
    if (shmctl(id, IPC_RMID, NULL) == 0)
        return 0;
    fprintf(stderr, "ipcrm: segment %s: %s\n", arg, strerror(errno));
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    int status = 0;
    for (int i = 1; i < argc; i += 2) {
        const char *o = argv[i];
        if (o[0] != '-' || !strchr("mMs", o[1]) || o[1] == '\0' || o[2] || i + 1 >= argc)
            return usage();
        if (remove_one(o[1], argv[i + 1]) < 0)
            status = 1;
    }
    return status;
}
