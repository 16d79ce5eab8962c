/* POSIX wrappers built on the raw system calls: memory break, exec variants,
 * wait, sleeping, terminal checks, sysconf. */
#include <errno.h>
#include <limits.h>
#include <shmos.h>
#include <shmos/layout.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libc.h"

void *sbrk(intptr_t incr)
{
    return __sbrk(incr);
}

/* Sets the break to addr; returns 0, or -1 with errno set. */
int brk(void *addr)
{
    char *cur = __sbrk(0);

    if (cur == (char *)-1 || __sbrk((char *)addr - cur) == (void *)-1)
        return -1;
    return 0;
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* Runs file, looked up in the directories of $PATH (default "/bin") unless it
 * contains a '/'; an empty directory in PATH (as in "/bin:" or a PATH set to
 * "") is the current directory. Returns -1 with errno
 * from the most telling failure: EACCES or ENOEXEC from an existing file
 * beats ENOENT. */
int execvp(const char *file, char *const argv[])
{
    char path[PATH_MAX];
    const char *dirs = getenv("PATH");
    int err = ENOENT;
    size_t flen = strlen(file);

    if (strchr(file, '/'))
        return execve(file, argv, environ);
    if (flen == 0) {
        errno = ENOENT;
        return -1;
    }
    if (!dirs)
        dirs = "/bin";
    for (;;) {
        size_t dlen = strcspn(dirs, ":");
        size_t plen = dlen ? dlen + 1 : 0;      /* "dir/", or nothing: the current directory */
        if (plen + flen + 1 > sizeof path) {
            err = ENAMETOOLONG;
        } else {
            memcpy(path, dirs, dlen);
            path[dlen] = '/';
            memcpy(path + plen, file, flen + 1);
            execve(path, argv, environ);
            if (errno != ENOENT && errno != ENOTDIR)
                err = errno;
        }
        dirs += dlen;
        if (*dirs != ':')
            break;
        dirs++;             /* a ':' at the end leaves one empty directory */
    }
    errno = err;
    return -1;
}

#define EXECL_MAX_ARGS 64

/* Collects the NULL-terminated variadic arguments after arg0 into argv
 * (EXECL_MAX_ARGS + 1 slots); returns 0, or -1 with E2BIG if too many. */
static int collect_args(char **argv, const char *arg0, va_list ap)
{
    int n = 0;

    for (const char *a = arg0; a; a = va_arg(ap, const char *)) {
        if (n == EXECL_MAX_ARGS) {
            errno = E2BIG;
            return -1;
        }
        argv[n++] = (char *)a;
    }
    argv[n] = NULL;
    return 0;
}

int execl(const char *path, const char *arg0, ...)
{
    char *argv[EXECL_MAX_ARGS + 1];
    va_list ap;

    va_start(ap, arg0);
    int r = collect_args(argv, arg0, ap);
    va_end(ap);
    return r < 0 ? r : execv(path, argv);
}

int execlp(const char *file, const char *arg0, ...)
{
    char *argv[EXECL_MAX_ARGS + 1];
    va_list ap;

    va_start(ap, arg0);
    int r = collect_args(argv, arg0, ap);
    va_end(ap);
    return r < 0 ? r : execvp(file, argv);
}

/* Returns 0, or the whole seconds left if the sleep was interrupted. */
unsigned int sleep(unsigned int seconds)
{
    struct timespec req = { (time_t)seconds, 0 }, rem = { 0, 0 };

    if (nanosleep(&req, &rem) < 0 && errno == EINTR)
        return rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

int usleep(useconds_t usec)
{
    struct timespec req = { (time_t)(usec / 1000000), (long)(usec % 1000000) * 1000 };

    return nanosleep(&req, NULL);
}

/* The console is the only character device. */
int isatty(int fd)
{
    struct stat st;

    if (fstat(fd, &st) < 0)
        return 0;
    if (!S_ISCHR(st.st_mode)) {
        errno = ENOTTY;
        return 0;
    }
    return 1;
}

/* The values are the kernel's: PAGE_SIZE pages, a 100 Hz timer tick, 16
 * descriptors per process, and the CPUs that came up at boot. */
long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE: return PAGE_SIZE;
    case _SC_CLK_TCK:  return 100;
    case _SC_OPEN_MAX: return OPEN_MAX;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN: {
        struct meminfo mi;
        return meminfo(&mi) < 0 ? -1 : (long)mi.ncpu;
    }
    default:
        errno = EINVAL;
        return -1;
    }
}

int getpagesize(void)
{
    return (int)sysconf(_SC_PAGESIZE);
}
