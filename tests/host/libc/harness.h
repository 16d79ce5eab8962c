/* Host test harness for shmos's libc. The libc objects built for shmos are
 * renamed with objcopy --prefix-symbols=shmos_ and linked into a Linux (i386)
 * program next to glibc, which serves as the reference. shims.c plays the
 * kernel (descriptors, a fake filesystem, sbrk). TAP goes through
 * tests/lib/tap.c, which the guest suite uses too. */
#ifndef LIBC_HARNESS_H
#define LIBC_HARNESS_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- TAP: tests/lib/tap.h. A test is tap_begin(), tap_check() per
 * sub-check, then tap_ok(tap_failures() == 0, ...). */
#include "../../lib/tap.h"

/* ---- the shmos libc under test */
typedef struct shmos_FILE shmos_FILE;
extern shmos_FILE *shmos_stdin, *shmos_stdout, *shmos_stderr;
extern __thread int shmos_errno;   /* thread-local in libc, as there */
extern char **shmos_environ;

int shmos_snprintf(char *s, size_t n, const char *fmt, ...);
int shmos_sprintf(char *s, const char *fmt, ...);
int shmos_vsnprintf(char *s, size_t n, const char *fmt, va_list ap);
int shmos_printf(const char *fmt, ...);
int shmos_fprintf(shmos_FILE *f, const char *fmt, ...);
int shmos_dprintf(int fd, const char *fmt, ...);
int shmos_fflush(shmos_FILE *f);
int shmos_setvbuf(shmos_FILE *f, char *buf, int mode, size_t size);
int shmos_fputs(const char *s, shmos_FILE *f);
int shmos_vfprintf(shmos_FILE *f, const char *fmt, va_list ap);
shmos_FILE *shmos_fdopen(int fd, const char *mode);
ssize_t shmos_getdelim(char **line, size_t *cap, int delim, shmos_FILE *f);
void shmos_clearerr(shmos_FILE *f);
int shmos_sscanf(const char *s, const char *fmt, ...);
int shmos_fscanf(shmos_FILE *f, const char *fmt, ...);
int shmos_puts(const char *s);
int shmos_fputc(int c, shmos_FILE *f);
size_t shmos_fwrite(const void *p, size_t size, size_t n, shmos_FILE *f);
size_t shmos_fread(void *p, size_t size, size_t n, shmos_FILE *f);
int shmos_fgetc(shmos_FILE *f);
int shmos_ungetc(int c, shmos_FILE *f);
char *shmos_fgets(char *s, int n, shmos_FILE *f);
ssize_t shmos_getline(char **line, size_t *cap, shmos_FILE *f);
shmos_FILE *shmos_fopen(const char *path, const char *mode);
int shmos_fclose(shmos_FILE *f);
int shmos_feof(shmos_FILE *f);
int shmos_ferror(shmos_FILE *f);
void shmos_perror(const char *s);

void *shmos_memcpy(void *d, const void *s, size_t n);
void *shmos_memmove(void *d, const void *s, size_t n);
void *shmos_memset(void *d, int c, size_t n);
int shmos_memcmp(const void *a, const void *b, size_t n);
void *shmos_memchr(const void *p, int c, size_t n);
size_t shmos_strlen(const char *s);
size_t shmos_strnlen(const char *s, size_t n);
char *shmos_strcpy(char *d, const char *s);
char *shmos_strncpy(char *d, const char *s, size_t n);
char *shmos_strcat(char *d, const char *s);
char *shmos_strncat(char *d, const char *s, size_t n);
int shmos_strcmp(const char *a, const char *b);
int shmos_strncmp(const char *a, const char *b, size_t n);
int shmos_strcasecmp(const char *a, const char *b);
char *shmos_strchr(const char *s, int c);
char *shmos_strrchr(const char *s, int c);
char *shmos_strstr(const char *h, const char *n);
char *shmos_strdup(const char *s);
char *shmos_strndup(const char *s, size_t n);
size_t shmos_strspn(const char *s, const char *a);
size_t shmos_strcspn(const char *s, const char *r);
char *shmos_strpbrk(const char *s, const char *a);
char *shmos_strtok(char *s, const char *d);
char *shmos_strerror(int e);
int shmos_strerror_r(int e, char *buf, size_t size);
char *shmos_strsignal(int s);

