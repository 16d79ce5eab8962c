/* Users and permissions on files: owners, umask, the read/write/execute
 * and search checks, sticky directories, chmod, chown, access, and POSIX
 * shm objects and named semaphores through their files. Each test starts
 * as root in a scratch directory of its own under /tmp (its name carries
 * the pid) and runs the user side in forked children (as_user,
 * perm_util.h); on Linux the same checks run as root (the oracle: passes
 * trivially, with a diagnostic, when not root). */
#define _GNU_SOURCE                 /* setresuid on glibc */
#include <dirent.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>                  /* rename */
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "perm_util.h"
#include "tests.h"

#define PATH_SIZE 96

static char base[PATH_SIZE];        /* the test's scratch directory */

/* base/name into buf. */
static char *at(char buf[PATH_SIZE], const char *name)
{
    fmt(buf, PATH_SIZE, "%s/%s", base, name);
    return buf;
}

/* Make the scratch directory, root's, with mode; umask 0 for the test so
 * every mode asked for is the mode made. 1 if the test cannot run. */
static int scratch(mode_t mode)
{
    if (not_root())
        return 1;
    umask(0);
    fmt(base, sizeof base, "/tmp/fp%d", (int)getpid());
    SYS(mkdir(base, mode));
    return 0;
}

/* Remove path and, for a directory, all below it (as root). */
static void remove_tree(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        SYS(unlink(path));
        return;
    }
    DIR *d = opendir(path);
    CHECK(d != NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char sub[PATH_SIZE];
        fmt(sub, sizeof sub, "%s/%s", path, e->d_name);
        remove_tree(sub);
        rewinddir(d);               /* the listing changed under us */
    }
    closedir(d);
    SYS(rmdir(path));
}

/* A file holding "data" with exactly mode, made by the caller. */
static void make_file(const char *path, mode_t mode)
{
    int fd = (int)SYS(open(path, O_CREAT | O_EXCL | O_WRONLY, 0600));
    write_all(fd, "data", 4);
    SYS(fchmod(fd, mode));
    SYS(close(fd));
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    SYS(stat(path, &st));
    return st.st_mode & 07777;
}

/* open(path, flags) must succeed; the descriptor is closed again. */
static void opens(const char *path, int flags)
{
    SYS(close((int)SYS(open(path, flags))));
}

/* ------------------------------------------------------------ owners and umask */

/* arg: a path in a directory anyone may write. */
static void create_as_user(long arg)
{
    const char *path = (const char *)arg;
    int fd = (int)SYS(open(path, O_CREAT | O_EXCL | O_RDWR, 0644));
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_uid, ALICE);
    CHECK_EQ(st.st_gid, ALICE);
    SYS(close(fd));
    SYS(lstat(path, &st));
    CHECK_EQ(st.st_uid, ALICE);
    char dir[PATH_SIZE];
    fmt(dir, sizeof dir, "%s.d", path);
    SYS(mkdir(dir, 0755));
    SYS(stat(dir, &st));
    CHECK_EQ(st.st_uid, ALICE);
    CHECK_EQ(st.st_gid, ALICE);
}

/* A new file or directory belongs to its creator's effective user and
 * group; stat, fstat and lstat report them. */
static void t_owner(long arg)
{
    (void)arg;
    if (scratch(0777))
        return;
    char root_f[PATH_SIZE], alice_f[PATH_SIZE], egid_f[PATH_SIZE];
    make_file(at(root_f, "root"), 0644);
    struct stat st;
    SYS(stat(root_f, &st));
    CHECK_EQ(st.st_uid, 0);
    CHECK_EQ(st.st_gid, 0);
    as_user(ALICE, NULL, 0, create_as_user, (long)at(alice_f, "alice"));
    SYS(stat(alice_f, &st));
    CHECK_EQ(st.st_uid, ALICE);
    /* The effective ids count, not the real ones. */
    at(egid_f, "egid");
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        SYS(setegid(STAFF));
        SYS(seteuid(BOB));
        make_file(egid_f, 0644);
        _exit(0);
    }
    expect_exit(pid, 0);
    SYS(stat(egid_f, &st));
    CHECK_EQ(st.st_uid, BOB);
    CHECK_EQ(st.st_gid, STAFF);
    remove_tree(base);
}

