/* tests/host/ipc/fixture.c - makes the objects tests/host/ipc-tools.sh
 * lists and removes that ipcmk cannot (Linux only):
 *
 *   fixture held-segment BYTES SECONDS  an IPC_PRIVATE segment, marked for
 *                                       removal, attached by a child that
 *                                       keeps it SECONDS; prints "ID PID"
 *   fixture private-set NSEMS           an IPC_PRIVATE semaphore set; prints its id
 *   fixture posix-sem NAME VALUE        creates named semaphore NAME (closed again)
 *   fixture posix-shm NAME BYTES        creates POSIX shm object NAME of BYTES
 *
 * Exit status 0, or 1 with the failing call and its errno text. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

/* Reports call's failure (errno) and exits 1. */
static void die(const char *call)
{
    fprintf(stderr, "fixture: %s: %s\n", call, strerror(errno));
    exit(1);
}

/* The segment is made, attached, marked and handed to a child that
 * sleeps with it; the parent exits once the child holds it. */
static void held_segment(size_t bytes, unsigned seconds)
{
    int id = shmget(IPC_PRIVATE, bytes, 0600);
    if (id < 0)
        die("shmget");
    if (shmat(id, NULL, 0) == (void *)-1)
        die("shmat");
    if (shmctl(id, IPC_RMID, NULL) < 0)
        die("shmctl IPC_RMID");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        for (int i = 0; i < 3; i++)     /* stdio must not keep the caller waiting */
            close(i);
        sleep(seconds);
        _exit(0);
    }
    printf("%d %d\n", id, (int)pid);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "held-segment") == 0) {
        held_segment(strtoul(argv[2], NULL, 0), (unsigned)atoi(argv[3]));
    } else if (argc == 3 && strcmp(argv[1], "private-set") == 0) {
        int id = semget(IPC_PRIVATE, atoi(argv[2]), 0600);
        if (id < 0)
            die("semget");
        printf("%d\n", id);
    } else if (argc == 4 && strcmp(argv[1], "posix-sem") == 0) {
        sem_t *s = sem_open(argv[2], O_CREAT | O_EXCL, 0600, (unsigned)atoi(argv[3]));
        if (s == SEM_FAILED)
            die("sem_open");
        sem_close(s);
    } else if (argc == 4 && strcmp(argv[1], "posix-shm") == 0) {
        int fd = shm_open(argv[2], O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            die("shm_open");
        if (ftruncate(fd, (off_t)strtoul(argv[3], NULL, 0)) < 0)
            die("ftruncate");
        close(fd);
    } else {
        fprintf(stderr, "usage: fixture held-segment BYTES SECONDS | private-set NSEMS |"
                        " posix-sem NAME VALUE | posix-shm NAME BYTES\n");
        return 2;
    }
    return 0;
}
