/* Users and permissions: the set*id rules, fork inheriting the ids,
 * supplementary groups, and the checks on System V segments and
 * semaphores and on kill across users. Each test starts as root (on
 * Linux too: the oracle passes trivially, with a diagnostic, when not run
 * as root) and drops to an ordinary user (1000 or 1001) in a forked
 * child, as_user() (perm_util.h); objects are made and removed by the
 * root side. The file-system checks are fileperm.c's. */
#define _GNU_SOURCE                 /* setresuid on glibc */
#include <signal.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#ifndef __shmos__
#include <grp.h>                    /* setgroups (glibc) */
#endif
#include "perm_util.h"
#include "tests.h"

union semun {                       /* the caller's to define, as POSIX says */
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void t_root_ids(long arg)
{
    (void)arg;
    if (not_root())
        return;
    CHECK_EQ(getuid(), 0);
    CHECK_EQ(getgid(), 0);
    CHECK_EQ(getegid(), 0);
}

/* As ALICE (real, effective, saved): no way back to root or to BOB. */
static void plain_user_rules(long arg)
{
    (void)arg;
    CHECK_EQ(getuid(), ALICE);
    CHECK_EQ(geteuid(), ALICE);
    CHECK_EQ(getgid(), ALICE);
    CHECK_EQ(getegid(), ALICE);
    EXPECT_ERR(setuid(0), EPERM);
    EXPECT_ERR(setuid(BOB), EPERM);
    EXPECT_ERR(seteuid(0), EPERM);
    EXPECT_ERR(setreuid(BOB, (uid_t)-1), EPERM);
    EXPECT_ERR(setreuid((uid_t)-1, 0), EPERM);
    EXPECT_ERR(setgid(0), EPERM);
    EXPECT_ERR(setegid(BOB), EPERM);
    gid_t g = STAFF;
    EXPECT_ERR(setgroups(1, &g), EPERM);
    SYS(setuid(ALICE));             /* to one's own id is fine */
    SYS(setreuid(ALICE, ALICE));
    SYS(setgid(ALICE));
    CHECK_EQ(geteuid(), ALICE);
}

static void t_setuid_rules(long arg)
{
    if (not_root())
        return;
    as_user(ALICE, NULL, 0, plain_user_rules, arg);
}

/* A saved root id lets an unprivileged effective id come back. */
static void t_saved_id(long arg)
{
    (void)arg;
    if (not_root())
        return;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        SYS(setresuid(ALICE, BOB, 0));
        CHECK_EQ(getuid(), ALICE);
        CHECK_EQ(geteuid(), BOB);
        EXPECT_ERR(setuid(1002), EPERM);
        SYS(seteuid(ALICE));        /* the real id */
        CHECK_EQ(geteuid(), ALICE);
        SYS(seteuid(0));            /* the saved id: privileged again */
        CHECK_EQ(geteuid(), 0);
        CHECK_EQ(getuid(), ALICE);
        SYS(seteuid(BOB));
        /* Unprivileged setuid changes only the effective id. */
        SYS(setuid(0));
        CHECK_EQ(geteuid(), 0);
        CHECK_EQ(getuid(), ALICE);
        /* Privileged setuid sets all three: no way back. */
        SYS(setuid(BOB));
        CHECK_EQ(getuid(), BOB);
        EXPECT_ERR(seteuid(0), EPERM);
        EXPECT_ERR(seteuid(ALICE), EPERM);
        /* setreuid: the real id to the effective one, by anyone. */
        SYS(setreuid(BOB, BOB));
        _exit(0);
    }
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

/* fork passes the ids on; the parent's are unchanged. */
static void child_inherits(long arg)
{
    (void)arg;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(getuid() == ALICE && geteuid() == ALICE && getgid() == ALICE
              && getgroups(0, NULL) == 1 ? 0 : 1);
    int st;
    SYS(waitpid(pid, &st, 0));
    CHECK_EQ(st, 0);
}

static void t_fork_inherits(long arg)
{
    if (not_root())
        return;
    gid_t g = STAFF;
    as_user(ALICE, &g, 1, child_inherits, arg);
    CHECK_EQ(getuid(), 0);
}

static void t_groups(long arg)
{
    (void)arg;
    if (not_root())
        return;
    gid_t in[3] = { 10, 20, 30 }, out[3];
    SYS(setgroups(3, in));
    CHECK_EQ(getgroups(0, NULL), 3);
    EXPECT_ERR(getgroups(2, out), EINVAL);
    CHECK_EQ(getgroups(3, out), 3);
    CHECK(out[0] == 10 && out[1] == 20 && out[2] == 30);
    SYS(setgroups(0, NULL));
    CHECK_EQ(getgroups(0, NULL), 0);
}

/* ------------------------------------------------------------ segments */

static void *shm_ro(int id) { return shmat(id, NULL, SHM_RDONLY); }
static void *shm_rw(int id) { return shmat(id, NULL, 0); }

/* arg: a root-owned 0644 segment holding "hello". */
static void other_user_shm(long arg)
{
    int id = (int)arg;
    EXPECT_ERR(shm_rw(id), EACCES);
    char *p = shm_ro(id);
    CHECK(p != (void *)-1);
    CHECK(strcmp(p, "hello") == 0);
    SYS(shmdt(p));
    struct shmid_ds ds;
    SYS(shmctl(id, IPC_STAT, &ds));             /* read permission suffices */
    CHECK_EQ(ds.shm_perm.uid, 0);
    CHECK_EQ(ds.shm_perm.mode & 0777, 0644);
    EXPECT_ERR(shmctl(id, IPC_RMID, NULL), EPERM);
    ds.shm_perm.mode = 0666;
    EXPECT_ERR(shmctl(id, IPC_SET, &ds), EPERM);
    /* Its own segment: owned by its euid and egid, removable. */
    int mine = (int)SYS(shmget(IPC_PRIVATE, 4096, 0600));
    SYS(shmctl(mine, IPC_STAT, &ds));
    CHECK_EQ(ds.shm_perm.uid, ALICE);
    CHECK_EQ(ds.shm_perm.gid, ALICE);
    CHECK_EQ(ds.shm_perm.cuid, ALICE);
    SYS(shmctl(mine, IPC_RMID, NULL));
}

/* arg: a root-owned 0600 segment. */
static void private_shm(long arg)
{
    int id = (int)arg;
    EXPECT_ERR(shm_ro(id), EACCES);
    struct shmid_ds ds;
    EXPECT_ERR(shmctl(id, IPC_STAT, &ds), EACCES);
}

/* arg: a segment of group STAFF, mode 0640. */
static void group_shm_member(long arg)
{
    int id = (int)arg;
    void *p = shm_ro(id);
    CHECK(p != (void *)-1);
    SYS(shmdt(p));
    EXPECT_ERR(shm_rw(id), EACCES);
}

static void group_shm_outsider(long arg)
{
    EXPECT_ERR(shm_ro((int)arg), EACCES);
}

static void t_shm_perms(long arg)
{
    (void)arg;
    if (not_root())
        return;
    int id = (int)SYS(shmget(IPC_PRIVATE, 4096, 0644));
    char *p = shm_rw(id);
    CHECK(p != (void *)-1);
    strcpy(p, "hello");
    as_user(ALICE, NULL, 0, other_user_shm, id);
    struct shmid_ds ds;
    SYS(shmctl(id, IPC_STAT, &ds));
    ds.shm_perm.mode = 0600;
    SYS(shmctl(id, IPC_SET, &ds));
    as_user(ALICE, NULL, 0, private_shm, id);
    ds.shm_perm.mode = 0640;
    ds.shm_perm.gid = STAFF;
    SYS(shmctl(id, IPC_SET, &ds));
    gid_t g = STAFF;
    as_user(BOB, &g, 1, group_shm_member, id);
    as_user(BOB, NULL, 0, group_shm_outsider, id);
    /* Root reads and writes whatever the mode. */
    ds.shm_perm.mode = 0;
    SYS(shmctl(id, IPC_SET, &ds));
    void *q = shm_rw(id);
    CHECK(q != (void *)-1);
    SYS(shmdt(q));
    SYS(shmdt(p));
    SYS(shmctl(id, IPC_RMID, NULL));
}

/* arg: a root-owned key whose segment is 0600. */
static void shmget_denied(long arg)
{
    EXPECT_ERR(shmget((key_t)arg, 0, 0600), EACCES);
    EXPECT_ERR(shmget((key_t)arg, 0, 0400), EACCES);
    CHECK(shmget((key_t)arg, 0, 0) >= 0);       /* asking for nothing */
}

static void t_shmget_perms(long arg)
{
    (void)arg;
    if (not_root())
        return;
    key_t key = (key_t)(0x51000000 | (getpid() & 0xFFFFFF));
    int id = (int)SYS(shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600));
    as_user(ALICE, NULL, 0, shmget_denied, key);
    SYS(shmctl(id, IPC_RMID, NULL));
}

