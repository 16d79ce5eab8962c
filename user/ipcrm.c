/*
 * ipcrm - remove System V segments and semaphore sets, and named POSIX
 * semaphores, in util-linux's forms:
 *
 *   ipcrm -m ID      remove segment ID (shmctl IPC_RMID: its key goes at
 *                    once, its pages at the last detach)
 *   ipcrm -M KEY     remove the segment with System V key KEY
 *   ipcrm -s ID      remove System V semaphore set ID (semctl IPC_RMID:
 *                    at once; its waiters fail with EIDRM)
 *   ipcrm -s NAME    unlink the named POSIX semaphore NAME (sem_unlink:
 *                    the name goes at once, the semaphore at its last close)
 *   ipcrm -S KEY     remove the semaphore set with System V key KEY
 *   ipcrm -a         remove every System V segment and semaphore set
 *   ipcrm shm ID...  the old form of -m ID...
 *   ipcrm sem ID...  the old form of -s ID... (System V sets only)
 *
 * The rule for -s: an argument that is a decimal number is a System V
 * set's id, anything else the name of a POSIX semaphore, with or without
 * its slash (/shmos-pc-mutex or shmos-pc-mutex); a named semaphore whose
 * name is a number is given with its slash (-s /123). An ID is decimal,
 * as ipcs prints it; a KEY decimal, hex (0x...) or octal (0...), as
 * util-linux's ipcrm reads them; key 0 (IPC_PRIVATE) names no object.
 * Options may be repeated and mixed; they are done in order, -a last. The
 * old forms print "resource(s) deleted" when every removal succeeded, as
 * util-linux's do. shmos has no message queues (no -q, -Q or msg).
 *
 * Exit status: 0 if everything was removed, 1 if any removal failed (each
 * failure reported with its errno text; the others are still done), 2 on
 * bad usage — an unknown option, a missing argument, or an ID or KEY that
 * is not a number — with a usage line on stderr and nothing removed.
 * ipcs lists what there is. The same source builds for Linux
 * (build/host/ipcrm).
 */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* SHM_DEST under -std=c11 */
#endif
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sysvipc.h"

/* One removal asked for on the command line. */
struct action {
    char what;                      /* 'm', 'M', 's', 'S', or 'n' (a POSIX name) */
    const char *arg;                /* as given, for messages */
    long long value;                /* the id or key ('n': unused) */
};

static void print_usage(FILE *to)
{
    fprintf(to, "usage: ipcrm [-m id] [-M key] [-s id|name] [-S key] [-a] ...\n"
                "       ipcrm shm|sem id...\n"
                "(-s: a number is a System V set's id, anything else a POSIX semaphore's name)\n");
}

/* Bad usage: the usage on stderr; returns the exit status, 2. */
static int usage(void)
{
    print_usage(stderr);
    return 2;
}

/* Parses s, a whole number in base (0: decimal, 0x hex or 0 octal), into
 * *out. 0, or -1 if s is not one or lies outside [min, max]. */
static int parse_number(const char *s, int base, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(s, &end, base);
    return (*s && !*end && errno == 0 && *out >= min && *out <= max) ? 0 : -1;
}

/* Fills *a for option what with argument arg: an id (m, s: decimal, as
 * ipcs prints it), a key (M, S: decimal, 0x... or 0...; its 32 bits, so
 * 0xffffffff and -1 are one key) or, for -s, a name.
 * 0, or -1 (reported) when arg is not what the option takes. */
static int make_action(char what, const char *arg, struct action *a)
{
    a->what = what;
    a->arg = arg;
    if (what == 'M' || what == 'S') {
        if (parse_number(arg, 0, -2147483648LL, 4294967295LL, &a->value) == 0)
            return 0;
        fprintf(stderr, "ipcrm: -%c %s: a key is a number (decimal, 0x..., 0...)\n", what, arg);
        return -1;
    }
    if (parse_number(arg, 10, -2147483648LL, 2147483647LL, &a->value) == 0)
        return 0;
    if (what == 's') {
        a->what = 'n';              /* not a number: a POSIX semaphore's name */
        return 0;
    }
    fprintf(stderr, "ipcrm: %s: an id is a decimal number\n", arg);
    return -1;
}

