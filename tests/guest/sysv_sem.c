/* System V semaphores: semget, semop/semtimedop and semctl, their errors,
 * atomic groups, waiters woken by IPC_RMID, SEM_UNDO at exit and after
 * kill -9, and an exact counter under contention. The same tests run on
 * Linux (the oracle), so limits come from IPC_INFO, not from constants. */
#define _GNU_SOURCE                 /* IPC_INFO and struct seminfo on glibc */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include "tests.h"

union semun {                       /* the caller's to define, as POSIX says */
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

/* A key no other test (or earlier run) uses: this test child's pid. */
static key_t test_key(int n)
{
    return (key_t)(0x5e000000 | (getpid() << 4) | n);
}

static struct seminfo limits(void)
{
    struct seminfo si;
    union semun u = { .__buf = &si };
    CHECK(semctl(0, 0, IPC_INFO, u) >= 0);
    return si;
}

/* A private set of n semaphores, all set to value. */
static int new_set(int n, int value)
{
    int id = semget(IPC_PRIVATE, n, 0600);
    CHECK(id >= 0);
    for (int i = 0; i < n; i++) {
        union semun u = { .val = value };
        SYS(semctl(id, i, SETVAL, u));
    }
    return id;
}

static int getval(int id, int num)
{
    int v = semctl(id, num, GETVAL);
    CHECK(v >= 0);
    return v;
}

/* One operation on one semaphore: semop's result. */
static int op1(int id, int num, int op, int flg)
{
    struct sembuf b = { (unsigned short)num, (short)op, (short)flg };
    return semop(id, &b, 1);
}

/* Wait (up to 5 s) until cmd (GETNCNT or GETZCNT) on semaphore num is want. */
static void await_count(int id, int num, int cmd, int want)
{
    for (int i = 0; i < 500 && semctl(id, num, cmd) != want; i++)
        sleep_ms(10);
    CHECK_EQ(semctl(id, num, cmd), want);
}

/* semget: creation, keys, IPC_EXCL, sizes, and what IPC_RMID leaves. */
static void t_get(long arg)
{
    (void)arg;
    struct seminfo si = limits();
    CHECK(si.semmsl >= 250 && si.semvmx == 32767 && si.semopm >= 32);
    EXPECT_ERR(semget(IPC_PRIVATE, 0, 0600), EINVAL);
    EXPECT_ERR(semget(IPC_PRIVATE, -1, 0600), EINVAL);
    EXPECT_ERR(semget(IPC_PRIVATE, si.semmsl + 1, 0600), EINVAL);
    key_t key = test_key(0);
    EXPECT_ERR(semget(key, 3, 0600), ENOENT);
    int id = semget(key, 3, IPC_CREAT | 0640);
    CHECK(id >= 0);
    CHECK_EQ(semget(key, 3, IPC_CREAT | 0600), id);
    CHECK_EQ(semget(key, 0, 0), id);
    CHECK_EQ(semget(key, 2, 0), id);
    EXPECT_ERR(semget(key, 4, 0), EINVAL);
    EXPECT_ERR(semget(key, 3, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(getval(id, i), 0);
    struct semid_ds ds;
    union semun u = { .buf = &ds };
    SYS(semctl(id, 0, IPC_STAT, u));
    CHECK_EQ(ds.sem_nsems, 3);
    CHECK_EQ(ds.sem_perm.__key, key);
    CHECK_EQ(ds.sem_perm.mode & 0777, 0640);
    CHECK_EQ(ds.sem_otime, 0);
    int other = semget(IPC_PRIVATE, 1, 0600);
    CHECK(other >= 0 && other != id);
    SYS(semctl(id, 0, IPC_RMID));
    EXPECT_ERR(semget(key, 3, 0), ENOENT);
    EXPECT_ERR(semctl(id, 0, GETVAL), EINVAL);
    EXPECT_ERR(op1(id, 0, 1, 0), EINVAL);
    EXPECT_ERR(semctl(id, 0, IPC_RMID), EINVAL);
    int again = semget(key, 1, IPC_CREAT | 0600);
    CHECK(again >= 0 && again != id);
    SYS(semctl(again, 0, IPC_RMID));
    SYS(semctl(other, 0, IPC_RMID));
    EXPECT_ERR(semctl(-1, 0, IPC_RMID), EINVAL);
}

/* semctl's commands and their errors. */
static void t_ctl(long arg)
{
    (void)arg;
    int id = new_set(3, 0);
    union semun u = { .val = 7 };
    SYS(semctl(id, 1, SETVAL, u));
    CHECK_EQ(getval(id, 1), 7);
    CHECK_EQ(semctl(id, 1, GETPID), getpid());
    u.val = 32768;
    EXPECT_ERR(semctl(id, 1, SETVAL, u), ERANGE);
    u.val = -1;
    EXPECT_ERR(semctl(id, 1, SETVAL, u), ERANGE);
    EXPECT_ERR(semctl(id, 3, GETVAL), EINVAL);
    EXPECT_ERR(semctl(id, -1, GETVAL), EINVAL);
    u.val = 1;
    EXPECT_ERR(semctl(id, 3, SETVAL, u), EINVAL);
    EXPECT_ERR(semctl(id, 0, 12345), EINVAL);

    unsigned short vals[3] = { 1, 2, 32767 }, got[3] = { 9, 9, 9 };
    u.array = vals;
    SYS(semctl(id, 0, SETALL, u));
    u.array = got;
    SYS(semctl(id, 0, GETALL, u));
    CHECK(got[0] == 1 && got[1] == 2 && got[2] == 32767);
    unsigned short big[3] = { 0, 32768, 0 };
    u.array = big;
    EXPECT_ERR(semctl(id, 0, SETALL, u), ERANGE);
    CHECK_EQ(getval(id, 1), 2);
    u.array = opaque((void *)16);
    EXPECT_ERR(semctl(id, 0, GETALL, u), EFAULT);
    EXPECT_ERR(semctl(id, 0, SETALL, u), EFAULT);
    u.buf = opaque((void *)16);
    EXPECT_ERR(semctl(id, 0, IPC_STAT, u), EFAULT);

    struct semid_ds ds;
    u.buf = &ds;
    SYS(semctl(id, 0, IPC_STAT, u));
    ds.sem_perm.mode = 0604;
    SYS(semctl(id, 0, IPC_SET, u));
    memset(&ds, 0, sizeof ds);
    SYS(semctl(id, 0, IPC_STAT, u));
    CHECK_EQ(ds.sem_perm.mode & 0777, 0604);
    time_t before = time(NULL);
    SYS(op1(id, 0, -1, 0));
    SYS(semctl(id, 0, IPC_STAT, u));
    CHECK(ds.sem_otime >= before && ds.sem_otime <= time(NULL));
    SYS(semctl(id, 0, IPC_RMID));
}

/* semop's own errors, IPC_NOWAIT, ERANGE, and timeouts. */
static void t_op_errors(long arg)
{
    (void)arg;
    struct seminfo si = limits();
    int id = new_set(2, 0);
    struct sembuf b[64];
    memset(b, 0, sizeof b);
    for (int i = 0; i < 64; i++)
        b[i].sem_op = 1;
    EXPECT_ERR(semop(id, b, 0), EINVAL);
    if (si.semopm < 64)
        EXPECT_ERR(semop(id, b, (size_t)si.semopm + 1), E2BIG);
    b[0] = (struct sembuf){ 2, 1, 0 };
    EXPECT_ERR(semop(id, b, 1), EFBIG);
    EXPECT_ERR(semop(id, opaque((void *)16), 1), EFAULT);
    EXPECT_ERR(op1(id, 0, -1, IPC_NOWAIT), EAGAIN);
    SYS(op1(id, 1, 1, 0));
    EXPECT_ERR(op1(id, 1, 0, IPC_NOWAIT), EAGAIN);
    union semun u = { .val = 32767 };
    SYS(semctl(id, 0, SETVAL, u));
    EXPECT_ERR(op1(id, 0, 1, 0), ERANGE);
    CHECK_EQ(getval(id, 0), 32767);
    SYS(op1(id, 0, -32767, 0));
    CHECK_EQ(getval(id, 0), 0);

    struct sembuf take = { 0, -1, 0 };
    struct timespec bad = { 0, 1000000000 };
    EXPECT_ERR(semtimedop(id, &take, 1, &bad), EINVAL);
    struct timespec zero = { 0, 0 };
    EXPECT_ERR(semtimedop(id, &take, 1, &zero), EAGAIN);
    struct timespec soon = { 0, 50 * 1000 * 1000 };
    uint64_t t0 = now_ns();
    EXPECT_ERR(semtimedop(id, &take, 1, &soon), EAGAIN);
    CHECK(now_ns() - t0 >= 40ull * 1000 * 1000);
    EXPECT_ERR(semtimedop(id, &take, 1, opaque((void *)16)), EFAULT);
    CHECK_EQ(semctl(id, 0, GETNCNT), 0);
    SYS(semctl(id, 0, IPC_RMID));
}

/* A group is all or nothing: a blocked group holds no unit of the
 * semaphores it could already take, and a failing group changes nothing. */
static void t_atomic(long arg)
{
    (void)arg;
    int id = new_set(2, 0);
    union semun u = { .val = 1 };
    SYS(semctl(id, 0, SETVAL, u));
    struct sembuf both[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
    both[1].sem_flg = IPC_NOWAIT;
    EXPECT_ERR(semop(id, both, 2), EAGAIN);
    CHECK_EQ(getval(id, 0), 1);
    both[1].sem_flg = 0;
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        _exit(semop(id, both, 2) == 0 ? 0 : 1);
    await_count(id, 1, GETNCNT, 1);
    CHECK_EQ(semctl(id, 0, GETNCNT), 0);    /* it waits on semaphore 1, not 0 */
    CHECK_EQ(getval(id, 0), 1);             /* and holds nothing meanwhile */
    SYS(op1(id, 0, -1, IPC_NOWAIT));
    SYS(op1(id, 1, 1, 0));                  /* its group still cannot run: 0 is 0 */
    sleep_ms(50);
    CHECK_EQ(getval(id, 1), 1);
    SYS(op1(id, 0, 1, 0));                  /* now both can go, at once */
    expect_exit(pid, 0);
    CHECK(getval(id, 0) == 0 && getval(id, 1) == 0);
    CHECK_EQ(semctl(id, 0, GETPID), pid);

    /* wait-for-zero: a group {wait 0 == 0, give 1} runs once 0 drops to 0 */
    u.val = 2;
    SYS(semctl(id, 0, SETVAL, u));
    struct sembuf zero_then_give[2] = { { 0, 0, 0 }, { 1, 1, 0 } };
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        _exit(semop(id, zero_then_give, 2) == 0 ? 0 : 1);
    await_count(id, 0, GETZCNT, 1);
    SYS(op1(id, 0, -1, 0));
    sleep_ms(30);
    CHECK_EQ(getval(id, 1), 0);
    SYS(op1(id, 0, -1, 0));
    expect_exit(pid, 0);
    CHECK_EQ(getval(id, 1), 1);
    SYS(semctl(id, 0, IPC_RMID));
}

/* IPC_RMID wakes every waiter with EIDRM. */
static void t_rmid_wakes(long arg)
{
    (void)arg;
    int id = new_set(2, 0);
    union semun u = { .val = 1 };
    SYS(semctl(id, 1, SETVAL, u));
    pid_t pids[2];
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {         /* one takes from 0 (0), one waits for 1 (1) to be 0 */
            int r = i == 0 ? op1(id, 0, -1, 0) : op1(id, 1, 0, 0);
            _exit(r < 0 && errno == EIDRM ? 0 : 1);
        }
    }
    await_count(id, 0, GETNCNT, 1);
    await_count(id, 1, GETZCNT, 1);
    SYS(semctl(id, 0, IPC_RMID));
    expect_exit(pids[0], 0);
    expect_exit(pids[1], 0);
}

/* SEM_UNDO: undone at exit and after kill -9; fork does not inherit the
 * adjustments; SETVAL clears them; exit clamps at 0. */
static void t_undo(long arg)
{
    (void)arg;
    int id = new_set(2, 1);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        _exit(op1(id, 0, -1, SEM_UNDO) == 0 ? 0 : 1);
    expect_exit(pid, 0);
    CHECK_EQ(getval(id, 0), 1);             /* given back at exit */

    int pipefd[2], back[2];
    SYS(pipe(pipefd));
    SYS(pipe(back));
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (op1(id, 0, -1, SEM_UNDO) < 0 || op1(id, 1, 3, SEM_UNDO) < 0)
            _exit(1);
        tell(pipefd[1]);
        for (;;)
            sleep_ms(1000);
    }
    hear(pipefd[0]);
    CHECK(getval(id, 0) == 0 && getval(id, 1) == 4);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    CHECK(getval(id, 0) == 1 && getval(id, 1) == 1);    /* undone after kill -9 */

    /* the parent's adjustment is its own: a fork child's exit leaves it */
    SYS(op1(id, 0, -1, SEM_UNDO));
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        _exit(0);
    expect_exit(pid, 0);
    CHECK_EQ(getval(id, 0), 0);
    SYS(op1(id, 0, 1, SEM_UNDO));           /* adjustment back to 0 */

    /* SETVAL clears the adjustment; a clamp at 0 */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (op1(id, 0, 2, SEM_UNDO) < 0 || op1(id, 1, 1, SEM_UNDO) < 0)
            _exit(1);
        tell(pipefd[1]);
        hear(back[0]);
        _exit(0);
    }
    hear(pipefd[0]);
    union semun u = { .val = 5 };
    SYS(semctl(id, 1, SETVAL, u));          /* semaphore 1: the +1 is forgotten */
    SYS(op1(id, 0, -3, 0));                 /* semaphore 0: 3 -> 0; undo -2 clamps */
    tell(back[1]);
    expect_exit(pid, 0);
    CHECK_EQ(getval(id, 1), 5);
    CHECK_EQ(getval(id, 0), 0);
    close(pipefd[0]);
    close(pipefd[1]);
    close(back[0]);
    close(back[1]);
    SYS(semctl(id, 0, IPC_RMID));
}

/* A waiter killed in semop neither takes nor loses a unit; an undo record
 * of a removed set is harmless at exit. */
static void t_killed_waiter(long arg)
{
    (void)arg;
    int id = new_set(1, 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        op1(id, 0, -1, SEM_UNDO);
        _exit(3);
    }
    await_count(id, 0, GETNCNT, 1);
    SYS(kill(pid, SIGKILL));
    expect_killed(pid, SIGKILL);
    CHECK_EQ(semctl(id, 0, GETNCNT), 0);
    SYS(op1(id, 0, 1, 0));
    CHECK_EQ(getval(id, 0), 1);
    SYS(op1(id, 0, -1, IPC_NOWAIT));

    int id2 = new_set(1, 1);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (op1(id2, 0, -1, SEM_UNDO) < 0 || semctl(id2, 0, IPC_RMID) < 0)
            _exit(1);
        _exit(0);
    }
    expect_exit(pid, 0);
    EXPECT_ERR(semctl(id2, 0, GETVAL), EINVAL);
    SYS(semctl(id, 0, IPC_RMID));
}

