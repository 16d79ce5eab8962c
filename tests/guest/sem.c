/* Named semaphores: sem_open / sem_close / sem_unlink / sem_trywait /
 * sem_post / sem_getvalue with every error code, unlink while open,
 * inheritance through fork, and 10,000 open / close / unlink cycles that
 * must leave nothing behind. The waiting tests are in sem_wait.c.
 *
 * The same file runs on Linux, the reference. shmos's own limits (64
 * semaphores, 16 open per process, 31-byte names), its meminfo counts and
 * its EINVAL for a bad sem_t (undefined behaviour on Linux) are under
 * #ifdef __shmos__ or SKIP there.
 *
 * Every body runs in a worker forked by sem_guarded(). Names (and the one
 * segment key) are derived from the guard's pid (parallel runs on Linux
 * cannot collide); when the worker is gone the guard unlinks every name in
 * that range and removes the segment, even after a failed check, and a
 * passing body that left one behind fails. */
#include <stdio.h>
#include "sem_util.h"

/* ------------------------------------------------------------ sem_open */

/* O_CREAT creates with the value, O_EXCL refuses an existing name, and
 * every later open of the name (with or without O_CREAT: the value is
 * then ignored) gives the same sem_t; each open needs its close. The name
 * without its '/' is the same semaphore (the sem_t may differ: POSIX only
 * promises one address per identical name). */
static void open_create_excl(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
    sem_t *a = sem_new(0, 3);
    EXPECT_OPEN_ERR(sem_open(nm, O_CREAT | O_EXCL, 0600, 0), EEXIST);
    sem_t *b = open_existing(0);
    sem_t *c = sem_open(nm, O_CREAT, 0600, 9);
    CHECK(b == a && c == a);
    CHECK_EQ(value(a), 3);
    sem_t *d = sem_open(nm + 1, 0);
    CHECK(d != SEM_FAILED);
    SYS(sem_post(d));
    CHECK_EQ(value(a), 4);
    SYS(sem_close(d));
    for (int i = 0; i < 2; i++)
        SYS(sem_close(a));
    CHECK_EQ(value(a), 4);
    SYS(sem_close(a));
    SYS(sem_unlink(nm));
}

/* No O_CREAT and no such name: ENOENT, before creation and after unlink. */
static void open_enoent(void)
{
    char nm[NAME_SIZE];
    EXPECT_OPEN_ERR(sem_open(name(nm, 0), 0), ENOENT);
    EXPECT_OPEN_ERR(sem_open(nm, O_EXCL), ENOENT);
    EXPECT_ERR(sem_unlink(nm), ENOENT);
    sem_t *s = sem_new(0, 0);
    SYS(sem_close(s));
    SYS(sem_unlink(nm));
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
    EXPECT_ERR(sem_unlink(nm), ENOENT);
}

/* sem_unlink of a name that cannot name a semaphore ("", "/", a '/'
 * inside) gives ENOENT: POSIX lists no EINVAL for it, and glibc says
 * ENOENT. Leading slashes are skipped: "///name" is "/name" (glibc too). */
static void unlink_bad_names(void)
{
    char nm[NAME_SIZE], many[NAME_SIZE + 4];
    EXPECT_ERR(sem_unlink(""), ENOENT);
    EXPECT_ERR(sem_unlink("/"), ENOENT);
    EXPECT_ERR(sem_unlink("///"), ENOENT);
    EXPECT_ERR(sem_unlink("/shmos-no/such"), ENOENT);
    name(nm, 0);
    sem_t *s = sem_new(0, 5);
    fmt(many, sizeof many, "///%s", nm + 1);
    sem_t *again = sem_open(many, 0);
    CHECK(again != SEM_FAILED);
    CHECK_EQ(value(again), 5);
    SYS(sem_close(again));
    SYS(sem_close(s));
    SYS(sem_unlink(many));
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
}

/* EINVAL for a value above SEM_VALUE_MAX when creating (nothing created)
 * and for names that are empty or hold a '/' after the leading ones. */