/* umask: returns the old mask, takes only 0777, masks open(O_CREAT),
 * mkdir and shm_open, and is inherited by fork. */
static void t_umask(long arg)
{
    (void)arg;
    if (scratch(0755))
        return;
    umask(027);
    CHECK_EQ(umask(077), 027);
    char f[PATH_SIZE], d[PATH_SIZE], g[PATH_SIZE];
    SYS(close((int)SYS(open(at(f, "f"), O_CREAT | O_WRONLY, 0666))));
    CHECK_EQ(mode_of(f), 0600);
    SYS(mkdir(at(d, "d"), 0777));
    CHECK_EQ(mode_of(d), 0700);
    char shm[PATH_SIZE];
    fmt(shm, sizeof shm, "/fp%d", (int)getpid());
    int fd = (int)SYS(shm_open(shm, O_CREAT | O_EXCL | O_RDWR, 0666));
    struct stat st;
    SYS(fstat(fd, &st));
    CHECK_EQ(st.st_mode & 0777, 0600);
    SYS(close(fd));
    SYS(shm_unlink(shm));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0)
        _exit(umask(0) == 077 ? 0 : 1);
    expect_exit(pid, 0);
    CHECK_EQ(umask(01777), 077);
    CHECK_EQ(umask(0), 0777);       /* only the permission bits */
    SYS(close((int)SYS(open(at(g, "g"), O_CREAT | O_WRONLY, 0666))));
    CHECK_EQ(mode_of(g), 0666);
    remove_tree(base);
}

/* ------------------------------------------------------------ read and write */