struct counter {
    volatile long value;
    volatile int inside;
    volatile int overlaps;
};

#define WORKERS 4
#define INCREMENTS 100000

static int counter_set;

static void counter_worker(long arg)
{
    struct counter *c = (struct counter *)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        if (op1(counter_set, 0, -1, SEM_UNDO) < 0)
            _exit(1);
        if (c->inside++)
            c->overlaps++;
        c->value++;
        c->inside--;
        if (op1(counter_set, 0, 1, SEM_UNDO) < 0)
            _exit(2);
    }
}

/* 4 processes x 100,000 increments under one System V semaphore used as a
 * mutex: exactly 400,000, never two inside at once. */
static void t_counter(long arg)
{
    (void)arg;
    struct counter *c = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(c != MAP_FAILED);
    counter_set = new_set(1, 1);
    pid_t pids[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pids[i] = spawn(counter_worker, (long)c);
    for (int i = 0; i < WORKERS; i++)
        expect_exit(pids[i], 0);
    CHECK_EQ(c->overlaps, 0);
    CHECK_EQ(c->value, (long)WORKERS * INCREMENTS);
    CHECK_EQ(getval(counter_set, 0), 1);
    SYS(semctl(counter_set, 0, IPC_RMID));
    SYS(munmap(c, PAGE));
}

/* One semaphore named twice in a SEM_UNDO group: the undo range is cumulative. */
static void p_dup_undo(long arg)
{
    (void)arg;
    int id = new_set(1, 32767);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct sembuf g[3] = { { 0, -20000, SEM_UNDO }, { 0, 20000, 0 }, { 0, -20000, SEM_UNDO } };
        int r = semop(id, g, 3);
        _exit(r == -1 && errno == ERANGE ? 0 : r == 0 ? 10 : 11);
    }
    int st = wait_status(pid);
    int v = semctl(id, 0, GETVAL);
    semctl(id, 0, IPC_RMID);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("dup-undo group: child status %d (10: accepted), value after exit %d (Linux: ERANGE, 32767)",
             WEXITSTATUS(st), v);
    CHECK_EQ(v, 32767);
}