static void open_einval(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
    EXPECT_OPEN_ERR(sem_open(nm, O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1), EINVAL);
    EXPECT_OPEN_ERR(sem_open(nm, O_CREAT | O_EXCL, 0600, 0xFFFFFFFFu), EINVAL);
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
    EXPECT_OPEN_ERR(sem_open("/", O_CREAT, 0600, 0), EINVAL);
    EXPECT_OPEN_ERR(sem_open("", O_CREAT, 0600, 0), EINVAL);
    char slashed[NAME_SIZE];
    fmt(slashed, sizeof slashed, "%s/x", nm);
    EXPECT_OPEN_ERR(sem_open(slashed, O_CREAT, 0600, 0), EINVAL);
    /* The value only matters when creating: an existing name opens (Linux). */
    sem_t *s = sem_new(0, 3);
    sem_t *again = sem_open(nm, O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1);
    CHECK(again == s);
    CHECK_EQ(value(s), 3);
    SYS(sem_close(again));
    SYS(sem_close(s));
    unlink_n(0);
}

/* 300 bytes: too long on both systems, which allow 251 after the '/'.
 * POSIX says ENAMETOOLONG; glibc 2.36 says EINVAL. */
static void open_nametoolong(void)
{
    char nm[NAME_SIZE];
    errno = 0;
    sem_t *s = sem_open(long_name(nm, 300), O_CREAT, 0600, 0);
    int e = errno;
#ifdef __shmos__
    if (s != SEM_FAILED || e != ENAMETOOLONG)
        FAIL("a 300-byte name gave %p errno %s, expected ENAMETOOLONG", (void *)s, errname(e));
    EXPECT_ERR(sem_unlink(nm), ENAMETOOLONG);
    EXPECT_OPEN_ERR(sem_open(long_name(nm, NAME_LIMIT + 1), O_CREAT, 0600, 0), ENAMETOOLONG);
#else
    if (s != SEM_FAILED || (e != ENAMETOOLONG && e != EINVAL))
        FAIL("a 300-byte name gave %p errno %s, expected ENAMETOOLONG or EINVAL",
             (void *)s, errname(e));
    if (e == EINVAL)
        diag("this glibc reports a too-long name as EINVAL; POSIX and shmos say ENAMETOOLONG");
#endif
    s = sem_open(long_name(nm, NAME_LIMIT), O_CREAT | O_EXCL, 0600, 4);
    CHECK(s != SEM_FAILED);
    CHECK_EQ(value(s), 4);
    SYS(sem_close(s));
    SYS(sem_unlink(nm));
}

#ifdef __shmos__
/* No table limits: a process keeps MANY semaphores open at once (the old
 * kernel table allowed 16; each open one is a mapping, of which a process
 * has 64); one opened twice is one handle; closed ones stay until
 * unlinked, and then no name is left. */
static void open_limits(void)
{
    enum { MANY = 40 };
    long base = nsem();
    sem_t *h[MANY];
    for (int i = 0; i < MANY; i++)
        h[i] = sem_new(i, (unsigned)i);
    CHECK_EQ(nsem(), base + MANY);
    CHECK(open_existing(0) == h[0]);          /* the same handle */
    SYS(sem_close(h[0]));
    for (int i = 0; i < MANY; i++) {
        CHECK_EQ(value(h[i]), i);
        SYS(sem_close(h[i]));
    }
    CHECK_EQ(nsem(), base + MANY);            /* closed, not unlinked: they stay */
    for (int i = 0; i < MANY; i++)
        unlink_n(i);
    CHECK_EQ(nsem(), base);
}
#endif

/* ------------------------------------------------------------ values */

/* sem_trywait takes a unit or fails with EAGAIN at 0; sem_getvalue follows. */
static void trywait_getvalue(void)
{
    sem_t *s = sem_new(0, 2);
    CHECK_EQ(value(s), 2);
    SYS(sem_trywait(s));
    SYS(sem_trywait(s));
    EXPECT_ERR(sem_trywait(s), EAGAIN);
    CHECK_EQ(value(s), 0);
    SYS(sem_post(s));
    CHECK_EQ(value(s), 1);
    SYS(sem_wait(s));
    CHECK_EQ(value(s), 0);
    EXPECT_ERR(sem_trywait(s), EAGAIN);
    SYS(sem_close(s));
    unlink_n(0);
}

