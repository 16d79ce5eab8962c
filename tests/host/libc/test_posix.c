/* The POSIX odds and ends of shmos's libc over the fake kernel: getopt
 * restarts and mode flags, execvp's PATH search, setenv and friends,
 * signal sets, names and sigaction, calendar time against glibc's gmtime,
 * setjmp/longjmp, sysconf, getcwd, access and remove. */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

#define SHMOS_SIG_DFL ((void (*)(int))0)
#define SHMOS_SIG_IGN ((void (*)(int))1)

static int all_options(int argc, char **argv, const char *opts, char *seen)
{
    int c, n = 0;

    while ((c = shmos_getopt(argc, argv, opts)) != -1)
        seen[n++] = (char)c;
    seen[n] = '\0';
    return n;
}

static void getopt_restarts(void)
{
    char *argv1[] = { "prog", "-ab", "-c", "arg", "file", NULL };
    char *argv2[] = { "prog", "-ba", "x", NULL };
    char *argv3[] = { "prog", "-+", "--", NULL };
    char seen[16];

    tap_begin();
    shmos_opterr = 0;
    shmos_optind = 1;
    all_options(5, argv1, "abc:", seen);
    tap_check(strcmp(seen, "abc") == 0 && shmos_optind == 4, "first scan: %s, optind %d", seen,
          shmos_optind);
    /* Stop half-way through "-ba", then restart with optind = 0 (glibc's way). */
    shmos_optind = 1;
    tap_check(shmos_getopt(3, argv2, "ab") == 'b', "first of a group");
    shmos_optind = 0;
    all_options(3, argv2, "ab", seen);
    tap_check(strcmp(seen, "ba") == 0 && shmos_optind == 2, "optind = 0 restarts: %s, optind %d", seen,
          shmos_optind);
    shmos_optind = 1;
    tap_check(shmos_getopt(3, argv2, "ab") == 'b', "first of a group again");
    shmos_optind = 2;
    tap_check(shmos_getopt(3, argv2, "ab") == -1 && shmos_optind == 2, "setting optind moves the scan");
    /* '+' and '-' lead GNU mode flags, never option letters; ':' still works after them. */
    shmos_optind = 1;
    all_options(3, argv3, "+-", seen);
    tap_check(strcmp(seen, "?") == 0 && shmos_optopt == '+', "'-+' is an unknown option: %s", seen);
    shmos_optind = 1;
    char *argv4[] = { "prog", "-a", NULL };
    tap_check(shmos_getopt(2, argv4, "+:a:") == ':', "a missing argument after \"+:\" gives ':'");
    shmos_optind = 1;
    shmos_opterr = 1;
    tap_ok(tap_failures() == 0, "getopt restarts when optind is reset; '+'/'-' in optstring are mode flags");
}

static void execvp_path(void)
{
    char *argv[] = { "tool", NULL };

    tap_begin();
    char **saved = shmos_environ;
    char *env1[] = { "PATH=/a::/b:", NULL };
    shmos_environ = env1;
    exec_log[0] = '\0';
    tap_check(shmos_execvp("tool", argv) == -1 && shmos_errno == ENOENT, "execvp fails");
    tap_check(strcmp(exec_log, "/a/tool;tool;/b/tool;tool;") == 0, "PATH=/a::/b: tried %s", exec_log);
    char *env2[] = { "PATH=", NULL };
    shmos_environ = env2;
    exec_log[0] = '\0';
    shmos_execvp("tool", argv);
    tap_check(strcmp(exec_log, "tool;") == 0, "an empty PATH is the current directory: %s", exec_log);
    char *env3[] = { "HOME=/", NULL };
    shmos_environ = env3;
    exec_log[0] = '\0';
    shmos_execvp("tool", argv);
    tap_check(strcmp(exec_log, "/bin/tool;") == 0, "no PATH: /bin: %s", exec_log);
    exec_log[0] = '\0';
    shmos_execvp("/x/tool", argv);
    tap_check(strcmp(exec_log, "/x/tool;") == 0, "a path with '/' is not searched: %s", exec_log);
    shmos_environ = saved;
    tap_ok(tap_failures() == 0, "execvp: empty PATH entries are the current directory");
}