/* ---------------------------------------------------------- semaphores */

static int sem_op(int id, int op)
{
    struct sembuf b = { .sem_num = 0, .sem_op = (short)op, .sem_flg = IPC_NOWAIT };
    return semop(id, &b, 1);
}

/* arg: a root-owned 0600 set. */
static void private_sem(long arg)
{
    int id = (int)arg;
    EXPECT_ERR(sem_op(id, 1), EACCES);
    EXPECT_ERR(sem_op(id, 0), EACCES);
    EXPECT_ERR(semctl(id, 0, GETVAL), EACCES);
    union semun u = { .val = 3 };
    EXPECT_ERR(semctl(id, 0, SETVAL, u), EACCES);
    EXPECT_ERR(semctl(id, 0, IPC_RMID), EPERM);
}

/* arg: a root-owned 0644 set, value 0. */
static void readable_sem(long arg)
{
    int id = (int)arg;
    SYS(sem_op(id, 0));                         /* waits for zero: a read */
    CHECK_EQ(semctl(id, 0, GETVAL), 0);
    EXPECT_ERR(sem_op(id, 1), EACCES);
    struct semid_ds ds;
    union semun u = { .buf = &ds };
    SYS(semctl(id, 0, IPC_STAT, u));
    CHECK_EQ(ds.sem_perm.uid, 0);
    EXPECT_ERR(semctl(id, 0, IPC_SET, u), EPERM);
}

