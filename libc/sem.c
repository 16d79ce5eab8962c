/* POSIX semaphores in user memory (see <semaphore.h> and docs/futex.md).
 *
 * The count is the futex word. A wait takes a unit with a compare-and-
 * swap when there is one — no system call — and otherwise counts itself
 * in __nwaiters and sleeps with FUTEX_WAIT while the count is 0. A post
 * adds a unit and, only if somebody counts as waiting, wakes one sleeper.
 * No wake-up is lost: the post's increment comes before its look at
 * __nwaiters, the wait's count comes before its FUTEX_WAIT, and FUTEX_WAIT
 * returns at once if the count is no longer 0 (all sequentially
 * consistent). A woken waiter competes for the unit with processes that
 * are running: a running one may take it first (that is the speed), and
 * the woken one then sleeps again. The futex queue itself is FIFO, so
 * among sleepers the longest waiting is woken first; a sleeper can only
 * be passed by processes that never sleep, so under any load that keeps
 * posting, every sleeper eventually gets a unit unless others take every
 * unit without ever waiting (see docs/architecture.md).
 *
 * Named semaphores are files /dev/shm/sem.NAME holding one sem_t, mapped
 * shared by every opener (as glibc keeps them): fork inherits the mapping,
 * exec and exit drop it, and the file lives on until sem_unlink and the
 * last mapping. This process keeps one mapping per file, so opening a name
 * twice gives the same pointer, as POSIX requires. */
#include <semaphore.h>
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <sched.h>
#include <shmos.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SEM_MAGIC 0x53454d31u       /* "SEM1": initialised */
#define SEM_PREFIX "/dev/shm/sem."
#define SEM_NAME_LIMIT (NAME_MAX - 4)   /* a name, after its slashes, as glibc's */

/* sem if it is an initialised semaphore, else NULL with errno EINVAL. */
static sem_t *check(sem_t *sem)
{
    if (!sem || sem->__magic != SEM_MAGIC) {
        errno = EINVAL;
        return NULL;
    }
    return sem;
}

static int private_flag(const sem_t *sem)
{
    return sem->__pshared ? 0 : FUTEX_PRIVATE_FLAG;
}

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    if (value > SEM_VALUE_MAX) {
        errno = EINVAL;
        return -1;
    }
    sem->__value = value;
    sem->__nwaiters = 0;
    sem->__pshared = pshared != 0;
    __atomic_store_n(&sem->__magic, SEM_MAGIC, __ATOMIC_RELEASE);
    return 0;
}

int sem_destroy(sem_t *sem)
{
    if (!check(sem))
        return -1;
    sem->__magic = 0;
    return 0;
}

/* Take a unit if there is one: 1 if taken, 0 if the count is 0. */
static int take(sem_t *sem)
{
    unsigned v = __atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
    while (v > 0)
        if (__atomic_compare_exchange_n(&sem->__value, &v, v - 1, true, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return 1;
    return 0;
}

/* Wait for a unit, until abstime (CLOCK_REALTIME) if it is not NULL. */
static int wait_for(sem_t *sem, const struct timespec *abstime)
{
    while (!take(sem)) {
        __atomic_add_fetch(&sem->__nwaiters, 1, __ATOMIC_SEQ_CST);
        long r = futex((uint32_t *)&sem->__value,
                       FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | private_flag(sem), 0,
                       abstime, NULL, FUTEX_BITSET_MATCH_ANY);
        int err = errno;
        __atomic_sub_fetch(&sem->__nwaiters, 1, __ATOMIC_SEQ_CST);
        if (r < 0 && (err == ETIMEDOUT || err == EINTR || err == EFAULT)) {
            errno = err;
            return -1;
        }
    }
    return 0;
}

int sem_wait(sem_t *sem)
{
    return check(sem) ? wait_for(sem, NULL) : -1;
}

int sem_trywait(sem_t *sem)
{
    if (!check(sem))
        return -1;
    if (take(sem))
        return 0;
    errno = EAGAIN;
    return -1;
}

int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abstime)
{
    if (!check(sem))
        return -1;
    if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000) {
        errno = EINVAL;         /* checked first, as glibc does */
        return -1;
    }
    if (take(sem))
        return 0;
    if (abstime->tv_sec < 0) {
        errno = ETIMEDOUT;
        return -1;
    }
    return wait_for(sem, abstime);
}

int sem_post(sem_t *sem)
{
    if (!check(sem))
        return -1;
    unsigned v = __atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
    do {
        if (v >= SEM_VALUE_MAX) {
            errno = EOVERFLOW;
            return -1;
        }
    } while (!__atomic_compare_exchange_n(&sem->__value, &v, v + 1, true, __ATOMIC_SEQ_CST,
                                          __ATOMIC_RELAXED));
    if (__atomic_load_n(&sem->__nwaiters, __ATOMIC_SEQ_CST) > 0)
        futex((uint32_t *)&sem->__value, FUTEX_WAKE | private_flag(sem), 1, NULL, NULL, 0);
    return 0;
}

int sem_getvalue(sem_t *sem, int *sval)
{
    if (!check(sem))
        return -1;
    *sval = (int)__atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
    return 0;
}

/* ---------------------------------------------------------------- named */

/* This process's mappings of named semaphores, one per file. */
struct named {
    struct named *next;
    sem_t *sem;                     /* the mapping */
    ino_t ino;                      /* the file's */
    unsigned opens;                 /* sem_open calls not yet closed */
};
static struct named *opened;