/* SEM_VALUE_MAX is a valid start; one more post gives EOVERFLOW. */
static void post_overflow(void)
{
    sem_t *s = sem_new(0, SEM_VALUE_MAX);
    CHECK_EQ(value(s), SEM_VALUE_MAX);
    EXPECT_ERR(sem_post(s), EOVERFLOW);
    CHECK_EQ(value(s), SEM_VALUE_MAX);
    SYS(sem_trywait(s));
    SYS(sem_post(s));
    CHECK_EQ(value(s), SEM_VALUE_MAX);
    SYS(sem_close(s));
    unlink_n(0);
}

#ifdef __shmos__
/* A sem_t that is not an open handle: EINVAL from every call. */
static void bad_handle(void)
{
    sem_t fake;
    memset(&fake, 0, sizeof fake);
    int v;
    EXPECT_ERR(sem_close(&fake), EINVAL);
    EXPECT_ERR(sem_close(NULLPTR), EINVAL);
    EXPECT_ERR(sem_wait(&fake), EINVAL);
    EXPECT_ERR(sem_trywait(&fake), EINVAL);
    EXPECT_ERR(sem_post(&fake), EINVAL);
    EXPECT_ERR(sem_getvalue(&fake, &v), EINVAL);
    sem_t *s = sem_new(0, 1);
    SYS(sem_close(s));
    EXPECT_ERR(sem_close(s), EINVAL);         /* no longer open here */
    sem_t u;
    SYS(sem_init(&u, 0, 1));
    SYS(sem_destroy(&u));
    EXPECT_ERR(sem_post(&u), EINVAL);         /* destroyed */
    unlink_n(0);
}
#endif

/* ------------------------------------------------------------ lifetime */

/* sem_unlink takes the name at once (a new semaphore may take it), open
 * handles here and in a child keep working, and the semaphore itself goes
 * at the last close (the child's exit). */
static void unlink_while_open(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
#ifdef __shmos__
    long base = nsem();
#endif
    sem_t *a = sem_new(0, 5);
    int down[2], up[2];
    SYS(pipe(down));
    SYS(pipe(up));
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        hear(down[0]);
        SYS(sem_wait(a));
        SYS(sem_post(a));
        SYS(sem_post(a));
        tell(up[1]);
        hear(down[0]);
        _exit(0);
    }
    SYS(sem_unlink(nm));
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
    EXPECT_ERR(sem_unlink(nm), ENOENT);
    SYS(sem_wait(a));
    CHECK_EQ(value(a), 4);
    sem_t *b = sem_new(0, 0);
    CHECK(b != a);
    SYS(sem_post(b));
    CHECK_EQ(value(a), 4);
    CHECK_EQ(value(b), 1);
#ifdef __shmos__
    CHECK_EQ(nsem(), base + 1);               /* a's name is gone, b's is there */
#endif
    SYS(sem_close(a));
    tell(down[1]);
    hear(up[0]);
    CHECK_EQ(value(b), 1);
    tell(down[1]);
    expect_exit(c, 0);
    SYS(sem_close(b));
    SYS(sem_unlink(nm));
#ifdef __shmos__
    CHECK_EQ(nsem(), base);
#endif
}

/* A child uses the parent's handles without opening anything: 200 posts
 * and waits in lock step; the parent's handles work after it exits. */
static void fork_inherits(void)
{
    sem_t *ping = sem_new(0, 0), *pong = sem_new(1, 0);
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        for (int i = 0; i < 100; i++) {
            SYS(sem_wait(ping));
            SYS(sem_post(pong));
        }
        _exit(0);
    }
    for (int i = 0; i < 100; i++) {
        SYS(sem_post(ping));
        SYS(sem_wait(pong));
    }
    expect_exit(c, 0);
    CHECK_EQ(value(ping), 0);
    CHECK_EQ(value(pong), 0);
    SYS(sem_post(ping));
    CHECK_EQ(value(ping), 1);
    SYS(sem_close(ping));
    SYS(sem_close(pong));
    unlink_n(0);
    unlink_n(1);
}

/* 10,000 cycles in a child: after the first, free pages and the semaphore
 * count never move; after the child is gone they are what they were. */
