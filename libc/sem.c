/* POSIX named semaphores over the kernel's __sem_* calls. Each semaphore
 * this process has open has one sem_t here, so that opening a name twice
 * gives the same pointer (as POSIX requires) and a foreign pointer is
 * refused with EINVAL. fork copies this table along with the kernel's
 * handles; exec starts both afresh. */
#include <semaphore.h>
#include <errno.h>
#include <stdarg.h>

int __sem_open(const char *name, int oflag, int mode, unsigned value);
int __sem_close(int id);
int __sem_unlink(const char *name);
int __sem_wait(int id);
int __sem_trywait(int id);
int __sem_timedwait(int id, const struct timespec *abstime);
int __sem_post(int id);
int __sem_getvalue(int id, int *value);

#define SEM_TABLE 16        /* the kernel's per-process limit (NSEM_OPEN) */
static sem_t sem_table[SEM_TABLE];

/* sem if it is an open entry of sem_table, else NULL with errno EINVAL. */
static sem_t *sem_check(sem_t *sem)
{
    for (int i = 0; i < SEM_TABLE; i++)
        if (sem == &sem_table[i] && sem->__opens > 0)
            return sem;
    errno = EINVAL;
    return NULL;
}

sem_t *sem_open(const char *name, int oflag, ...)
{
    int mode = 0;
    unsigned value = 0;
    if (oflag & O_CREAT) {
        va_list ap;
        va_start(ap, oflag);
        mode = (int)va_arg(ap, mode_t);
        value = va_arg(ap, unsigned);
        va_end(ap);
    }
    int id = __sem_open(name, oflag, mode, value);
    if (id < 0)
        return SEM_FAILED;
    sem_t *free_entry = NULL;
    for (int i = 0; i < SEM_TABLE; i++) {
        if (sem_table[i].__opens > 0 && sem_table[i].__id == id) {
            sem_table[i].__opens++;
            return &sem_table[i];
        }
        if (sem_table[i].__opens == 0 && !free_entry)
            free_entry = &sem_table[i];
    }
    if (!free_entry) {          /* cannot happen while the limits agree */
        __sem_close(id);
        errno = EMFILE;
        return SEM_FAILED;
    }
    free_entry->__id = id;
    free_entry->__opens = 1;
    return free_entry;
}

int sem_close(sem_t *sem)
{
    if (!sem_check(sem) || __sem_close(sem->__id) < 0)
        return -1;
    sem->__opens--;
    return 0;
}

int sem_unlink(const char *name)
{
    return __sem_unlink(name);
}

int sem_wait(sem_t *sem)
{
    return sem_check(sem) ? __sem_wait(sem->__id) : -1;
}

int sem_trywait(sem_t *sem)
{
    return sem_check(sem) ? __sem_trywait(sem->__id) : -1;
}

int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abstime)
{
    return sem_check(sem) ? __sem_timedwait(sem->__id, abstime) : -1;
}

int sem_post(sem_t *sem)
{
    return sem_check(sem) ? __sem_post(sem->__id) : -1;
}

int sem_getvalue(sem_t *sem, int *sval)
{
    return sem_check(sem) ? __sem_getvalue(sem->__id, sval) : -1;
}