/* SETVAL's ERANGE comes before the id lookup on Linux. */
static void p_setval_order(long arg)
{
    (void)arg;
    union semun u = { .val = -1 };
    EXPECT_ERR(semctl(0x7ffffff0, 0, SETVAL, u), ERANGE);
}

/* semtimedop copies the timeout before checking nsops on Linux. */
static void p_timeout_order(long arg)
{
    (void)arg;
    int id = new_set(1, 0);
    struct sembuf b = { 0, -1, 0 };
    errno = 0;
    long r = semtimedop(id, &b, 0, opaque((void *)16));
    int e = errno;
    semctl(id, 0, IPC_RMID);
    CHECK(r == -1);
    CHECK_EQ(e, EFAULT);
}

/* An exit's undo wakes a sleeping waiter. */
static void p_exit_undo_wakes(long arg)
{
    (void)arg;
    int id = new_set(1, 1);
    int fds[2];
    SYS(pipe(fds));
    pid_t holder = fork();
    CHECK(holder >= 0);
    if (holder == 0) {
        struct sembuf t = { 0, -1, SEM_UNDO };
        if (semop(id, &t, 1) < 0) _exit(1);
        tell(fds[1]);
        sleep_ms(300);
        _exit(0);
    }
    hear(fds[0]);
    pid_t waiter = fork();
    if (waiter == 0) {
        struct sembuf t = { 0, -1, 0 };
        _exit(semop(id, &t, 1) == 0 ? 0 : 1);
    }
    expect_exit(holder, 0);
    expect_exit(waiter, 0);
    CHECK_EQ(semctl(id, 0, GETVAL), 0);
    semctl(id, 0, IPC_RMID);
}