long shmos_strtol(const char *s, char **end, int base);
unsigned long shmos_strtoul(const char *s, char **end, int base);
long long shmos_strtoll(const char *s, char **end, int base);
unsigned long long shmos_strtoull(const char *s, char **end, int base);
int shmos_atoi(const char *s);
double shmos_strtod(const char *s, char **end);
float shmos_strtof(const char *s, char **end);
long double shmos_strtold(const char *s, char **end);
double shmos_atof(const char *s);
void shmos_qsort(void *b, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *shmos_bsearch(const void *k, const void *b, size_t n, size_t size,
                    int (*cmp)(const void *, const void *));
int shmos_rand(void);
void shmos_srand(unsigned s);
char *shmos_getenv(const char *name);
int shmos_setenv(const char *name, const char *value, int overwrite);
int shmos_unsetenv(const char *name);
int shmos_putenv(char *string);
int shmos_execvp(const char *file, char *const argv[]);
long shmos_sysconf(int name);
int shmos_getpagesize(void);
char *shmos_getcwd(char *buf, size_t size);
int shmos_lchown(const char *path, unsigned int uid, unsigned int gid);
int shmos_remove(const char *path);
int shmos_getopt(int argc, char *const argv[], const char *opts);
extern char *shmos_optarg;
extern int shmos_optind, shmos_optopt, shmos_opterr;

/* <signal.h> */
typedef struct { unsigned int bits; } shmos_sigset_t;
struct shmos_sigaction {         /* glibc's <signal.h> makes sa_* macros */
    void (*handler)(int);
    shmos_sigset_t mask;
    int flags;
};
int shmos_sigemptyset(shmos_sigset_t *set);
int shmos_sigfillset(shmos_sigset_t *set);
int shmos_sigaddset(shmos_sigset_t *set, int sig);
int shmos_sigdelset(shmos_sigset_t *set, int sig);
int shmos_sigismember(const shmos_sigset_t *set, int sig);
int shmos_sigaction(int sig, const struct shmos_sigaction *act, struct shmos_sigaction *old);
int shmos_sig2str(int sig, char *str);
int shmos_str2sig(const char *str, int *sig);

/* <setjmp.h> */
typedef struct { unsigned long regs[6]; } shmos_jmp_buf[1];
int shmos_setjmp(shmos_jmp_buf env) __attribute__((returns_twice));
_Noreturn void shmos_longjmp(shmos_jmp_buf env, int val);

/* <time.h>: struct tm has the same layout as glibc's first nine fields. */
struct tm;
struct tm *shmos_gmtime_r(const long *t, struct tm *tm);
long shmos_timegm(struct tm *tm);
long shmos_clock(void);
int shmos_nice(int inc);

void *shmos_sbrk(intptr_t incr);
void *shmos_malloc(size_t n);
void shmos_free(void *p);
void *shmos_calloc(size_t n, size_t size);
void *shmos_realloc(void *p, size_t n);
struct malloc_stats {
    size_t heap_bytes, used_blocks, used_bytes, free_blocks, free_bytes;
};
int shmos___malloc_check(struct malloc_stats *s);

typedef struct shmos_DIR shmos_DIR;
struct shmos_dirent_out {
    uint32_t d_ino;
    unsigned char d_type;
    char d_name[60];
};
shmos_DIR *shmos_opendir(const char *path);
struct shmos_dirent_out *shmos_readdir(shmos_DIR *d);
int shmos_closedir(shmos_DIR *d);

/* Each ctype function. */
int shmos_isalnum(int), shmos_isalpha(int), shmos_isblank(int), shmos_iscntrl(int),
    shmos_isdigit(int), shmos_isgraph(int), shmos_islower(int), shmos_isprint(int),
    shmos_ispunct(int), shmos_isspace(int), shmos_isupper(int), shmos_isxdigit(int),
    shmos_tolower(int), shmos_toupper(int);

/* ---- the fake kernel (shims.c) */
/* While set, writes to fds 1 and 2 fail with EIO. */
extern int fail_writes;
/* The paths execve was asked to run, each followed by ';'. */
extern char exec_log[1024];
/* The last chown's "PATH UID GID". */
extern char chown_log[128];
/* The fake signal state: dispositions (1 ignored) and signals sent to self. */
extern int sig_ignored[32], sig_sent[32];
/* The fake clock, in nanoseconds; each clock_gettime advances it 1500 ns. */
struct fake_timespec {
    long tv_sec, tv_nsec;
};
extern long long fake_now;
/* What fds 1 and 2 received, and how many write calls each took. */
struct capture {
    char data[1 << 16];
    size_t len;
    int writes;
};
extern struct capture captured[3];
/* Every read and write, in order: "r0" "w1" ... (for ordering checks). */
extern char io_log[4096];
void reset_io(void);
/* Serves s as fd 0's input, at most chunk bytes per read(). */
void set_input(const char *s, size_t chunk);
/* Where abort() jumps (it must be armed with setjmp first). */
extern jmp_buf abort_jump;
extern int abort_armed;
/* The fake heap: its size, and how far the break is into it. */
size_t fake_break_offset(void);

/* ---- the test groups */
void test_format(void);
void test_float(void);
void test_math(void);
void test_gaps(void);
void test_strings(void);
void test_malloc(void);
void test_stdio(void);
void test_scanf(void);
void test_strtod(void);
void test_posix(void);

/* <math.h> (math.c, trig.c) */
double shmos_sqrt(double x);
double shmos_exp(double x);
double shmos_exp2(double x);
double shmos_expm1(double x);
double shmos_log(double x);
double shmos_log2(double x);
double shmos_log10(double x);
double shmos_log1p(double x);
double shmos_cbrt(double x);
double shmos_sin(double x);
double shmos_cos(double x);
double shmos_tan(double x);
double shmos_asin(double x);
double shmos_acos(double x);
double shmos_atan(double x);
double shmos_sinh(double x);
double shmos_cosh(double x);
double shmos_tanh(double x);
double shmos_fabs(double x);
double shmos_floor(double x);
double shmos_ceil(double x);
double shmos_trunc(double x);
double shmos_round(double x);
double shmos_atan2(double x, double y);
double shmos_pow(double x, double y);
double shmos_hypot(double x, double y);
double shmos_fmod(double x, double y);
double shmos_modf(double x, double *ip);
double shmos_frexp(double x, int *e);
double shmos_ldexp(double x, int e);

#endif