/* Does action a. 0, or -1 after a message naming the object and why. */
static int run_action(const struct action *a)
{
    int id = (int)a->value, r;
    key_t key = (key_t)(unsigned)a->value;
    const char *kind = (a->what == 'm' || a->what == 'M') ? "shared memory" : "semaphore";
    switch (a->what) {
    case 'n':
        if (sem_unlink(a->arg) == 0)
            return 0;
        fprintf(stderr, "ipcrm: semaphore %s: %s\n", a->arg, strerror(errno));
        return -1;
    case 'M':
    case 'S':
        if (key == IPC_PRIVATE) {
            fprintf(stderr, "ipcrm: %s key %s: key 0 is IPC_PRIVATE, which names no object\n",
                    kind, a->arg);
            return -1;
        }
        id = a->what == 'M' ? shmget(key, 0, 0) : semget(key, 0, 0);
        if (id < 0) {
            fprintf(stderr, "ipcrm: %s key %s: %s\n", kind, a->arg, strerror(errno));
            return -1;
        }
        break;
    default:
        break;
    }
    if (a->what == 'm' || a->what == 'M')
        r = shmctl(id, IPC_RMID, NULL);
    else
        r = semctl(id, 0, IPC_RMID);
    if (r == 0)
        return 0;
    fprintf(stderr, "ipcrm: %s id %d: %s\n", kind, id, strerror(errno));
    return -1;
}

/* Visitor for -a: removes segment id unless it is marked already. 0. */
static int remove_shm(int id, const struct shmid_ds *ds, void *failures)
{
    if ((ds->shm_perm.mode & SHM_DEST) == 0 && shmctl(id, IPC_RMID, NULL) < 0) {
        fprintf(stderr, "ipcrm: shared memory id %d: %s\n", id, strerror(errno));
        ++*(int *)failures;
    }
    return 0;
}

/* Visitor for -a: removes semaphore set id. 0. */
static int remove_sem(int id, const struct semid_ds *ds, void *failures)
{
    (void)ds;
    if (semctl(id, 0, IPC_RMID) < 0) {
        fprintf(stderr, "ipcrm: semaphore id %d: %s\n", id, strerror(errno));
        ++*(int *)failures;
    }
    return 0;
}

/* -a: every System V segment and set. The number of failures. */
static int remove_all(void)
{
    int failures = 0;
    if (sysv_each_shm(remove_shm, &failures) < 0) {
        fprintf(stderr, "ipcrm: System V segments: %s\n", strerror(errno));
        failures++;
    }
    if (sysv_each_sem(remove_sem, &failures) < 0) {
        fprintf(stderr, "ipcrm: System V semaphore sets: %s\n", strerror(errno));
        failures++;
    }
    return failures;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    /* Every argument is at most one action, so argc bounds their number. */
    struct action *acts = calloc((size_t)argc, sizeof *acts);
    int n = 0, all = 0, old_form = 0, c;
    if (!acts) {
        fprintf(stderr, "ipcrm: %s\n", strerror(errno));
        return 1;
    }
    if (strcmp(argv[1], "msg") == 0) {
        fprintf(stderr, "ipcrm: msg: shmos has no message queues\n");
        return usage();
    }
    if (strcmp(argv[1], "shm") == 0 || strcmp(argv[1], "sem") == 0) {
        char what = argv[1][1] == 'h' ? 'm' : 's';
        old_form = 1;
        if (argc < 3) {
            fprintf(stderr, "ipcrm: %s: which ids?\n", argv[1]);
            return usage();
        }
        for (int i = 2; i < argc; i++, n++) {
            if (make_action(what, argv[i], &acts[n]) < 0)
                return usage();
            if (acts[n].what == 'n') {      /* the old form takes ids only */
                fprintf(stderr, "ipcrm: %s: an id is a decimal number\n", argv[i]);
                return usage();
            }
        }
    } else {
        opterr = 0;
        while ((c = getopt(argc, argv, "+:m:M:s:S:ah")) != -1) {
            if (c == 'a') {
                all = 1;
            } else if (c == 'h') {
                print_usage(stdout);
                return 0;
            } else if (c == ':') {
                fprintf(stderr, "ipcrm: -%c needs an argument\n", optopt);
                return usage();
            } else if (c == '?') {
                if (optopt == 'q' || optopt == 'Q')
                    fprintf(stderr, "ipcrm: -%c: shmos has no message queues\n", optopt);
                else
                    fprintf(stderr, "ipcrm: unknown option -%c\n", optopt);
                return usage();
            } else if (make_action((char)c, optarg, &acts[n++]) < 0) {
                return usage();
            }
        }
        if (optind < argc) {
            fprintf(stderr, "ipcrm: unexpected argument '%s'\n", argv[optind]);
            return usage();
        }
    }
    int failures = 0;
    for (int i = 0; i < n; i++)
        failures += run_action(&acts[i]) < 0;
    if (all)
        failures += remove_all();
    if (old_form && failures == 0)
        printf("resource(s) deleted\n");
    free(acts);
    return failures ? 1 : 0;
}