/* A sleeping group that later overflows gets ERANGE; GETNCNT follows the block point. */
static void p_retry_erange(long arg)
{
    (void)arg;
    int id = new_set(2, 0);
    union semun u = { .val = 32767 };
    SYS(semctl(id, 1, SETVAL, u));
    pid_t pid = fork();
    if (pid == 0) {
        struct sembuf g[2] = { { 0, -1, 0 }, { 1, 1, 0 } };
        int r = semop(id, g, 2);
        _exit(r == -1 && errno == ERANGE ? 0 : 1);
    }
    for (int i = 0; i < 300 && semctl(id, 0, GETNCNT) != 1; i++) sleep_ms(10);
    CHECK_EQ(semctl(id, 0, GETNCNT), 1);
    struct sembuf give = { 0, 1, 0 };
    SYS(semop(id, &give, 1));
    expect_exit(pid, 0);
    CHECK_EQ(semctl(id, 0, GETVAL), 1);
    /* block point moves: {0,-1},{1,-1}: first blocks on 0, then on 1 */
    u.val = 0;
    SYS(semctl(id, 0, SETVAL, u));
    SYS(semctl(id, 1, SETVAL, u));
    pid = fork();
    if (pid == 0) {
        struct sembuf g[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
        _exit(semop(id, g, 2) == 0 ? 0 : 1);
    }
    for (int i = 0; i < 300 && semctl(id, 0, GETNCNT) != 1; i++) sleep_ms(10);
    CHECK_EQ(semctl(id, 0, GETNCNT), 1);
    SYS(semop(id, &give, 1));
    sleep_ms(50);
    CHECK_EQ(semctl(id, 0, GETNCNT), 0);
    CHECK_EQ(semctl(id, 1, GETNCNT), 1);
    struct sembuf give1 = { 1, 1, 0 };
    SYS(semop(id, &give1, 1));
    expect_exit(pid, 0);
    semctl(id, 0, IPC_RMID);
}

/* SEM_STAT and SEM_INFO. */
static void p_stat_info(long arg)
{
    (void)arg;
    int id = new_set(3, 0);
    struct seminfo si;
    union { struct seminfo *b; struct semid_ds *d; } u;
    u.b = &si;
    int top = semctl(0, 0, SEM_INFO, u);
    CHECK(top >= 0);
    CHECK(si.semusz >= 1 && si.semaem >= 3);
    struct semid_ds ds;
    u.d = &ds;
    int found = 0;
    for (int i = 0; i <= top; i++) {
        int r = semctl(i, 0, SEM_STAT, u);
        if (r == id) { found = 1; CHECK_EQ(ds.sem_nsems, 3); }
    }
    CHECK(found);
    semctl(id, 0, IPC_RMID);
}

static const struct test tests[] = {
    { "semget: IPC_PRIVATE, keys, IPC_CREAT|IPC_EXCL, nsems limits, ENOENT after IPC_RMID",
      t_get, 0, 0, 0, NULL },
    { "semctl: SETVAL/GETVAL/GETPID, SETALL/GETALL, IPC_STAT/IPC_SET, ERANGE, EINVAL, EFAULT",
      t_ctl, 0, 0, 0, NULL },
    { "semop: EINVAL, E2BIG, EFBIG, EFAULT, IPC_NOWAIT, ERANGE; semtimedop times out with EAGAIN",
      t_op_errors, 0, 0, 0, NULL },
    { "semop: a group is all or nothing, a blocked group holds nothing; wait-for-zero",
      t_atomic, 0, 0, 0, NULL },
    { "semctl IPC_RMID wakes waiters with EIDRM", t_rmid_wakes, 0, 0, 0, NULL },
    { "SEM_UNDO: undone at exit and after kill -9, not inherited by fork, cleared by SETVAL, clamped",
      t_undo, 0, 0, 0, NULL },
    { "semop: a waiter killed mid-wait neither takes nor loses a unit",
      t_killed_waiter, 0, 0, 0, NULL },
    { "semop: 4 processes x 100,000 increments under one semaphore: exactly 400,000",
      t_counter, 0, 0, 180, NULL },
    { "SEM_UNDO: one semaphore twice in a group: the undo range is the group's total (ERANGE)",
      p_dup_undo, 0, 0, 0, NULL },
    { "semctl SETVAL: ERANGE comes before the id lookup", p_setval_order, 0, 0, 0, NULL },
    { "semtimedop: the timeout is copied (EFAULT) before nsops is checked", p_timeout_order, 0, 0, 0, NULL },
    { "SEM_UNDO: an exiting holder's undo wakes a sleeping waiter", p_exit_undo_wakes, 0, 0, 0, NULL },
    { "semop: a sleeping group that would overflow gets ERANGE; GETNCNT follows the blocking operation",
      p_retry_erange, 0, 0, 0, NULL },
    { "semctl SEM_INFO and SEM_STAT find the set", p_stat_info, 0, 0, 0, NULL },
};
TEST_GROUP(143, tests);