static void cycles(void)
{
    char nm[NAME_SIZE];
    name(nm, 0);
#ifdef __shmos__
    struct meminfo m0 = mem();
#endif
    pid_t c = (pid_t)SYS(fork());
    if (c == 0) {
        own_pages();
#ifdef __shmos__
        struct meminfo m1 = m0;
#endif
        for (int i = 0; i < CYCLES; i++) {
            sem_t *s = sem_open(nm, O_CREAT | O_EXCL, 0600, (unsigned)(i & 7));
            if (s == SEM_FAILED)
                FAIL("cycle %d: sem_open failed: %s", i, errname(errno));
            int v = -1;
            if (sem_getvalue(s, &v) != 0 || v != (i & 7))
                FAIL("cycle %d: value %d, expected %d", i, v, i & 7);
            if (i % 2) {
                SYS(sem_unlink(nm));
                SYS(sem_close(s));
            } else {
                SYS(sem_close(s));
                SYS(sem_unlink(nm));
            }
#ifdef __shmos__
            if (i == 0)
                m1 = mem();
#endif
        }
#ifdef __shmos__
        struct meminfo m2 = mem();
        if (m2.free_pages != m1.free_pages || m2.nsem != m1.nsem)
            FAIL("after %d cycles: free pages %u -> %u, semaphores %u -> %u", CYCLES - 1,
                 (unsigned)m1.free_pages, (unsigned)m2.free_pages, (unsigned)m1.nsem,
                 (unsigned)m2.nsem);
#endif
        _exit(0);
    }
    expect_exit(c, 0);
    EXPECT_OPEN_ERR(sem_open(nm, 0), ENOENT);
#ifdef __shmos__
    struct meminfo m3 = mem();
    if (m3.free_pages != m0.free_pages || m3.nsem != m0.nsem)
        FAIL("free pages %u -> %u, semaphores %u -> %u", (unsigned)m0.free_pages,
             (unsigned)m3.free_pages, (unsigned)m0.nsem, (unsigned)m3.nsem);
#endif
}

/* A creator killed between creating a named semaphore's file and writing it
 * (simulated: an empty file) makes every later sem_open of the name hang. */
static void p_named_empty(long arg)
{
    (void)arg;
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/sem.probe%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0);
    close(fd);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char name[64];
        snprintf(name, sizeof name, "/probe%d", (int)getppid());
        sem_t *s = sem_open(name, O_CREAT, 0600, 1);
        _exit(s == SEM_FAILED ? 0 : 5);
    }
    int st = 0;
    pid_t r = 0;
    for (int i = 0; i < 200 && r == 0; i++) {
        sleep_ms(10);
        r = waitpid(pid, &st, WNOHANG);
    }
    unlink(path);
    if (r == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        FAIL("sem_open of a name whose file is empty still running after 2 s");
    }
    diag("sem_open on empty file: child status 0x%x", st);
}

static const struct test tests[] = {
    T("sem_open O_CREAT creates, O_EXCL gives EEXIST, reopening gives the same sem_t",
      open_create_excl, 0, NULL),
    T("sem_open and sem_unlink of a missing name give ENOENT", open_enoent, 0, NULL),
    T("sem_open EINVAL: value above SEM_VALUE_MAX, empty name, '/' inside", open_einval, 0, NULL),
    T("sem_open of a 300-byte name fails (ENAMETOOLONG), 251 bytes work", open_nametoolong, 0,
      NULL),
    T("sem_unlink of \"\", \"/\" or a '/' inside gives ENOENT; leading slashes are skipped",
      unlink_bad_names, 0, NULL),
    T("40 semaphores open at once, one handle per name, none left after unlink",
      SHMOS_BODY(open_limits), 0, SHMOS_ONLY("counts the files of /dev/shm as shmos keeps them")),
    T("sem_trywait EAGAIN at 0, sem_getvalue follows posts and waits", trywait_getvalue, 0, NULL),
    T("sem_post EOVERFLOW at SEM_VALUE_MAX", post_overflow, 0, NULL),
    T("a bad, closed or destroyed sem_t gives EINVAL", SHMOS_BODY(bad_handle), 0,
      SHMOS_ONLY("undefined behaviour on Linux")),
    T("sem_unlink: name gone at once, open handles work, freed at last close",
      unlink_while_open, 0, NULL),
    T("fork inherits open semaphores: 100 rounds of ping-pong", fork_inherits, 0, NULL),
    T("10,000 sem_open/sem_close/sem_unlink cycles leave pages and slots as they were", cycles,
      0, NULL),
    { "sem_open of a name whose file its creator never wrote does not hang", p_named_empty, 0, 0, 0, NULL },
};
TEST_GROUP(130, tests);
