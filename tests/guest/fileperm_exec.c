/* Users and permissions on files, continued from fileperm.c: exec (the
 * x bits, root's exception), set-user-id and set-group-id programs, and
 * POSIX shm objects and named semaphores through their files under
 * /dev/shm. Same scheme: root sets up in a scratch directory, the user
 * side runs in forked children; on Linux too, as root. */
#include <fcntl.h>
#include <semaphore.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "perm_util.h"
#include "tests.h"

/* ------------------------------------------------------------ exec */

/* execve(path) must fail with err (the child never runs anything). */
static void exec_fails(const char *path, int err)
{
    char *argv[] = { (char *)path, NULL };
    char *envp[] = { NULL };
    EXPECT_ERR(execve(path, argv, envp), err);
}

/* arg: root's not-a-program, mode 0744. */
static void exec_as_user(long arg)
{
    exec_fails((const char *)arg, EACCES);
}

static void exec_other_x(long arg)
{
    exec_fails((const char *)arg, ENOEXEC);     /* allowed, but not a program */
}

/* exec needs an x bit for the caller's class: EACCES before the file is
 * read (ENOEXEC once allowed); root too needs some x bit; a directory
 * cannot be executed. */
static void t_exec(long arg)
{
    (void)arg;
    if (fp_scratch(0755))
        return;
    char prog[FP_PATH_SIZE];
    fp_make_file(fp_path(prog, "prog"), 0644);
    exec_fails(prog, EACCES);
    exec_fails(fp_base, EACCES);
    SYS(chmod(prog, 0744));
    exec_fails(prog, ENOEXEC);
    as_user(ALICE, NULL, 0, exec_as_user, (long)prog);
    SYS(chmod(prog, 0745));
    as_user(ALICE, NULL, 0, exec_other_x, (long)prog);
    SYS(chmod(prog, 0010));                 /* root: any x bit will do */
    exec_fails(prog, ENOEXEC);
    fp_remove_tree(fp_base);
}

/* ------------------------------------------------------------ set-id programs */

int ids_helper_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char line[64];
    int n = fmt(line, sizeof line, "%u %u %u %u\n", (unsigned)getuid(), (unsigned)geteuid(),
                (unsigned)getgid(), (unsigned)getegid());
    return write(1, line, (size_t)n) == n ? 0 : 1;
}

/* Run prog (a copy of this program) in its ids helper mode: "ruid euid
 * rgid egid" into line. */
static void ids_of_program(const char *prog, char line[64])
{
    int p[2];
    SYS(pipe(p));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        SYS(dup2(p[1], 1));
        char *argv[] = { "tests", IDS_HELPER, NULL }, *envp[] = { NULL };
        execve(prog, argv, envp);
        _exit(99);
    }
    SYS(close(p[1]));
    ssize_t n = read(p[0], line, 63);
    SYS(close(p[0]));
    expect_exit(pid, 0);
    CHECK(n > 0);
    line[n] = '\0';
}

/* arg: "PROGRAM\0EXPECTED" */
static void run_as_bob(long arg)
{
    const char *prog = (const char *)arg, *want = prog + strlen(prog) + 1;
    char got[64];
    ids_of_program(prog, got);
    if (strcmp(got, want) != 0)
        FAIL("%s printed %s, expected %s", prog, got, want);
}

/* Copy file from to to (as the caller), mode 0755. */
static void copy_file(const char *from, const char *to)
{
    int in = (int)SYS(open(from, O_RDONLY));
    int out = (int)SYS(open(to, O_CREAT | O_EXCL | O_WRONLY, 0755));
    static char buf[16384];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        write_all(out, buf, (size_t)n);
    CHECK(n == 0);
    SYS(close(in));
    SYS(close(out));
}

/* exec of a set-user-id program makes its owner the effective user; of a
 * set-group-id one with group execute, its group the effective group; the
 * real ids stay. */