/* arg: root's file, mode 0600. */
static void no_access(long arg)
{
    const char *f = (const char *)arg;
    EXPECT_ERR(open(f, O_RDONLY), EACCES);
    EXPECT_ERR(open(f, O_WRONLY), EACCES);
    EXPECT_ERR(open(f, O_RDWR), EACCES);
    EXPECT_ERR(open(f, O_RDONLY | O_CREAT, 0644), EACCES);
    EXPECT_ERR(open(f, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    struct stat st;
    SYS(stat(f, &st));              /* stat needs no permission on the file */
}

/* arg: root's file, mode 0644. */
static void read_only(long arg)
{
    const char *f = (const char *)arg;
    int fd = (int)SYS(open(f, O_RDONLY));
    char buf[8];
    CHECK_EQ(read(fd, buf, sizeof buf), 4);
    SYS(close(fd));
    EXPECT_ERR(open(f, O_WRONLY), EACCES);
    EXPECT_ERR(open(f, O_RDONLY | O_TRUNC), EACCES);
    EXPECT_ERR(truncate(f, 0), EACCES);
}

/* arg: root's file, mode 0222. */
static void write_only(long arg)
{
    const char *f = (const char *)arg;
    opens(f, O_WRONLY);
    EXPECT_ERR(open(f, O_RDONLY), EACCES);
}

static void cannot_read(long arg)
{
    EXPECT_ERR(open((const char *)arg, O_RDONLY), EACCES);
}

static void can_read(long arg)
{
    opens((const char *)arg, O_RDONLY);
}

/* open checks read and write permission by class: owner, else group
 * (effective or supplementary), else other; only one class applies. Root
 * opens anything. */
static void t_open(long arg)
{
    (void)arg;
    if (scratch(0755))
        return;
    char f[PATH_SIZE];
    make_file(at(f, "secret"), 0600);
    as_user(ALICE, NULL, 0, no_access, (long)f);
    SYS(chmod(f, 0644));
    as_user(ALICE, NULL, 0, read_only, (long)f);
    CHECK_EQ(mode_of(f), 0644);
    struct stat st;
    SYS(stat(f, &st));
    CHECK_EQ(st.st_size, 4);        /* the refused O_TRUNC left it alone */
    SYS(chmod(f, 0222));
    as_user(ALICE, NULL, 0, write_only, (long)f);
    /* The owner's class applies to the owner even if others may more. */
    SYS(chown(f, ALICE, ALICE));
    SYS(chmod(f, 0066));
    as_user(ALICE, NULL, 0, cannot_read, (long)f);
    as_user(BOB, NULL, 0, can_read, (long)f);
    /* The group's class: a supplementary group counts. */
    SYS(chown(f, 0, STAFF));
    SYS(chmod(f, 0640));
    gid_t staff = STAFF;
    as_user(BOB, &staff, 1, can_read, (long)f);
    as_user(BOB, NULL, 0, cannot_read, (long)f);
    SYS(chmod(f, 0604));
    as_user(BOB, &staff, 1, cannot_read, (long)f);
    as_user(BOB, NULL, 0, can_read, (long)f);
    /* Root: no mode stops reading or writing. */
    SYS(chmod(f, 0));
    opens(f, O_RDWR);
    remove_tree(base);
}

/* ------------------------------------------------------------ directories */

/* arg: base; base/d is root's, 0700, holding f (0644) and s/. */
static void no_search(long arg)
{
    (void)arg;
    char f[PATH_SIZE], d[PATH_SIZE], none[PATH_SIZE];
    struct stat st;
    EXPECT_ERR(stat(at(f, "d/f"), &st), EACCES);
    EXPECT_ERR(stat(at(none, "d/s/none"), &st), EACCES);   /* not ENOENT */
    EXPECT_ERR(open(f, O_RDONLY), EACCES);
    EXPECT_ERR(access(f, F_OK), EACCES);
    EXPECT_ERR(chdir(at(d, "d")), EACCES);
    EXPECT_ERR(open(d, O_RDONLY | O_DIRECTORY), EACCES);   /* no read either */
    SYS(stat(d, &st));              /* base may be searched */
}

/* base/d at 0711: search but no read, no write. */
static void search_only(long arg)
{
    (void)arg;
    char f[PATH_SIZE], d[PATH_SIZE], n[PATH_SIZE], s[PATH_SIZE];
    struct stat st;
    SYS(stat(at(f, "d/f"), &st));
    opens(f, O_RDONLY);
    EXPECT_ERR(open(at(d, "d"), O_RDONLY | O_DIRECTORY), EACCES);
    /* No write: nothing may be added, removed or renamed. */
    EXPECT_ERR(open(at(n, "d/new"), O_CREAT | O_WRONLY, 0644), EACCES);
    EXPECT_ERR(mkdir(n, 0755), EACCES);
    EXPECT_ERR(mkdir(at(s, "d/s"), 0755), EEXIST);        /* existence first */
    EXPECT_ERR(unlink(f), EACCES);
    EXPECT_ERR(rmdir(s), EACCES);
    EXPECT_ERR(rename(f, n), EACCES);
    SYS(chdir(d));
    opens("f", O_RDONLY);           /* relative to the new directory */
}

/* Alice's own directory a (0777) holding root's directory sub (0755),
 * and her b: sub may be renamed within a, but not moved to b (its ".."
 * would change, which needs write permission on sub itself). Then a
 * current directory that loses search permission stops relative lookups,
 * and fchdir checks search too. */
static void own_dirs(long arg)
{
    (void)arg;
    char from[PATH_SIZE], to[PATH_SIZE], other[PATH_SIZE], a[PATH_SIZE];
    EXPECT_ERR(rename(at(from, "a/sub"), at(to, "b/sub")), EACCES);
    SYS(rename(from, at(other, "a/sub2")));
    SYS(rename(other, from));
    SYS(chdir(at(a, "a")));
    SYS(close((int)SYS(open("mine", O_CREAT | O_WRONLY, 0644))));
    SYS(chmod(".", 0600));
    struct stat st;
    EXPECT_ERR(stat("mine", &st), EACCES);
    int fd = (int)SYS(open(a, O_RDONLY | O_DIRECTORY));
    EXPECT_ERR(fchdir(fd), EACCES);
    SYS(chmod(a, 0777));
    SYS(fchdir(fd));
    SYS(close(fd));
    SYS(unlink("mine"));
}

/* Search (x) on every directory of a path; write and search on the
 * directory to add, remove or rename a name; chdir and fchdir need x. */
static void t_dirs(long arg)
{
    (void)arg;
    if (scratch(0755))
        return;
    char p[PATH_SIZE];
    SYS(mkdir(at(p, "d"), 0700));
    make_file(at(p, "d/f"), 0644);
    SYS(mkdir(at(p, "d/s"), 0755));
    as_user(ALICE, NULL, 0, no_search, 0);
    SYS(chmod(at(p, "d"), 0711));
    as_user(ALICE, NULL, 0, search_only, 0);
    SYS(mkdir(at(p, "a"), 0777));
    SYS(chown(p, ALICE, ALICE));
    SYS(mkdir(at(p, "a/sub"), 0755));
    SYS(mkdir(at(p, "b"), 0777));
    SYS(chown(p, ALICE, ALICE));
    as_user(ALICE, NULL, 0, own_dirs, 0);
    remove_tree(base);
}

/* ------------------------------------------------------------ sticky directories */

static void make_as_user(long arg)
{
    make_file((const char *)arg, 0666);
}

/* base is sticky and anyone's; base/bob and base/bobdir are bob's. */
static void sticky_refused(long arg)
{
    (void)arg;
    char b[PATH_SIZE], bd[PATH_SIZE], mine[PATH_SIZE], x[PATH_SIZE];
    EXPECT_ERR(unlink(at(b, "bob")), EPERM);
    EXPECT_ERR(rename(b, at(x, "x")), EPERM);
    EXPECT_ERR(rmdir(at(bd, "bobdir")), EPERM);
    make_file(at(mine, "alice"), 0644);
    EXPECT_ERR(rename(mine, b), EPERM);     /* replacing bob's name too */
    opens(b, O_WRONLY);             /* his file's own mode still lets her write */
    SYS(rename(mine, x));           /* her own names are hers to move */
    SYS(unlink(x));
}

static void sticky_allowed(long arg)
{
    (void)arg;
    char b[PATH_SIZE];
    SYS(unlink(at(b, "bob")));
}

/* In a sticky directory only the owner of a name, the directory's owner
 * or root may remove or rename it (EPERM, as Linux); without the bit, or
 * as the directory's owner, write permission on the directory suffices.
 * /tmp and /dev/shm are sticky and anyone's. */
static void t_sticky(long arg)
{
    (void)arg;
#ifdef __shmos__
    CHECK_EQ(mode_of("/tmp"), 01777);
    CHECK_EQ(mode_of("/dev/shm"), 01777);
#endif
    if (scratch(01777))
        return;
    char b[PATH_SIZE], bd[PATH_SIZE];
    as_user(BOB, NULL, 0, make_as_user, (long)at(b, "bob"));
    at(bd, "bobdir");
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        become(BOB, NULL, 0);
        SYS(mkdir(bd, 0777));
        _exit(0);
    }
    expect_exit(pid, 0);
    as_user(ALICE, NULL, 0, sticky_refused, 0);
    SYS(chown(base, ALICE, ALICE));         /* the directory's owner may */
    as_user(ALICE, NULL, 0, sticky_allowed, 0);
    as_user(BOB, NULL, 0, make_as_user, (long)b);
    SYS(chown(base, 0, 0));
    SYS(chmod(base, 0777));                 /* not sticky: anyone may */
    as_user(ALICE, NULL, 0, sticky_allowed, 0);
    SYS(rmdir(bd));                         /* root may, sticky or not */
    remove_tree(base);
}

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
    if (scratch(0755))
        return;
    char prog[PATH_SIZE];
    make_file(at(prog, "prog"), 0644);
    exec_fails(prog, EACCES);
    exec_fails(base, EACCES);
    SYS(chmod(prog, 0744));
    exec_fails(prog, ENOEXEC);
    as_user(ALICE, NULL, 0, exec_as_user, (long)prog);
    SYS(chmod(prog, 0745));
    as_user(ALICE, NULL, 0, exec_other_x, (long)prog);
    SYS(chmod(prog, 0010));                 /* root: any x bit will do */
    exec_fails(prog, ENOEXEC);
    remove_tree(base);
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
    if (scratch(0755))
        return;
    char prog[PATH_SIZE], spec[2 * PATH_SIZE];
    copy_file(self_path(), at(prog, "ids"));
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
    remove_tree(base);
}

