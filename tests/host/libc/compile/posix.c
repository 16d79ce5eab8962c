/* Every interface the libc added for ordinary POSIX programs, used once:
 * run.sh compiles this with USER_CFLAGS (-Werror) and links it against
 * libc.a, so a missing declaration or definition fails. It is not run. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static jmp_buf env;
static sigjmp_buf senv;

int main(int argc, char **argv)
{
    struct stat st;
    struct sigaction act = { .sa_handler = SIG_IGN, .sa_flags = SA_RESTART };
    sigset_t set;
    char buf[64], name[SIG2STR_MAX];
    int sig = 0, x = 0, status = 0;
    double d = strtod("1.5", NULL) + atof("2") + strtof("3", NULL) + (double)strtold("4", NULL);
    d += sqrt(d) + cbrt(d) + hypot(d, d) + pow(d, d) + exp(d) + exp2(d) + expm1(d) + log(d)
         + log2(d) + log10(d) + log1p(d) + sin(d) + cos(d) + tan(d) + asin(d) + acos(d) + atan(d)
         + atan2(d, d) + sinh(d) + cosh(d) + tanh(d) + fabs(d) + floor(d) + ceil(d) + trunc(d)
         + round(d) + (double)lround(d) + fmod(d, d) + modf(d, &d) + frexp(d, &x) + ldexp(d, 2)
         + scalbn(d, 1) + copysign(d, -1) + fmin(d, 1) + fmax(d, 1) + sqrtf(2) + fabsf(1)
         + floorf(1) + ceilf(1) + HUGE_VAL + INFINITY + M_PI + M_E;
    x += isnan(d) + isinf(d) + isfinite(d) + signbit(d) + (fpclassify(d) == FP_NORMAL) + isnormal(d);
    time_t t = time(NULL);
    struct tm tm, *tp = gmtime(&t);
    struct timeval tv;
    struct timezone tz;

    (void)argc;
    if (setjmp(env) || sigsetjmp(senv, 1))
        return 1;
    sigemptyset(&set);
    sigfillset(&set);
    sigaddset(&set, SIGUSR1);
    sigdelset(&set, SIGUSR2);
    x += sigismember(&set, SIGCHLD) + sigismember(&set, SIGALRM);
    sigaction(SIGINT, &act, NULL);
    sig2str(SIGTERM, name);
    str2sig("TERM", &sig);
    x += (int)sysconf(_SC_PAGESIZE) + (int)sysconf(_SC_PAGE_SIZE) + (int)sysconf(_SC_CLK_TCK)
         + (int)sysconf(_SC_OPEN_MAX) + getpagesize();
    x += getcwd(buf, sizeof buf) != NULL;
    x += access(argv[0], F_OK | R_OK | X_OK) + access(argv[0], W_OK);
    x += unlink("/x") + rmdir("/x") + mkdir("/x", 0755) + ftruncate(0, 0) + remove("/x")
         + rename("/x", "/y") + stat("/", &st) + lstat("/", &st);
    x += setenv("A", "1", 1) + unsetenv("A") + putenv("B=2") + system(NULL);
    x += sscanf("1", "%d", &x) + fscanf(stdin, "%d", &x) + scanf("%d", &x);
    x += (int)localtime_r(&t, &tm)->tm_year + gmtime_r(&t, &tm)->tm_mday + (int)timegm(tp)
         + (int)mktime(localtime(&t)) + (int)clock() + (int)(clock() / CLOCKS_PER_SEC)
         + gettimeofday(&tv, &tz) + (int)tv.tv_usec;
    x += (int)strtoimax("1", NULL, 10) + (int)strtoumax("1", NULL, 10) + (int)imaxabs(-1)
         + (int)imaxdiv(7, 2).rem;
    x += ENOTSUP + EOPNOTSUPP + EILSEQ + ENOTEMPTY + WIFSTOPPED(status) + WIFCONTINUED(status);
    static const struct option longopts[] = { { "all", no_argument, NULL, 'a' }, { 0, 0, 0, 0 } };
    struct utsname u;
    struct dirent **names;
    unsigned seed = 1;
    char when[32];
    x += getopt_long(argc, argv, "a", longopts, NULL) + uname(&u) + rand_r(&seed)
         + (int)strftime(when, sizeof when, "%F %T", gmtime(&t)) + scandir("/", &names, NULL, alphasort);
    DIR *dir = fdopendir(0);
    if (dir)
        rewinddir(dir);
    if (x == 12345)
        longjmp(env, 1);
    if (x == 54321)
        siglongjmp(senv, 1);
    return (int)d + x;
}
