/* Buffered streams, formatted output and input. stdout is line-buffered,
 * stderr unbuffered, stdin buffered (reading any stream first flushes a
 * line-buffered stdout). exit() flushes every stream. printf conversions:
 * d i u x X o c s p n f F e E g G a A %, lengths hh h l ll z j t (L for
 * the floating ones), flags - + space 0 #, width and precision (also as
 * *); floating values are printed exactly as glibc prints them.
 * A printf whose output would pass INT_MAX characters returns -1 with
 * errno EOVERFLOW. scanf conversions: d i u o x X c s [ n p f e g a %,
 * with '*', widths and the same lengths. */
#ifndef _STDIO_H
#define _STDIO_H
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>
#include <shmos/fcntl.h>    /* SEEK_SET, SEEK_CUR, SEEK_END */

#define EOF     (-1)
#define BUFSIZ  1024
#define _IOFBF  0
#define _IOLBF  1
#define _IONBF  2

typedef struct __file FILE;
extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin  stdin
#define stdout stdout
#define stderr stderr

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fflush(FILE *f);
/* Hold f across several calls (each call holds it for itself anyway). */
void flockfile(FILE *f);
int ftrylockfile(FILE *f);
void funlockfile(FILE *f);
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict f, char *restrict buf);
int fileno(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
void rewind(FILE *f);

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *restrict s, int n, FILE *restrict f);
ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f);
size_t fread(void *restrict p, size_t size, size_t count, FILE *restrict f);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);
size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *restrict f);
void perror(const char *prefix);
/* remove: unlink a file, rmdir a directory. */
int remove(const char *path);
int rename(const char *from, const char *to);

#define __printf_like(fmt, args) __attribute__((format(printf, fmt, args)))
#define __scanf_like(fmt, args) __attribute__((format(scanf, fmt, args)))
int printf(const char *restrict fmt, ...) __printf_like(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) __printf_like(2, 3);
int sprintf(char *restrict s, const char *restrict fmt, ...) __printf_like(2, 3);
int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...) __printf_like(3, 4);
int vprintf(const char *restrict fmt, va_list ap) __printf_like(1, 0);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) __printf_like(2, 0);
int vsprintf(char *restrict s, const char *restrict fmt, va_list ap) __printf_like(2, 0);
int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap) __printf_like(3, 0);
/* The names are parenthesized so that a program's own dprintf() debugging
 * macro, defined before this header is included, does not break it. */
int (dprintf)(int fd, const char *restrict fmt, ...) __printf_like(2, 3);
int (vdprintf)(int fd, const char *restrict fmt, va_list ap) __printf_like(2, 0);

/* Return the number of items assigned, or EOF if the input ended (or, for
 * streams, failed) before the first conversion. Streams read ahead by one
 * byte at most, which ungetc puts back. */
int sscanf(const char *restrict s, const char *restrict fmt, ...) __scanf_like(2, 3);
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap) __scanf_like(2, 0);
int fscanf(FILE *restrict f, const char *restrict fmt, ...) __scanf_like(2, 3);
int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap) __scanf_like(2, 0);
int scanf(const char *restrict fmt, ...) __scanf_like(1, 2);
int vscanf(const char *restrict fmt, va_list ap) __scanf_like(1, 0);
#undef __printf_like
#undef __scanf_like
#endif