/* The file of semaphore name into path: 0, or -1 with EINVAL (empty, or a
 * '/' after the leading ones) or ENAMETOOLONG. */
static int sem_path(const char *name, char path[sizeof SEM_PREFIX + NAME_MAX])
{
    while (*name == '/')
        name++;
    size_t len = strlen(name);
    if (len == 0 || strchr(name, '/')) {
        errno = EINVAL;
        return -1;
    }
    if (len > SEM_NAME_LIMIT) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, SEM_PREFIX, sizeof SEM_PREFIX - 1);
    memcpy(path + sizeof SEM_PREFIX - 1, name, len + 1);
    return 0;
}

/* Open (creating with O_CREAT) the file of a named semaphore. The fd, with
 * *created set when this call made and initialised it; -1 with errno. */
static int open_file(const char *path, int oflag, mode_t mode, unsigned value, int *created)
{
    *created = 0;
    if ((oflag & O_CREAT) && value > SEM_VALUE_MAX) {
        /* The value only matters when creating: an existing one opens. */
        int fd = (oflag & O_EXCL) ? -1 : open(path, O_RDWR);
        if (fd < 0)
            errno = EINVAL;
        return fd;
    }
    if (oflag & O_CREAT) {
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL, mode);
        if (fd >= 0) {
            sem_t init;
            sem_init(&init, 1, value);      /* magic last: openers wait for it */
            if (pwrite(fd, &init, sizeof init, 0) != (ssize_t)sizeof init) {
                int err = errno;
                close(fd);
                unlink(path);
                errno = err;
                return -1;
            }
            *created = 1;
            return fd;
        }
        if (errno != EEXIST || (oflag & O_EXCL))
            return -1;
    }
    return open(path, O_RDWR);
}

#define CREATOR_WAIT_NS 1000000000  /* how long a creator may take to write the file */

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The mapping of fd's semaphore, waiting (a second at most) for its
 * creator to finish writing it; SEM_FAILED with EINVAL if it stays short
 * or never gets its magic (a creator that died half-way, or a file that is
 * not a semaphore), or errno of a failed call. */
static sem_t *map_file(int fd)
{
    struct stat st;
    long long give_up = now_ns() + CREATOR_WAIT_NS;
    int r;
    while ((r = fstat(fd, &st)) == 0 && st.st_size < (off_t)sizeof(sem_t)) {
        if (now_ns() > give_up) {
            errno = EINVAL;
            return SEM_FAILED;
        }
        sched_yield();              /* its creator is writing it */
    }
    if (r < 0)
        return SEM_FAILED;
    void *p = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        return SEM_FAILED;
    sem_t *sem = p;
    while (__atomic_load_n(&sem->__magic, __ATOMIC_ACQUIRE) != SEM_MAGIC) {
        if (now_ns() > give_up) {
            munmap(p, sizeof(sem_t));
            errno = EINVAL;
            return SEM_FAILED;
        }
        sched_yield();
    }
    return sem;
}

sem_t *sem_open(const char *name, int oflag, ...)
{
    mode_t mode = 0;
    unsigned value = 0;
    if (oflag & O_CREAT) {
        va_list ap;
        va_start(ap, oflag);
        mode = va_arg(ap, mode_t);
        value = va_arg(ap, unsigned);
        va_end(ap);
    }
    char path[sizeof SEM_PREFIX + NAME_MAX];
    int created;
    if (sem_path(name, path) < 0)
        return SEM_FAILED;
    int fd = open_file(path, oflag, mode, value, &created);
    if (fd < 0)
        return SEM_FAILED;
    struct stat st;
    if (fstat(fd, &st) < 0)
        goto close_fd;
    for (struct named *n = opened; n; n = n->next) {
        if (n->ino == st.st_ino) {
            n->opens++;
            close(fd);
            return n->sem;
        }
    }
    struct named *n = malloc(sizeof *n);
    if (!n)
        goto close_fd;
    if ((n->sem = map_file(fd)) == SEM_FAILED) {
        free(n);
        goto close_fd;
    }
    close(fd);
    n->ino = st.st_ino;
    n->opens = 1;
    n->next = opened;
    opened = n;
    return n->sem;

close_fd:;
    int err = errno;
    close(fd);
    if (created)
        unlink(path);
    errno = err;
    return SEM_FAILED;
}

int sem_close(sem_t *sem)
{
    for (struct named **pp = &opened; *pp; pp = &(*pp)->next) {
        struct named *n = *pp;
        if (n->sem != sem)
            continue;
        if (--n->opens == 0) {
            *pp = n->next;
            munmap(n->sem, sizeof(sem_t));
            free(n);
        }
        return 0;
    }
    errno = EINVAL;                 /* not a named semaphore this process has open */
    return -1;
}

/* A name that cannot name a semaphore ("", "/", a '/' inside) names none:
 * ENOENT (POSIX lists no EINVAL here; glibc says ENOENT too). Another
 * user's semaphore in sticky /dev/shm: EACCES, POSIX's error (unlink's
 * EPERM, translated as glibc does). */
int sem_unlink(const char *name)
{
    char path[sizeof SEM_PREFIX + NAME_MAX];
    if (sem_path(name, path) < 0) {
        if (errno == EINVAL)
            errno = ENOENT;
        return -1;
    }
    int r = unlink(path);
    if (r < 0 && errno == EPERM)
        errno = EACCES;
    return r;
}
