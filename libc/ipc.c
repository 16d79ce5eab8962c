/* System V IPC helpers. */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

/* The key is built from the file's inode and device numbers and the low
 * byte of proj_id, as on Linux (so two paths to one file give one key). */
key_t ftok(const char *path, int proj_id)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    int r = fstat(fd, &st);
    close(fd);
    if (r < 0)
        return -1;
    return (key_t)((st.st_ino & 0xFFFF) | ((st.st_dev & 0xFF) << 16) | ((uint32_t)(proj_id & 0xFF) << 24));
}

int semop(int semid, struct sembuf *sops, size_t nsops)
{
    return semtimedop(semid, sops, nsops, NULL);
}