static void t_sem_perms(long arg)
{
    (void)arg;
    if (not_root())
        return;
    int id = (int)SYS(semget(IPC_PRIVATE, 1, 0600));
    as_user(ALICE, NULL, 0, private_sem, id);
    struct semid_ds ds;
    union semun u = { .buf = &ds };
    SYS(semctl(id, 0, IPC_STAT, u));
    ds.sem_perm.mode = 0644;
    SYS(semctl(id, 0, IPC_SET, u));
    as_user(ALICE, NULL, 0, readable_sem, id);
    SYS(semctl(id, 0, IPC_RMID));
}

/* --------------------------------------------------------------- kill */

/* arg: a process of BOB's. As ALICE: no signal reaches it, or root;
 * one's own child it does. */
static void kill_across(long arg)
{
    pid_t bobs = (pid_t)arg;
    EXPECT_ERR(kill(bobs, 0), EPERM);
    EXPECT_ERR(kill(bobs, SIGKILL), EPERM);
    EXPECT_ERR(kill(getppid(), SIGTERM), EPERM);   /* the root test process */
    pid_t mine = (pid_t)SYS(fork());
    if (mine == 0) {
        pause();
        _exit(1);
    }
    SYS(kill(mine, SIGKILL));
    int st;
    SYS(waitpid(mine, &st, 0));
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static void t_kill_perms(long arg)
{
    (void)arg;
    if (not_root())
        return;
    pid_t bobs = (pid_t)SYS(fork());
    if (bobs == 0) {
        become(BOB, NULL, 0);
        pause();
        _exit(1);
    }
    as_user(ALICE, NULL, 0, kill_across, bobs);
    SYS(kill(bobs, SIGKILL));                   /* root may */
    int st;
    SYS(waitpid(bobs, &st, 0));
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static const struct test tests[] = {
    { "perm_root_ids", t_root_ids, 0, 0, 0, NULL },
    { "perm_setuid_rules", t_setuid_rules, 0, 0, 0, NULL },
    { "perm_saved_id", t_saved_id, 0, 0, 0, NULL },
    { "perm_fork_inherits", t_fork_inherits, 0, 0, 0, NULL },
    { "perm_groups", t_groups, 0, 0, 0, NULL },
    { "perm_shm", t_shm_perms, 0, 0, 0, NULL },
    { "perm_shmget", t_shmget_perms, 0, 0, 0, NULL },
    { "perm_sem", t_sem_perms, 0, 0, 0, NULL },
    { "perm_kill", t_kill_perms, 0, 0, 0, NULL },
};
TEST_GROUP(125, tests);
