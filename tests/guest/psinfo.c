/* What ps, top and free read from the kernel beyond getprocs's basics:
 * each process's command line (getcmdline), its resident and shared page
 * counts and user id in the getprocs record, and meminfo's count of
 * pages in shared-memory objects (tmpfs files among them). shmos-only
 * calls. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>

/* This process's getprocs record (the test fails if it is missing). */
static struct procinfo my_record(void)
{
    static struct procinfo ps[72];
    int n = (int)SYS(getprocs(ps, 72));
    for (int i = 0; i < n; i++)
        if (ps[i].pid == getpid())
            return ps[i];
    FAIL("getprocs does not list pid %d", (int)getpid());
}

/* Wait (up to 2 s) until pid's command line is want; fails otherwise. */
static void expect_cmdline(pid_t pid, const char *want)
{
    char line[PROC_CMDLINE_MAX];
    for (int i = 0; i < 200; i++) {
        int len = getcmdline(pid, line, sizeof(line));
        if (len >= 0 && strcmp(line, want) == 0) {
            CHECK_EQ(len, (int)strlen(want));
            return;
        }
        sleep_ms(10);
    }
    FAIL("pid %d's command line is \"%s\", expected \"%s\"", (int)pid, line, want);
}

/* Start /bin/sleep 10 with argv in a child; its pid. */
static pid_t start_sleep(char *const argv[])
{
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        execv("/bin/sleep", argv);
        _exit(127);
    }
    return pid;
}

/* End a child start_sleep started. */
static void stop_sleep(pid_t pid)
{
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
}
#endif

/* exec sets the command line: its arguments joined by spaces; fork
 * copies it; one longer than 127 bytes is cut there; getcmdline cuts to
 * the buffer and returns the full length; errors for a missing pid, a
 * bad size and a bad buffer. */
static void t_cmdline(long arg)
{
    (void)arg;
#ifdef __shmos__
    char *argv[] = { "sleep", "10", "x y", NULL };
    pid_t pid = start_sleep(argv);
    expect_cmdline(pid, "sleep 10 x y");
    char small[4];
    CHECK_EQ(getcmdline(pid, small, sizeof(small)), 12);
    CHECK(strcmp(small, "sle") == 0);
    stop_sleep(pid);
    EXPECT_ERR(getcmdline(pid, small, sizeof(small)), ESRCH);

    static char long_arg[200];
    memset(long_arg, 'a', sizeof(long_arg) - 1);
    char *long_argv[] = { "sleep", "10", long_arg, NULL };
    pid = start_sleep(long_argv);
    char want[PROC_CMDLINE_MAX];
    memset(want, 'a', sizeof(want));
    memcpy(want, "sleep 10 ", 9);
    want[PROC_CMDLINE_MAX - 1] = '\0';
    expect_cmdline(pid, want);
    stop_sleep(pid);

    char mine[PROC_CMDLINE_MAX], childs[PROC_CMDLINE_MAX];
    int len = (int)SYS(getcmdline(getpid(), mine, sizeof(mine)));
    CHECK(len > 0 && strncmp(mine, "tests", 5) == 0);
    int p[2];
    SYS(pipe(p));
    pid = (pid_t)SYS(fork());
    if (pid == 0) {
        close(p[0]);
        int n = getcmdline(getpid(), childs, sizeof(childs));
        _exit(n == len && strcmp(childs, mine) == 0 ? 0 : 1);
    }
    close(p[1]);
    expect_exit(pid, 0);
    close(p[0]);

    EXPECT_ERR(getcmdline(99999, mine, sizeof(mine)), ESRCH);
    EXPECT_ERR(getcmdline(getpid(), mine, 0), EINVAL);
    EXPECT_ERR(getcmdline(getpid(), NULLPTR, 16), EFAULT);
    EXPECT_ERR(getcmdline(getpid(), KADDR(0xC0000000u), 16), EFAULT);
#endif
}

