/*
 * ipcmk - create a System V segment or semaphore set, as util-linux's
 * ipcmk does, and print its id:
 *
 *   ipcmk -M SIZE [-p MODE] [-k KEY]   a segment of SIZE bytes
 *   ipcmk -S NSEMS [-p MODE] [-k KEY]  a set of NSEMS semaphores (all 0)
 *
 * Both may be given at once (the segment is made first). It prints
 * "Shared memory id: ID" and "Semaphore id: ID", as util-linux does.
 * SIZE may end in K, M or G (KiB, MiB, GiB: 1024s; KB, MB, GB: 1000s);
 * MODE is the octal permission bits (default 0644). The key is a fresh
 * random one (never IPC_PRIVATE, never one in use); -k KEY, shmos's own
 * option, asks for that key instead (decimal, 0x... or 0...; EEXIST if it
 * is taken), so a script knows the key ipcrm -M / -S will be given.
 *
 * Exit status: 0, 1 if a creation failed (the error with its errno text),
 * 2 on bad usage (a usage line on stderr). The same source builds for
 * Linux (build/host/ipcmk).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#define TRIES 100                   /* random keys tried before giving up */

static int usage(void)
{
    fprintf(stderr, "usage: ipcmk [-M size] [-S nsems] [-p mode] [-k key]\n");
    return 2;
}

/* Parses a size with an optional K/M/G suffix (iB optional: 1024s; B:
 * 1000s) into *out. 0, or -1 if s is not one or is above 1 GiB. */
static int parse_size(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno != 0 || *s == '-')
        return -1;
    if (*end) {
        const char *units = "KMG", *u = strchr(units, *end);
        unsigned long long base = 1024;
        if (!u || !*u)
            return -1;
        if (strcmp(end + 1, "B") == 0)
            base = 1000;
        else if (end[1] != '\0' && strcmp(end + 1, "iB") != 0)
            return -1;
        for (long i = 0; i <= u - units; i++) {
            if (v > (1ull << 30))
                return -1;          /* too large already: no overflow */
            v *= base;
        }
    }
    *out = v;
    return v <= (1ull << 30) ? 0 : -1;
}

/* Parses a whole number (strtoll with base) within [min, max] into *out.
 * 0, or -1. */
static int parse_number(const char *s, int base, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(s, &end, base);
    return (*s && !*end && errno == 0 && *out >= min && *out <= max) ? 0 : -1;
}

/* A random key, never IPC_PRIVATE. */
static key_t random_key(void)
{
    key_t k;
    do
        k = (key_t)(((unsigned)rand() << 16) ^ (unsigned)rand());
    while (k == IPC_PRIVATE);
    return k;
}

/* Creates the object (a segment of size bytes if nsems < 0, else a set of
 * nsems semaphores) with key, or a fresh random key if key is 0. Its id,
 * or -1 with errno. */
static int create(key_t key, unsigned long long size, int nsems, int mode)
{
    for (int i = 0; i < TRIES; i++) {
        key_t k = key != IPC_PRIVATE ? key : random_key();
        int id = nsems < 0 ? shmget(k, (size_t)size, mode | IPC_CREAT | IPC_EXCL)
                           : semget(k, nsems, mode | IPC_CREAT | IPC_EXCL);
        if (id >= 0 || errno != EEXIST || key != IPC_PRIVATE)
            return id;
    }
    return -1;
}

int main(int argc, char **argv)
{
    unsigned long long size = 0;
    long long nsems = -1, mode = 0644, key = 0;
    int shm = 0, c;
    opterr = 0;
    while ((c = getopt(argc, argv, "+:M:S:p:k:h")) != -1) {
        const char *bad = NULL;
        switch (c) {
        case 'M':
            shm = 1;
            if (parse_size(optarg, &size) < 0)
                bad = "a size is bytes, with K, M or G after it if you like, up to 1G";
            break;
        case 'S':
            if (parse_number(optarg, 10, 1, 65535, &nsems) < 0)
                bad = "the number of semaphores is a number from 1 up";
            break;
        case 'p':
            if (parse_number(optarg, 8, 0, 0777, &mode) < 0)
                bad = "a mode is octal permission bits, 0 to 0777";
            break;
        case 'k':
            if (parse_number(optarg, 0, -2147483648LL, 4294967295LL, &key) < 0 ||
                (key_t)(unsigned)key == IPC_PRIVATE)
                bad = "a key is a non-zero number (decimal, 0x..., 0...)";
            break;
        case 'h':
            printf("usage: ipcmk [-M size] [-S nsems] [-p mode] [-k key]\n");
            return 0;
        case ':':
            fprintf(stderr, "ipcmk: -%c needs an argument\n", optopt);
            return usage();
        default:
            fprintf(stderr, "ipcmk: unknown option -%c\n", optopt);
            return usage();
        }
        if (bad) {
            fprintf(stderr, "ipcmk: -%c %s: %s\n", c, optarg, bad);
            return usage();
        }
    }
    if (optind < argc || (!shm && nsems < 0)) {
        if (optind < argc)
            fprintf(stderr, "ipcmk: unexpected argument '%s'\n", argv[optind]);
        else
            fprintf(stderr, "ipcmk: what should it make? -M size or -S nsems\n");
        return usage();
    }
    srand((unsigned)getpid() ^ (unsigned)time(NULL));
    int status = 0;
    if (shm) {
        int id = create((key_t)(unsigned)key, size, -1, (int)mode);
        if (id < 0) {
            fprintf(stderr, "ipcmk: shmget: %s\n", strerror(errno));
            status = 1;
        } else {
            printf("Shared memory id: %d\n", id);
        }
    }
    if (nsems >= 0) {
        int id = create((key_t)(unsigned)key, 0, (int)nsems, (int)mode);
        if (id < 0) {
            fprintf(stderr, "ipcmk: semget: %s\n", strerror(errno));
            status = 1;
        } else {
            printf("Semaphore id: %d\n", id);
        }
    }
    return status;
}