static void environment(void)
{
    static char base0[] = "A=1", base1[] = "B=2", mine[] = "C=3";
    char *base[] = { base0, base1, NULL };

    tap_begin();
    char **saved = shmos_environ;
    shmos_environ = base;
    tap_check(shmos_setenv("A", "x", 0) == 0 && strcmp(shmos_getenv("A"), "1") == 0, "no overwrite");
    char *old = shmos_getenv("A");
    tap_check(shmos_setenv("A", "x", 1) == 0 && strcmp(shmos_getenv("A"), "x") == 0, "overwrite");
    tap_check(strcmp(old, "1") == 0, "an earlier getenv result stays valid");
    tap_check(shmos_setenv("NEW", "v", 0) == 0 && strcmp(shmos_getenv("NEW"), "v") == 0, "a new name");
    tap_check(strcmp(shmos_getenv("B"), "2") == 0, "B survives the copy");
    tap_check(shmos_putenv(mine) == 0 && shmos_getenv("C") == mine + 2, "putenv uses the string itself");
    mine[2] = '4';
    tap_check(strcmp(shmos_getenv("C"), "4") == 0, "so changing it changes the environment");
    tap_check(shmos_unsetenv("A") == 0 && shmos_getenv("A") == NULL, "unsetenv");
    tap_check(strcmp(shmos_getenv("NEW"), "v") == 0 && strcmp(shmos_getenv("B"), "2") == 0,
          "the others stay");
    tap_check(shmos_unsetenv("nothing") == 0, "unsetenv of a missing name");
    shmos_errno = 0;
    tap_check(shmos_setenv("", "v", 1) == -1 && shmos_errno == EINVAL, "empty name");
    shmos_errno = 0;
    tap_check(shmos_setenv("A=B", "v", 1) == -1 && shmos_errno == EINVAL, "name with '='");
    tap_check(shmos_putenv("B") == 0 && shmos_getenv("B") == NULL, "putenv(\"B\") unsets B");
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof name, "V%d", i);
        shmos_setenv(name, name, 1);
    }
    tap_check(strcmp(shmos_getenv("V0"), "V0") == 0 && strcmp(shmos_getenv("V99"), "V99") == 0,
          "100 variables");
    shmos_environ = saved;
    tap_ok(tap_failures() == 0, "setenv, unsetenv, putenv");
}

