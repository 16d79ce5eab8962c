/* Helpers of the named-semaphore tests (sem_util.h says what each does). */
#include "sem_util.h"

pid_t sem_guard;

key_t sem_key(void)
{
    return (key_t)(0x40000000 | ((sem_guard & 0x3FFFFF) << 8));
}

char *name(char *buf, int n)
{
    fmt(buf, NAME_SIZE, "/se%d.%d", (int)sem_guard, n);
    return buf;
}

char *long_name(char *buf, int len)
{
    int n = fmt(buf, NAME_SIZE, "/se%d-", (int)sem_guard);
    while (n < len + 1 && n < NAME_SIZE - 1)
        buf[n++] = 'L';
    buf[n] = '\0';
    return buf;
}

sem_t *sem_new(int n, unsigned value)
{
    char nm[NAME_SIZE];
    sem_t *s = sem_open(name(nm, n), O_CREAT | O_EXCL, 0600, value);
    if (s == SEM_FAILED)
        FAIL("sem_open(%s, O_CREAT | O_EXCL, %u) failed: %s", nm, value, errname(errno));
    return s;
}

sem_t *open_existing(int n)
{
    char nm[NAME_SIZE];
    sem_t *s = sem_open(name(nm, n), 0);
    if (s == SEM_FAILED)
        FAIL("sem_open(%s, 0) failed: %s", nm, errname(errno));
    return s;
}

void unlink_n(int n)
{
    char nm[NAME_SIZE];
    SYS(sem_unlink(name(nm, n)));
}

int value(sem_t *s)
{
    int v = -1;
    SYS(sem_getvalue(s, &v));
    return v;
}

#ifdef __shmos__
long nsem(void)
{
    DIR *d = opendir("/dev/shm");
    CHECK(d != NULL);
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, "sem.", 4) == 0;
    closedir(d);
    return n;
}

long waiters(int n)
{
    (void)n;
    return (long)mem().nfutex;
}
#endif

/* Unlink every name of this test and remove its segment. Returns how
 * many existed. */
static int sweep(void)
{
    char nm[NAME_SIZE];
    int found = 0, id = shmget(sem_key(), 0, 0);
    found += id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
    for (int n = 0; n < NNAMES; n++)
        found += sem_unlink(name(nm, n)) == 0;
    found += sem_unlink(long_name(nm, NAME_LIMIT)) == 0;
    return found;
}

void sem_guarded(long arg)
{
    sem_guard = getpid();
    run_guarded_body((void (*)(void))arg, BODY_LIMIT_MS, sweep, "semaphore name(s) or segment(s)");
}