static void t_setid_exec(long arg)
{
    (void)arg;
    if (fp_scratch(0755))
        return;
    char prog[FP_PATH_SIZE], spec[2 * FP_PATH_SIZE];
    copy_file(self_path(), fp_path(prog, "ids"));
    SYS(chown(prog, ALICE, STAFF));
    static const struct { mode_t mode; unsigned euid, egid; } cases[] = {
        { 0755, BOB, BOB }, { 04755, ALICE, BOB }, { 02755, BOB, STAFF },
        { 06755, ALICE, STAFF }, { 02745, BOB, BOB },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SYS(chmod(prog, cases[i].mode));
        int n = fmt(spec, sizeof spec, "%s", prog);
        fmt(spec + n + 1, sizeof spec - (size_t)n - 1, "%u %u %u %u\n", BOB, cases[i].euid,
            BOB, cases[i].egid);
        as_user(BOB, NULL, 0, run_as_bob, (long)spec);
    }
    fp_remove_tree(fp_base);
}

/* ------------------------------------------------------------ POSIX shm and semaphores */

struct names { char shm[FP_PATH_SIZE], sem[FP_PATH_SIZE], semfile[FP_PATH_SIZE]; };

/* arg: struct names of root's 0600 object and semaphore. */
static void ipc_refused(long arg)
{
    const struct names *n = (const struct names *)arg;
    EXPECT_ERR(shm_open(n->shm, O_RDONLY, 0), EACCES);
    EXPECT_ERR(shm_unlink(n->shm), EACCES);     /* sticky /dev/shm; POSIX's errno */
    CHECK(sem_open(n->sem, 0) == SEM_FAILED);
    CHECK_EQ(errno, EACCES);
    EXPECT_ERR(sem_unlink(n->sem), EACCES);
    /* Her own object is hers. */
    char mine[FP_PATH_SIZE];
    fmt(mine, sizeof mine, "%s.alice", n->shm);
    int fd = (int)SYS(shm_open(mine, O_CREAT | O_EXCL | O_RDWR, 0600));
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_uid, ALICE);
    SYS(close(fd));
    SYS(shm_unlink(mine));
}

/* The object at 0644, the semaphore at 0666. */
static void ipc_allowed(long arg)
{
    const struct names *n = (const struct names *)arg;
    int fd = (int)SYS(shm_open(n->shm, O_RDONLY, 0));
    CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
    CHECK_EQ(errno, EACCES);
    SYS(close(fd));
    EXPECT_ERR(shm_open(n->shm, O_RDWR, 0), EACCES);
    sem_t *s = sem_open(n->sem, 0);
    CHECK(s != SEM_FAILED);
    SYS(sem_post(s));
    SYS(sem_close(s));
}

/* shm_open and sem_open are files of /dev/shm: their modes and sticky
 * /dev/shm decide who may open and remove them. */
static void t_posix_ipc(long arg)
{
    (void)arg;
    if (not_root())
        return;
    umask(0);
    struct names n;
    fmt(n.shm, sizeof n.shm, "/fp%d", (int)getpid());
    fmt(n.sem, sizeof n.sem, "/fps%d", (int)getpid());
    fmt(n.semfile, sizeof n.semfile, "/dev/shm/sem.fps%d", (int)getpid());
    int fd = (int)SYS(shm_open(n.shm, O_CREAT | O_EXCL | O_RDWR, 0600));
    SYS(ftruncate(fd, PAGE));
    sem_t *s = sem_open(n.sem, O_CREAT | O_EXCL, 0600, 1);
    CHECK(s != SEM_FAILED);
    as_user(ALICE, NULL, 0, ipc_refused, (long)&n);
    SYS(fchmod(fd, 0644));
    SYS(chmod(n.semfile, 0666));
    as_user(ALICE, NULL, 0, ipc_allowed, (long)&n);
    int v;
    SYS(sem_getvalue(s, &v));
    CHECK_EQ(v, 2);
    SYS(sem_close(s));
    SYS(sem_unlink(n.sem));
    SYS(close(fd));
    SYS(shm_unlink(n.shm));
}

static const struct test tests[] = {
    { "fileperm_exec", t_exec, 0, 0, 0, NULL },
    { "fileperm_setid_exec", t_setid_exec, 0, 0, 60, NULL },
    { "fileperm_posix_ipc", t_posix_ipc, 0, 0, 0, NULL },
};
TEST_GROUP(127, tests);