/* ------------------------------------------------------------ access */

/* arg: root's 0600 file. */
static void access_as_user(long arg)
{
    const char *f = (const char *)arg;
    SYS(access(f, F_OK));
    EXPECT_ERR(access(f, R_OK), EACCES);
    EXPECT_ERR(access(f, W_OK), EACCES);
    EXPECT_ERR(access(f, X_OK), EACCES);
}

/* access asks with the real ids, open with the effective ones. */
static void access_real_ids(long arg)
{
    const char *f = (const char *)arg;
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        SYS(setresuid(ALICE, 0, 0));
        EXPECT_ERR(access(f, R_OK), EACCES);
        opens(f, O_RDONLY);
        _exit(0);
    }
    expect_exit(pid, 0);
    pid = (pid_t)SYS(fork());
    if (pid == 0) {
        SYS(setresuid(0, ALICE, 0));
        SYS(access(f, R_OK | W_OK));
        EXPECT_ERR(open(f, O_RDONLY), EACCES);
        _exit(0);
    }
    expect_exit(pid, 0);
}

static void t_access(long arg)
{
    (void)arg;
    if (scratch(0755))
        return;
    char f[PATH_SIZE], x[PATH_SIZE], d[PATH_SIZE], none[PATH_SIZE];
    make_file(at(f, "secret"), 0600);
    as_user(ALICE, NULL, 0, access_as_user, (long)f);
    access_real_ids((long)f);
    /* Root: read and write anything; execute what has an x bit, search any
     * directory. */
    SYS(access(f, R_OK | W_OK));
    EXPECT_ERR(access(f, X_OK), EACCES);
    make_file(at(x, "x"), 0100);
    SYS(access(x, R_OK | W_OK | X_OK));
    SYS(mkdir(at(d, "d"), 0));
    SYS(access(d, X_OK));
    EXPECT_ERR(access(at(none, "none"), F_OK), ENOENT);
    EXPECT_ERR(access(f, 8), EINVAL);
    remove_tree(base);
}

