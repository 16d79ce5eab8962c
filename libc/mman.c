/* POSIX shared memory objects: files of the memory file system under
 * /dev/shm, as glibc keeps them on Linux. A name is one component after
 * any leading slashes ("/my-key" and "my-key" name the same object). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SHM_DIR "/dev/shm/"

/* The path of name under /dev/shm into buf; 0, or -1 with EINVAL (empty,
 * a '/' inside, or longer than NAME_MAX: glibc's errors). */
static int shm_path(const char *name, char buf[sizeof SHM_DIR + NAME_MAX])
{
    while (*name == '/')
        name++;
    size_t len = strlen(name);
    if (len == 0 || strchr(name, '/')) {
        errno = EINVAL;
        return -1;
    }
    if (len > NAME_MAX) {
        errno = EINVAL;
        return -1;
    }
    memcpy(buf, SHM_DIR, sizeof SHM_DIR - 1);
    memcpy(buf + sizeof SHM_DIR - 1, name, len + 1);
    return 0;
}

int shm_open(const char *name, int oflag, mode_t mode)
{
    char path[sizeof SHM_DIR + NAME_MAX];
    if (shm_path(name, path) < 0)
        return -1;
    return open(path, oflag | O_CLOEXEC, mode);
}

/* Another user's object in sticky /dev/shm: EACCES, POSIX's error
 * (unlink's EPERM, translated as glibc does). */
int shm_unlink(const char *name)
{
    char path[sizeof SHM_DIR + NAME_MAX];
    if (shm_path(name, path) < 0)
        return -1;
    int r = unlink(path);
    if (r < 0 && errno == EPERM)
        errno = EACCES;
    return r;
}
