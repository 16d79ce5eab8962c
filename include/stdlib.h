/* Memory allocation, number conversion, process exit, sorting, environment. */
#ifndef _STDLIB_H
#define _STDLIB_H
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX     0x7fffffff

void *malloc(size_t n);
void free(void *p);
void *calloc(size_t count, size_t n);
void *realloc(void *p, size_t n);

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
/* Decimal (with exponent) and hexadecimal ("0x1.8p3") numbers, "inf",
 * "infinity" and "nan[(chars)]" in any case; correctly rounded (to nearest,
 * ties to even) as glibc does. ERANGE on overflow (HUGE_VAL) and when the
 * result is subnormal or 0 and inexact. */
double strtod(const char *restrict s, char **restrict end);
float strtof(const char *restrict s, char **restrict end);
long double strtold(const char *restrict s, char **restrict end);
double atof(const char *s);

int abs(int x);
long labs(long x);
long long llabs(long long x);

_Noreturn void exit(int status);
/* Ends the process with SIGABRT even if SIGABRT is ignored; streams are not
 * flushed. */
_Noreturn void abort(void);
int atexit(void (*fn)(void));

void qsort(void *base, size_t count, size_t size,
           int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*cmp)(const void *, const void *));
char *getenv(const char *name);
/* setenv copies name and value; putenv puts string itself ("NAME=value")
 * into the environment. Replaced strings are never freed: a getenv()
 * result stays valid. EINVAL for an empty name or one with '='. */
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *string);
/* Runs command with /bin/sh -c and returns its wait status (-1 if fork
 * failed; exit status 127 if sh could not run). system(NULL) returns 1:
 * there is a shell. SIGINT and SIGQUIT are ignored while waiting. */
int system(const char *command);
int rand(void);
void srand(unsigned int seed);
int rand_r(unsigned int *seed);
#endif