/* ------------------------------------------------------------ chmod and chown */

/* arg: root's 0644 file. */
static void not_owner(long arg)
{
    const char *f = (const char *)arg;
    EXPECT_ERR(chmod(f, 0777), EPERM);
    EXPECT_ERR(chown(f, ALICE, (gid_t)-1), EPERM);
    EXPECT_ERR(chown(f, (uid_t)-1, ALICE), EPERM);
    SYS(chown(f, (uid_t)-1, (gid_t)-1));    /* no change asked: nothing to refuse */
    int fd = (int)SYS(open(f, O_RDONLY));
    EXPECT_ERR(fchmod(fd, 0777), EPERM);
    EXPECT_ERR(fchown(fd, ALICE, ALICE), EPERM);
    SYS(close(fd));
}

/* arg: alice's file, group ALICE. */
static void owner_changes(long arg)
{
    const char *f = (const char *)arg;
    SYS(chmod(f, 0600));
    CHECK_EQ(mode_of(f), 0600);
    int fd = (int)SYS(open(f, O_RDONLY));
    SYS(fchmod(fd, 0640));
    SYS(close(fd));
    CHECK_EQ(mode_of(f), 0640);
    EXPECT_ERR(chown(f, BOB, (gid_t)-1), EPERM);    /* only root gives files away */
    SYS(chown(f, ALICE, (gid_t)-1));                /* to oneself is no change */
    EXPECT_ERR(chown(f, (uid_t)-1, STAFF), EPERM);  /* not her group */
}

