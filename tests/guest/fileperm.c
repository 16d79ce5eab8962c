/* Users and permissions on files: owners, umask, the read and write
 * checks, search and write on directories, sticky directories, access,
 * chmod and chown (exec and POSIX shm and semaphores: fileperm_exec.c).
 * Each test starts as root in a scratch directory of its own under /tmp
 * (fp_scratch: its name carries the pid) and runs the user side in forked
 * children (as_user, perm_util.h); on Linux the same checks run as root
 * (the oracle: passes trivially, with a diagnostic, when not root). */
#define _GNU_SOURCE                 /* setresuid on glibc */
#include <fcntl.h>
#include <stdio.h>                  /* rename */
#include <string.h>
#include <sys/mman.h>                /* shm_open (umask) */
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "perm_util.h"
#include "tests.h"

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
    char dir[FP_PATH_SIZE];
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
    if (fp_scratch(0777))
        return;
    char root_f[FP_PATH_SIZE], alice_f[FP_PATH_SIZE], egid_f[FP_PATH_SIZE];
    fp_make_file(fp_path(root_f, "root"), 0644);
    struct stat st;
    SYS(stat(root_f, &st));
    CHECK_EQ(st.st_uid, 0);
    CHECK_EQ(st.st_gid, 0);
    as_user(ALICE, NULL, 0, create_as_user, (long)fp_path(alice_f, "alice"));
    SYS(stat(alice_f, &st));
    CHECK_EQ(st.st_uid, ALICE);
    /* The effective ids count, not the real ones. */
    fp_path(egid_f, "egid");
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        SYS(setegid(STAFF));
        SYS(seteuid(BOB));
        fp_make_file(egid_f, 0644);
        _exit(0);
    }
    expect_exit(pid, 0);
    SYS(stat(egid_f, &st));
    CHECK_EQ(st.st_uid, BOB);
    CHECK_EQ(st.st_gid, STAFF);
    fp_remove_tree(fp_base);
}

/* umask: returns the old mask, takes only 0777, masks open(O_CREAT),
 * mkdir and shm_open, and is inherited by fork. */
static void t_umask(long arg)
{
    (void)arg;
    if (fp_scratch(0755))
        return;
    umask(027);
    CHECK_EQ(umask(077), 027);
    char f[FP_PATH_SIZE], d[FP_PATH_SIZE], g[FP_PATH_SIZE];
    SYS(close((int)SYS(open(fp_path(f, "f"), O_CREAT | O_WRONLY, 0666))));
    CHECK_EQ(fp_mode_of(f), 0600);
    SYS(mkdir(fp_path(d, "d"), 0777));
    CHECK_EQ(fp_mode_of(d), 0700);
    char shm[FP_PATH_SIZE];
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
    SYS(close((int)SYS(open(fp_path(g, "g"), O_CREAT | O_WRONLY, 0666))));
    CHECK_EQ(fp_mode_of(g), 0666);
    fp_remove_tree(fp_base);
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
    fp_opens(f, O_WRONLY);
    EXPECT_ERR(open(f, O_RDONLY), EACCES);
}

static void cannot_read(long arg)
{
    EXPECT_ERR(open((const char *)arg, O_RDONLY), EACCES);
}

static void can_read(long arg)
{
    fp_opens((const char *)arg, O_RDONLY);
}

/* open checks read and write permission by class: owner, else group
 * (effective or supplementary), else other; only one class applies. Root
 * opens anything. */
static void t_open(long arg)
{
    (void)arg;
    if (fp_scratch(0755))
        return;
    char f[FP_PATH_SIZE];
    fp_make_file(fp_path(f, "secret"), 0600);
    as_user(ALICE, NULL, 0, no_access, (long)f);
    SYS(chmod(f, 0644));
    as_user(ALICE, NULL, 0, read_only, (long)f);
    CHECK_EQ(fp_mode_of(f), 0644);
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
    fp_opens(f, O_RDWR);
    fp_remove_tree(fp_base);
}

/* ------------------------------------------------------------ directories */

/* arg: fp_base; fp_base/d is root's, 0700, holding f (0644) and s/. */
static void no_search(long arg)
{
    (void)arg;
    char f[FP_PATH_SIZE], d[FP_PATH_SIZE], none[FP_PATH_SIZE];
    struct stat st;
    EXPECT_ERR(stat(fp_path(f, "d/f"), &st), EACCES);
    EXPECT_ERR(stat(fp_path(none, "d/s/none"), &st), EACCES);   /* not ENOENT */
    EXPECT_ERR(open(f, O_RDONLY), EACCES);
    EXPECT_ERR(access(f, F_OK), EACCES);
    EXPECT_ERR(chdir(fp_path(d, "d")), EACCES);
    EXPECT_ERR(open(d, O_RDONLY | O_DIRECTORY), EACCES);   /* no read either */
    SYS(stat(d, &st));              /* fp_base may be searched */
}