static void signals(void)
{
    shmos_sigset_t set;
    struct shmos_sigaction act, old;
    char name[16];
    int sig;

    tap_begin();
    shmos_sigemptyset(&set);
    tap_check(shmos_sigaddset(&set, 2) == 0 && shmos_sigaddset(&set, 31) == 0, "sigaddset");
    tap_check(shmos_sigismember(&set, 2) == 1 && shmos_sigismember(&set, 3) == 0, "sigismember");
    shmos_errno = 0;
    tap_check(shmos_sigaddset(&set, 32) == -1 && shmos_errno == EINVAL, "sigaddset(32): EINVAL");
    tap_check(shmos_sigismember(&set, 0) == -1, "sigismember(0): -1");
    shmos_sigdelset(&set, 2);
    tap_check(shmos_sigismember(&set, 2) == 0, "sigdelset");
    shmos_sigfillset(&set);
    tap_check(shmos_sigismember(&set, 1) == 1 && shmos_sigismember(&set, 31) == 1, "sigfillset");

    tap_check(shmos_sig2str(9, name) == 0 && strcmp(name, "KILL") == 0, "sig2str(9) = %s", name);
    tap_check(shmos_sig2str(10, name) == 0 && strcmp(name, "USR1") == 0, "sig2str(10) = %s", name);
    tap_check(shmos_sig2str(16, name) == -1 && shmos_sig2str(0, name) == -1, "sig2str of no signal");
    tap_check(shmos_str2sig("TERM", &sig) == 0 && sig == 15, "str2sig(TERM)");
    tap_check(shmos_str2sig("17", &sig) == 0 && sig == 17, "str2sig(17)");
    tap_check(shmos_str2sig("SIGTERM", &sig) == -1 && shmos_str2sig("99", &sig) == -1
          && shmos_str2sig("term", &sig) == -1, "str2sig refuses SIGTERM, 99, term");
    tap_check(strcmp(shmos_strsignal(12), "User defined signal 2") == 0, "strsignal(12)");

    memset(&act, 0, sizeof act);
    memset(sig_ignored, 0, sizeof sig_ignored);
    act.handler = SHMOS_SIG_IGN;
    act.flags = 0x10000000;                  /* SA_RESTART: accepted */
    tap_check(shmos_sigaction(15, &act, &old) == 0 && old.handler == SHMOS_SIG_DFL && sig_ignored[15],
          "sigaction ignores SIGTERM");
    tap_check(shmos_sigaction(15, NULL, &old) == 0 && old.handler == SHMOS_SIG_IGN && sig_ignored[15],
          "sigaction reads the disposition back, unchanged");
    act.handler = SHMOS_SIG_DFL;
    tap_check(shmos_sigaction(15, &act, NULL) == 0 && !sig_ignored[15], "back to SIG_DFL");
    tap_check(shmos_sigaction(15, NULL, &old) == 0 && old.handler == SHMOS_SIG_DFL && !sig_ignored[15],
          "reading SIG_DFL leaves it deadly");
    act.handler = (void (*)(int))signals;   /* any function: a handler */
    act.flags = 4;                           /* SA_SIGINFO */
    tap_check(shmos_sigaction(15, &act, NULL) == 0 && !sig_ignored[15]
          && shmos_sigaction(15, NULL, &old) == 0 && old.handler == act.handler && old.flags == 4,
          "a handler with SA_SIGINFO reads back, flags as given");
    act.handler = SHMOS_SIG_IGN;
    act.flags = 0;
    tap_check(shmos_sigaction(9, &act, NULL) == -1 && shmos_sigaction(9, NULL, &old) == 0
          && old.handler == SHMOS_SIG_DFL, "SIGKILL cannot be ignored, reads as SIG_DFL");
    tap_check(shmos_sigaction(0, NULL, &old) == -1 && shmos_sigaction(32, NULL, &old) == -1,
          "bad signal numbers");
    tap_ok(tap_failures() == 0, "signal sets, sig2str/str2sig, strsignal, sigaction");
}

