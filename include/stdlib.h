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

int abs(int x);
long labs(long x);
long long llabs(long long x);

_Noreturn void exit(int status);
_Noreturn void abort(void);
int atexit(void (*fn)(void));

void qsort(void *base, size_t count, size_t size,
           int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*cmp)(const void *, const void *));
char *getenv(const char *name);
int rand(void);
void srand(unsigned int seed);
#endif