/* fp_base/d at 0711: search but no read, no write. */
static void search_only(long arg)
{
    (void)arg;
    char f[FP_PATH_SIZE], d[FP_PATH_SIZE], n[FP_PATH_SIZE], s[FP_PATH_SIZE];
    struct stat st;
    SYS(stat(fp_path(f, "d/f"), &st));
    fp_opens(f, O_RDONLY);
    EXPECT_ERR(open(fp_path(d, "d"), O_RDONLY | O_DIRECTORY), EACCES);
    /* No write: nothing may be added, removed or renamed. */
    EXPECT_ERR(open(fp_path(n, "d/new"), O_CREAT | O_WRONLY, 0644), EACCES);
    EXPECT_ERR(mkdir(n, 0755), EACCES);
    EXPECT_ERR(mkdir(fp_path(s, "d/s"), 0755), EEXIST);        /* existence first */
    EXPECT_ERR(unlink(f), EACCES);
    EXPECT_ERR(rmdir(s), EACCES);
    EXPECT_ERR(rename(f, n), EACCES);
    SYS(chdir(d));
    fp_opens("f", O_RDONLY);           /* relative to the new directory */
}

/* Alice's own directory a (0777) holding root's directory sub (0755),
 * and her b: sub may be renamed within a, but not moved to b (its ".."
 * would change, which needs write permission on sub itself). Then a
 * current directory that loses search permission stops relative lookups,
 * and fchdir checks search too. */
static void own_dirs(long arg)
{
    (void)arg;
    char from[FP_PATH_SIZE], to[FP_PATH_SIZE], other[FP_PATH_SIZE], a[FP_PATH_SIZE];
    EXPECT_ERR(rename(fp_path(from, "a/sub"), fp_path(to, "b/sub")), EACCES);
    SYS(rename(from, fp_path(other, "a/sub2")));
    SYS(rename(other, from));
    SYS(chdir(fp_path(a, "a")));
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
    if (fp_scratch(0755))
        return;
    char p[FP_PATH_SIZE];
    SYS(mkdir(fp_path(p, "d"), 0700));
    fp_make_file(fp_path(p, "d/f"), 0644);
    SYS(mkdir(fp_path(p, "d/s"), 0755));
    as_user(ALICE, NULL, 0, no_search, 0);
    SYS(chmod(fp_path(p, "d"), 0711));
    as_user(ALICE, NULL, 0, search_only, 0);
    SYS(mkdir(fp_path(p, "a"), 0777));
    SYS(chown(p, ALICE, ALICE));
    SYS(mkdir(fp_path(p, "a/sub"), 0755));
    SYS(mkdir(fp_path(p, "b"), 0777));
    SYS(chown(p, ALICE, ALICE));
    as_user(ALICE, NULL, 0, own_dirs, 0);
    fp_remove_tree(fp_base);
}

/* ------------------------------------------------------------ sticky directories */

static void make_as_user(long arg)
{
    fp_make_file((const char *)arg, 0666);
}

/* fp_base is sticky and anyone's; fp_base/bob and fp_base/bobdir are bob's. */
static void sticky_refused(long arg)
{
    (void)arg;
    char b[FP_PATH_SIZE], bd[FP_PATH_SIZE], mine[FP_PATH_SIZE], x[FP_PATH_SIZE];
    EXPECT_ERR(unlink(fp_path(b, "bob")), EPERM);
    EXPECT_ERR(rename(b, fp_path(x, "x")), EPERM);
    EXPECT_ERR(rmdir(fp_path(bd, "bobdir")), EPERM);
    fp_make_file(fp_path(mine, "alice"), 0644);
    EXPECT_ERR(rename(mine, b), EPERM);     /* replacing bob's name too */
    fp_opens(b, O_WRONLY);             /* his file's own mode still lets her write */
    SYS(rename(mine, x));           /* her own names are hers to move */
    SYS(unlink(x));
}

static void sticky_allowed(long arg)
{
    (void)arg;
    char b[FP_PATH_SIZE];
    SYS(unlink(fp_path(b, "bob")));
}

/* In a sticky directory only the owner of a name, the directory's owner
 * or root may remove or rename it (EPERM, as Linux); without the bit, or
 * as the directory's owner, write permission on the directory suffices.
 * /tmp and /dev/shm are sticky and anyone's. */