static void calendar(void)
{
    static const long fixed[] = {
        0, 1, -1, 86399, 86400, 951782400, 951868800, 1234567890, 2147483647, -2147483647 - 1,
        68169600, 946684799, 978307200, 1709164800, 1709251199,
    };
    int ok = 1;

    tap_begin();
    for (int i = 0; i < 20000; i++) {
        long t = i < (int)(sizeof fixed / sizeof fixed[0])
                 ? fixed[i] : (long)((unsigned)rand() * 2u + (unsigned)(rand() & 1));
        struct tm mine, ref;
        time_t tt = (time_t)t;
        memset(&mine, 0x55, sizeof mine);
        shmos_gmtime_r(&t, &mine);
        gmtime_r(&tt, &ref);
        if (!tap_check(mine.tm_sec == ref.tm_sec && mine.tm_min == ref.tm_min && mine.tm_hour == ref.tm_hour
                   && mine.tm_mday == ref.tm_mday && mine.tm_mon == ref.tm_mon
                   && mine.tm_year == ref.tm_year && mine.tm_wday == ref.tm_wday
                   && mine.tm_yday == ref.tm_yday && mine.tm_isdst == 0,
                   "gmtime(%ld): %d-%d-%d %d:%d:%d wday %d yday %d", t, mine.tm_year, mine.tm_mon,
                   mine.tm_mday, mine.tm_hour, mine.tm_min, mine.tm_sec, mine.tm_wday, mine.tm_yday))
            ok = 0;
        long back = shmos_timegm(&mine);
        ok &= tap_check(back == t, "timegm(gmtime(%ld)) = %ld", t, back);
    }
    struct tm odd = { .tm_year = 100, .tm_mon = 13, .tm_mday = 32, .tm_hour = 25, .tm_min = -1 };
    struct tm ref = odd;
    long t = shmos_timegm(&odd);
    ok &= tap_check(t == (long)timegm(&ref) && odd.tm_mon == ref.tm_mon && odd.tm_mday == ref.tm_mday
                && odd.tm_hour == ref.tm_hour && odd.tm_yday == ref.tm_yday,
                "timegm normalizes out-of-range fields: %ld", t);
    /* clock() is CPU time from getrusage (the shim's advances 700 us a call). */
    long c1 = shmos_clock(), c2 = shmos_clock();
    ok &= tap_check(c1 >= 0 && c2 - c1 == 700, "clock() is getrusage's CPU time in us: %ld %ld", c1, c2);
    ok &= tap_check(shmos_nice(3) == 3 && shmos_nice(-1) == 2 && shmos_nice(100) == 19 && shmos_nice(-100) == -20,
                    "nice() adds to getpriority's value, clamped to -20..19");
    tap_ok(ok, "gmtime_r and timegm match glibc over the 32-bit time_t range; clock; nice");
}

static void jumps(void)
{
    static shmos_jmp_buf env;
    volatile int calls = 0;

    tap_begin();
    int r = shmos_setjmp(env);
    calls++;
    if (r == 0)
        shmos_longjmp(env, 7);
    if (r == 7)
        shmos_longjmp(env, 0);
    tap_check(r == 1 && calls == 3, "setjmp returned %d after %d calls", r, calls);
    tap_ok(tap_failures() == 0, "setjmp/longjmp: values returned, longjmp(env, 0) gives 1");
}

static void files_and_limits(void)
{
    char cwd[8];

    tap_begin();
    tap_check(shmos_sysconf(30) == 4096 && shmos_getpagesize() == 4096, "page size");
    tap_check(shmos_sysconf(2) == 100 && shmos_sysconf(4) == 16, "clock ticks, open files");
    tap_check(shmos_sysconf(84) == 2 && shmos_sysconf(83) == 2, "CPUs, from meminfo");
    shmos_errno = 0;
    tap_check(shmos_sysconf(12345) == -1 && shmos_errno == EINVAL, "unknown sysconf name");
    tap_check(shmos_getcwd(cwd, sizeof cwd) == cwd && strcmp(cwd, "/") == 0, "getcwd");
    shmos_errno = 0;
    tap_check(shmos_getcwd(cwd, 1) == NULL && shmos_errno == ERANGE, "getcwd: ERANGE");
    char *dyn = shmos_getcwd(NULL, 0);
    tap_check(dyn && strcmp(dyn, "/") == 0, "getcwd(NULL, 0) allocates");
    shmos_free(dyn);
    /* access is the kernel's now (tests/guest/fileperm.c); lchown is chown. */
    tap_check(shmos_lchown("/etc/motd", 1000, 100) == 0 && strcmp(chown_log, "/etc/motd 1000 100") == 0,
              "lchown is chown");
    shmos_errno = 0;
    tap_check(shmos_remove("/nope") == -1 && shmos_errno == ENOENT, "remove missing: ENOENT");
    shmos_errno = 0;
    tap_check(shmos_remove("/bin") == -1 && shmos_errno == EBUSY, "remove of a directory: rmdir's error");
    tap_ok(tap_failures() == 0, "sysconf, getcwd, lchown, remove");
}

void test_posix(void)
{
    getopt_restarts();
    execvp_path();
    environment();
    signals();
    calendar();
    jumps();
    files_and_limits();
}