/* The record's resident count follows touched heap pages; its shared
 * count follows touched pages of a shared mapping (and not private
 * ones); both drop when the mapping goes. The uid is the effective one. */
static void t_resident_shared(long arg)
{
    (void)arg;
#ifdef __shmos__
    struct procinfo a = my_record();
    CHECK(a.pages > 0 && a.shared_pages <= a.pages);
    CHECK_EQ(a.uid, geteuid());

    char *edge = heap_edge();
    CHECK((char *)sbrk(32 * PAGE) == edge);
    memset(edge, 1, 32 * PAGE);
    struct procinfo b = my_record();
    CHECK(b.pages >= a.pages + 32);
    CHECK(b.shared_pages < a.shared_pages + 32);      /* private pages are not shared */

    char *m = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    memset(m, 2, 16 * PAGE);
    struct procinfo c = my_record();
    CHECK(c.shared_pages >= b.shared_pages + 16);
    CHECK(c.pages >= b.pages + 16);
    SYS(munmap(m, 16 * PAGE));
    struct procinfo d = my_record();
    CHECK(d.shared_pages + 16 <= c.shared_pages);
    CHECK(d.pages + 16 <= c.pages);
    sbrk(-32 * (intptr_t)PAGE);
    struct procinfo e = my_record();
    CHECK(e.pages + 32 <= d.pages);
#endif
}

/* meminfo's shmem count follows a tmpfs file's pages and a shared
 * mapping's: up as they are written, down as they go. */
static void t_shmem_pages(long arg)
{
    (void)arg;
#ifdef __shmos__
    static char block[8 * PAGE];
    const char *path = "/tmp/psinfo-shmem";
    struct meminfo a = mem();
    int fd = (int)SYS(open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600));
    memset(block, 3, sizeof(block));
    for (int i = 0; i < 4; i++)
        CHECK_EQ(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
    close(fd);
    struct meminfo b = mem();
    if (b.shmem_pages < a.shmem_pages + 32)
        FAIL("a 32-page file added %ld shmem pages", (long)b.shmem_pages - (long)a.shmem_pages);
    SYS(unlink(path));
    struct meminfo c = mem();
    if (c.shmem_pages + 32 > b.shmem_pages)
        FAIL("removing a 32-page file freed %ld shmem pages",
             (long)b.shmem_pages - (long)c.shmem_pages);
    CHECK(c.shmem_pages <= c.total_pages - c.free_pages);
#endif
}

#ifdef __shmos__
static void spin(long arg)
{
    (void)arg;
    for (;;)
        __asm__ volatile("" ::: "memory");
}
#endif

/* A process spinning on another CPU (never switched out) shows the CPU
 * time of its current run in its record. */
static void t_running_cpu_time(long arg)
{
    (void)arg;
#ifdef __shmos__
    static struct procinfo ps[72];
    pid_t pid = spawn(spin, 0);
    sleep_ms(400);
    int n = (int)SYS(getprocs(ps, 72));
    uint32_t ms = 0;
    for (int i = 0; i < n; i++)
        if (ps[i].pid == pid)
            ms = ps[i].cpu_ms;
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    if (ms < 100)
        FAIL("a spinner shows %u ms of CPU time after 400 ms", (unsigned)ms);
#endif
}

static const struct test tests[] = {
    { "psinfo: a spinning process's record counts its current run", t_running_cpu_time, 0, 0, 0,
      SHMOS_ONLY("getprocs is a shmos call") },
    { "psinfo: command lines from exec, cut, copied by fork; errors", t_cmdline, 0, 0, 0,
      SHMOS_ONLY("getcmdline is a shmos call") },
    { "psinfo: resident and shared pages, effective uid", t_resident_shared, 0, 0, 0,
      SHMOS_ONLY("getprocs is a shmos call") },
    { "psinfo: meminfo counts tmpfs file pages as shmem", t_shmem_pages, 0, 0, 0,
      SHMOS_ONLY("meminfo is a shmos call") },
};
TEST_GROUP(91, tests);