/* As alice in STAFF: the group may become one of hers. */
static void owner_chgrp(long arg)
{
    const char *f = (const char *)arg;
    SYS(chown(f, (uid_t)-1, STAFF));
    struct stat st;
    SYS(stat(f, &st));
    CHECK_EQ(st.st_gid, STAFF);
    SYS(chmod(f, 02755));
    CHECK_EQ(mode_of(f), 02755);
}

/* As alice outside the file's group STAFF: chmod drops S_ISGID. */
static void owner_outside_group(long arg)
{
    const char *f = (const char *)arg;
    SYS(chmod(f, 02755));
    CHECK_EQ(mode_of(f), 0755);
}

/* chmod and chown: the owner or root may chmod (EPERM otherwise); only
 * root may give a file away, its owner may change its group to one of
 * theirs; a change of owner clears the set-id bits. */
static void t_chmod_chown(long arg)
{
    (void)arg;
    if (scratch(0755))
        return;
    char f[PATH_SIZE], none[PATH_SIZE];
    make_file(at(f, "f"), 0644);
    as_user(ALICE, NULL, 0, not_owner, (long)f);
    SYS(chown(f, ALICE, ALICE));
    struct stat st;
    SYS(stat(f, &st));
    CHECK_EQ(st.st_uid, ALICE);
    CHECK_EQ(st.st_gid, ALICE);
    CHECK(S_ISREG(st.st_mode));
    as_user(ALICE, NULL, 0, owner_changes, (long)f);
    gid_t staff = STAFF;
    as_user(ALICE, &staff, 1, owner_chgrp, (long)f);
    as_user(ALICE, NULL, 0, owner_outside_group, (long)f);
    /* chown clears set-user-id, and set-group-id with group execute. */
    SYS(chmod(f, 06755));
    SYS(chown(f, BOB, (gid_t)-1));
    CHECK_EQ(mode_of(f), 0755);
    SYS(chmod(f, 02745));
    SYS(chown(f, (uid_t)-1, BOB));
    CHECK_EQ(mode_of(f), 02745);    /* no group x: a mandatory-locking mark, kept */
    SYS(chmod(f, 0170644));         /* the type bits are not the caller's */
    SYS(stat(f, &st));
    CHECK_EQ(st.st_mode, S_IFREG | 0644);
    EXPECT_ERR(chmod(at(none, "none"), 0644), ENOENT);
    EXPECT_ERR(chown(none, 0, 0), ENOENT);
    EXPECT_ERR(fchmod(-1, 0644), EBADF);
    EXPECT_ERR(fchown(lowest_free_fd(), 0, 0), EBADF);
#ifdef __shmos__
    int p[2];
    SYS(pipe(p));
    EXPECT_ERR(fchmod(p[0], 0600), EINVAL);     /* Linux: a pipe's own inode */
    SYS(close(p[0]));
    SYS(close(p[1]));
#endif
    remove_tree(base);
}

/* ------------------------------------------------------------ POSIX shm and semaphores */

struct names { char shm[PATH_SIZE], sem[PATH_SIZE], semfile[PATH_SIZE]; };

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
    char mine[PATH_SIZE];
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
    { "fileperm_owner", t_owner, 0, 0, 0, NULL },
    { "fileperm_umask", t_umask, 0, 0, 0, NULL },
    { "fileperm_open", t_open, 0, 0, 0, NULL },
    { "fileperm_dirs", t_dirs, 0, 0, 0, NULL },
    { "fileperm_sticky", t_sticky, 0, 0, 0, NULL },
    { "fileperm_exec", t_exec, 0, 0, 0, NULL },
    { "fileperm_setid_exec", t_setid_exec, 0, 0, 60, NULL },
    { "fileperm_access", t_access, 0, 0, 0, NULL },
    { "fileperm_chmod_chown", t_chmod_chown, 0, 0, 0, NULL },
    { "fileperm_posix_ipc", t_posix_ipc, 0, 0, 0, NULL },
};
TEST_GROUP(126, tests);