static void t_sticky(long arg)
{
    (void)arg;
#ifdef __shmos__
    CHECK_EQ(fp_mode_of("/tmp"), 01777);
    CHECK_EQ(fp_mode_of("/dev/shm"), 01777);
#endif
    if (fp_scratch(01777))
        return;
    char b[FP_PATH_SIZE], bd[FP_PATH_SIZE];
    as_user(BOB, NULL, 0, make_as_user, (long)fp_path(b, "bob"));
    fp_path(bd, "bobdir");
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        become(BOB, NULL, 0);
        SYS(mkdir(bd, 0777));
        _exit(0);
    }
    expect_exit(pid, 0);
    as_user(ALICE, NULL, 0, sticky_refused, 0);
    SYS(chown(fp_base, ALICE, ALICE));         /* the directory's owner may */
    as_user(ALICE, NULL, 0, sticky_allowed, 0);
    as_user(BOB, NULL, 0, make_as_user, (long)b);
    SYS(chown(fp_base, 0, 0));
    SYS(chmod(fp_base, 0777));                 /* not sticky: anyone may */
    as_user(ALICE, NULL, 0, sticky_allowed, 0);
    SYS(rmdir(bd));                         /* root may, sticky or not */
    fp_remove_tree(fp_base);
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
        fp_opens(f, O_RDONLY);
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
    if (fp_scratch(0755))
        return;
    char f[FP_PATH_SIZE], x[FP_PATH_SIZE], d[FP_PATH_SIZE], none[FP_PATH_SIZE];
    fp_make_file(fp_path(f, "secret"), 0600);
    as_user(ALICE, NULL, 0, access_as_user, (long)f);
    access_real_ids((long)f);
    /* Root: read and write anything; execute what has an x bit, search any
     * directory. */
    SYS(access(f, R_OK | W_OK));
    EXPECT_ERR(access(f, X_OK), EACCES);
    fp_make_file(fp_path(x, "x"), 0100);
    SYS(access(x, R_OK | W_OK | X_OK));
    SYS(mkdir(fp_path(d, "d"), 0));
    SYS(access(d, X_OK));
    EXPECT_ERR(access(fp_path(none, "none"), F_OK), ENOENT);
    EXPECT_ERR(access(f, 8), EINVAL);
    fp_remove_tree(fp_base);
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
    CHECK_EQ(fp_mode_of(f), 0600);
    int fd = (int)SYS(open(f, O_RDONLY));
    SYS(fchmod(fd, 0640));
    SYS(close(fd));
    CHECK_EQ(fp_mode_of(f), 0640);
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
    CHECK_EQ(fp_mode_of(f), 02755);
}

/* As alice outside the file's group STAFF: chmod drops S_ISGID. */
static void owner_outside_group(long arg)
{
    const char *f = (const char *)arg;
    SYS(chmod(f, 02755));
    CHECK_EQ(fp_mode_of(f), 0755);
}

/* chmod and chown: the owner or root may chmod (EPERM otherwise); only
 * root may give a file away, its owner may change its group to one of
 * theirs; a change of owner clears the set-id bits. */
static void t_chmod_chown(long arg)
{
    (void)arg;
    if (fp_scratch(0755))
        return;
    char f[FP_PATH_SIZE], none[FP_PATH_SIZE];
    fp_make_file(fp_path(f, "f"), 0644);
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
    CHECK_EQ(fp_mode_of(f), 0755);
    SYS(chmod(f, 02745));
    SYS(chown(f, (uid_t)-1, BOB));
    CHECK_EQ(fp_mode_of(f), 02745);    /* no group x: a mandatory-locking mark, kept */
    SYS(chmod(f, 0170644));         /* the type bits are not the caller's */
    SYS(stat(f, &st));
    CHECK_EQ(st.st_mode, S_IFREG | 0644);
    EXPECT_ERR(chmod(fp_path(none, "none"), 0644), ENOENT);
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
    fp_remove_tree(fp_base);
}

static const struct test tests[] = {
    { "fileperm_owner", t_owner, 0, 0, 0, NULL },
    { "fileperm_umask", t_umask, 0, 0, 0, NULL },
    { "fileperm_open", t_open, 0, 0, 0, NULL },
    { "fileperm_dirs", t_dirs, 0, 0, 0, NULL },
    { "fileperm_sticky", t_sticky, 0, 0, 0, NULL },
    { "fileperm_access", t_access, 0, 0, 0, NULL },
    { "fileperm_chmod_chown", t_chmod_chown, 0, 0, 0, NULL },
};
TEST_GROUP(126, tests);
