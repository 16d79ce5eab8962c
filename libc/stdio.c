/* Buffered streams (FILE) over file descriptors. The printf and scanf front
 * ends are in printf.c and scanf.c; struct __file is in libc.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libc.h"

#define READ     __S_READ
#define WRITE    __S_WRITE
#define AT_EOF   __S_EOF
#define FAILED   __S_FAILED
#define OWN_BUF  __S_OWN_BUF
#define OWN_FILE __S_OWN_FILE

static unsigned char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];
static FILE std_streams[3] = {
    { 0, READ, _IOFBF, stdin_buf, BUFSIZ, 0, 0, 0, EOF, 0, &std_streams[1], { 0, 0, 0 } },
    { 1, WRITE, _IOLBF, stdout_buf, BUFSIZ, 0, 0, 0, EOF, 0, &std_streams[2], { 0, 0, 0 } },
    { 2, WRITE, _IONBF, &std_streams[2].one, 1, 0, 0, 0, EOF, 0, NULL, { 0, 0, 0 } },
};
FILE *stdin = &std_streams[0];
FILE *stdout = &std_streams[1];
FILE *stderr = &std_streams[2];
static FILE *open_streams = &std_streams[0];     /* [streams_lock] */
static struct __libc_lock streams_lock;

/* Writes all n bytes to fd, retrying short writes; returns 0, or -1 with
 * errno set. */
static int write_fully(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= k;
    }
    return 0;
}

/* Writes out f's buffered output; returns 0, or EOF (error flag set). The
 * buffered bytes are dropped either way. */
static int flush_output(FILE *f)
{
    size_t n = f->wlen;

    f->wlen = 0;
    if (n > 0 && write_fully(f->fd, f->buf, n) < 0) {
        f->flags |= FAILED;
        return EOF;
    }
    return 0;
}

/* Drops f's unread input, moving the descriptor back over it when it can be
 * (a stream switching from reading to writing or seeking). */
static void drop_input(FILE *f)
{
    off_t unread = (off_t)(f->rlen - f->rpos) + (f->ungot != EOF);

    if (unread > 0)
        lseek(f->fd, -unread, SEEK_CUR);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
}

static size_t fwrite_bytes(FILE *f, const void *p, size_t n);

size_t __fwrite_bytes(FILE *f, const void *p, size_t n)
{
    __libc_lock(&f->lock);
    size_t r = fwrite_bytes(f, p, n);
    __libc_unlock(&f->lock);
    return r;
}

/* __fwrite_bytes with f's lock held. */
static size_t fwrite_bytes(FILE *f, const void *p, size_t n)
{
    if (!(f->flags & WRITE)) {
        f->flags |= FAILED;
        errno = EBADF;
        return 0;
    }
    if (f->rlen > f->rpos || f->ungot != EOF)
        drop_input(f);
    if (n > f->size - f->wlen) {
        if (flush_output(f) < 0)
            return 0;
        if (n >= f->size) {                 /* too big to buffer: write it now */
            if (write_fully(f->fd, p, n) < 0) {
                f->flags |= FAILED;
                return 0;
            }
            return n;
        }
    }
    memcpy(f->buf + f->wlen, p, n);
    f->wlen += n;
    if (f->mode == _IONBF || (f->mode == _IOLBF && memchr(p, '\n', n)))
        if (flush_output(f) < 0)
            return 0;
    return n;
}

/* Reads up to n bytes of f's input into p with one read() (retried on
 * EINTR); returns the count, or 0 at the end of input or on an error,
 * setting the matching indicator. A line-buffered stdout is flushed first,
 * so that a prompt shows before the program waits for input. */
static size_t read_input(FILE *f, void *p, size_t n)
{
    if (stdout->mode == _IOLBF && stdout->wlen > 0)
        flush_output(stdout);
    ssize_t k;
    do
        k = read(f->fd, p, n);
    while (k < 0 && errno == EINTR);
    if (k <= 0) {
        f->flags |= k == 0 ? AT_EOF : FAILED;
        return 0;
    }
    return (size_t)k;
}

/* Makes input available in f's buffer; returns 0, or EOF at the end of
 * input or on error (setting the matching flag). */
static int refill(FILE *f)
{
    if (f->flags & AT_EOF)
        return EOF;
    if (!(f->flags & READ)) {
        f->flags |= FAILED;
        errno = EBADF;
        return EOF;
    }
    if (f->wlen > 0 && flush_output(f) < 0)
        return EOF;
    size_t n = read_input(f, f->buf, f->size);
    if (n == 0)
        return EOF;
    f->rpos = 0;
    f->rlen = n;
    return 0;
}

/* Parses an fopen mode ("r", "w", "a", each optionally with "+" and "b")
 * into open() flags and stream flags; returns -1 with EINVAL if invalid. */
static int parse_mode(const char *mode, int *oflags, unsigned *sflags)
{
    int plus = strchr(mode, '+') != NULL;

    switch (mode[0]) {
    case 'r': *oflags = plus ? O_RDWR : O_RDONLY; *sflags = plus ? READ | WRITE : READ; break;
    case 'w': *oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
    case 'a': *oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
    default:
        errno = EINVAL;
        return -1;
    }
    if (mode[0] != 'r')
        *sflags = plus ? READ | WRITE : WRITE;
    return 0;
}

/* Allocates a fully buffered stream on fd (line-buffered for a terminal)
 * and links it into the list; NULL with ENOMEM. */
static FILE *new_stream(int fd, unsigned flags)
{
    FILE *f = malloc(sizeof *f + BUFSIZ);

    if (!f)
        return NULL;
    *f = (FILE){ fd, flags | OWN_FILE, _IOFBF, (unsigned char *)(f + 1), BUFSIZ,
                 0, 0, 0, EOF, 0, NULL, { 0, 0, 0 } };
    if ((flags & WRITE) && isatty(fd))
        f->mode = _IOLBF;
    __libc_lock(&streams_lock);
    f->next = open_streams;
    open_streams = f;
    __libc_unlock(&streams_lock);
    return f;
}

/* Opens path as a stream (the caller closes it with fclose); NULL with errno
 * set on failure. The filesystem is read-only: only "r" can succeed. */
FILE *fopen(const char *path, const char *mode)
{
    int oflags;
    unsigned sflags;

    if (parse_mode(mode, &oflags, &sflags) < 0)
        return NULL;
    int fd = open(path, oflags, 0666);
    if (fd < 0)
        return NULL;
    FILE *f = new_stream(fd, sflags);
    if (!f)
        close(fd);
    return f;
}

/* A stream on the open descriptor fd (fclose closes fd); NULL with EBADF if
 * fd is not open, EINVAL for a bad mode, ENOMEM. */
FILE *fdopen(int fd, const char *mode)
{
    int oflags;
    unsigned sflags;
    struct stat st;

    if (parse_mode(mode, &oflags, &sflags) < 0)
        return NULL;
    if (fstat(fd, &st) < 0)              /* EBADF */
        return NULL;
    return new_stream(fd, sflags);
}

/* Flushes and closes f, and frees it; returns 0, or EOF if flushing or
 * closing failed. */
int fclose(FILE *f)
{
    __libc_lock(&f->lock);
    int r = fflush(f);

    if (close(f->fd) < 0)
        r = EOF;
    __libc_lock(&streams_lock);
    for (FILE **p = &open_streams; *p; p = &(*p)->next)
        if (*p == f) {
            *p = f->next;
            break;
        }
    __libc_unlock(&streams_lock);
    __libc_unlock(&f->lock);
    if (f->flags & OWN_BUF)
        free(f->buf);
    if (f->flags & OWN_FILE)
        free(f);
    else
        f->flags = 0;      /* a closed standard stream */
    return r;
}

/* Writes out f's buffered output, or every stream's when f is NULL; returns
 * 0, or EOF if a write failed. Unread input is kept. */
int fflush(FILE *f)
{
    int r = 0;

    if (!f) {
        __libc_lock(&streams_lock);
        for (FILE *s = open_streams; s; s = s->next)
            if (fflush(s) == EOF)
                r = EOF;
        __libc_unlock(&streams_lock);
        return r;
    }
    __libc_lock(&f->lock);
    r = f->wlen > 0 ? flush_output(f) : 0;
    __libc_unlock(&f->lock);
    return r;
}

/* Sets f's buffering (before any I/O on it): _IONBF, or _IOLBF/_IOFBF with
 * the caller's buf of size bytes, or a malloc'ed one if buf is NULL.
 * Returns 0, or -1 with EINVAL for an unknown mode (ENOMEM). */
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
        errno = EINVAL;
        return -1;
    }
    fflush(f);
    if (mode == _IONBF || (buf && size > 0)) {
        if (f->flags & OWN_BUF)
            free(f->buf);
        f->flags &= ~OWN_BUF;
        f->buf = mode == _IONBF ? &f->one : (unsigned char *)buf;
        f->size = mode == _IONBF ? 1 : size;
    } else if (f->buf == &f->one) {
        unsigned char *b = malloc(BUFSIZ);
        if (!b)
            return -1;
        f->buf = b;
        f->size = BUFSIZ;
        f->flags |= OWN_BUF;
    }
    f->mode = mode;
    return 0;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

int fileno(FILE *f) { return f->fd; }
int feof(FILE *f) { return (f->flags & AT_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & FAILED) != 0; }
void clearerr(FILE *f) { f->flags &= ~(AT_EOF | FAILED); }

/* fseek with f's lock held. */
static int fseek_unlocked(FILE *f, long off, int whence)
{
    if (fflush(f) == EOF)
        return -1;
    if (whence == SEEK_CUR)
        off -= (long)(f->rlen - f->rpos) + (f->ungot != EOF);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
    if (lseek(f->fd, off, whence) < 0)
        return -1;
    f->flags &= ~AT_EOF;
    return 0;
}

int fseek(FILE *f, long off, int whence)
{
    __libc_lock(&f->lock);
    int r = fseek_unlocked(f, off, whence);
    __libc_unlock(&f->lock);
    return r;
}

/* ftell with f's lock held. */
static long ftell_unlocked(FILE *f)
{
    off_t pos = lseek(f->fd, 0, SEEK_CUR);

    if (pos < 0)
        return -1;
    return pos - (long)(f->rlen - f->rpos) - (f->ungot != EOF) + (long)f->wlen;
}

long ftell(FILE *f)
{
    __libc_lock(&f->lock);
    long r = ftell_unlocked(f);
    __libc_unlock(&f->lock);
    return r;
}

void rewind(FILE *f)
{
    fseek(f, 0, SEEK_SET);
    clearerr(f);
}

/* fgetc with f's lock held. */
static int fgetc_unlocked(FILE *f)
{
    if (f->ungot != EOF) {
        int c = f->ungot;
        f->ungot = EOF;
        return c;
    }
    if (f->rpos == f->rlen && refill(f) == EOF)
        return EOF;
    return f->buf[f->rpos++];
}

int fgetc(FILE *f)
{
    __libc_lock(&f->lock);
    int r = fgetc_unlocked(f);
    __libc_unlock(&f->lock);
    return r;
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

/* Pushes back one byte (only one is guaranteed); returns it, or EOF. */
/* ungetc with f's lock held. */
static int ungetc_unlocked(int c, FILE *f)
{
    if (c == EOF || f->ungot != EOF)
        return EOF;
    f->ungot = (unsigned char)c;
    f->flags &= ~AT_EOF;
    return f->ungot;
}

int ungetc(int c, FILE *f)
{
    __libc_lock(&f->lock);
    int r = ungetc_unlocked(c, f);
    __libc_unlock(&f->lock);
    return r;
}

/* Reads a line of at most n - 1 bytes, keeping its '\n', into s; returns s,
 * or NULL if the input ended before any byte was read or reading failed
 * during this call (n <= 0: NULL with EINVAL; n == 1: s = ""). */
/* fgets with f's lock held. */
static char *fgets_unlocked(char *restrict s, int n, FILE *restrict f)
{
    int i = 0;

    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    unsigned was = __begin_call(f);
    while (i < n - 1) {
        int c = fgetc(f);
        if (c == EOF)
            break;
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    if (__end_call(f, was) || (i == 0 && n > 1))
        return NULL;
    s[i] = '\0';
    return s;
}

char *fgets(char *restrict s, int n, FILE *restrict f)
{
    __libc_lock(&f->lock);
    char *r = fgets_unlocked(s, n, f);
    __libc_unlock(&f->lock);
    return r;
}

/* Reads up to and including delim into *line (malloc'ed, grown as needed:
 * the caller frees it); returns the length, or -1 at the end of input, on a
 * read error during this call, with EINVAL if line or cap is NULL, or with
 * ENOMEM. */
/* getdelim with f's lock held. */
static ssize_t getdelim_unlocked(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f)
{
    size_t len = 0;

    if (!line || !cap) {
        errno = EINVAL;
        return -1;
    }
    unsigned was = __begin_call(f);
    for (;;) {
        int c = fgetc(f);
        if (c == EOF && (len == 0 || ferror(f)))
            break;
        if (len + 2 > *cap || !*line) {
            size_t ncap = *cap < 64 ? 128 : *cap * 2;
            char *p = realloc(*line, ncap);
            if (!p)
                break;              /* ENOMEM: not a stream error */
            *line = p;
            *cap = ncap;
        }
        if (c == EOF) {
            (*line)[len] = '\0';
            return __end_call(f, was) ? -1 : (ssize_t)len;
        }
        (*line)[len++] = (char)c;
        if (c == delim) {
            (*line)[len] = '\0';
            return __end_call(f, was) ? -1 : (ssize_t)len;
        }
    }
    __end_call(f, was);
    return -1;
}

ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f)
{
    __libc_lock(&f->lock);
    ssize_t r = getdelim_unlocked(line, cap, delim, f);
    __libc_unlock(&f->lock);
    return r;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f)
{
    return getdelim(line, cap, '\n', f);
}

/* fread with f's lock held. */
static size_t fread_unlocked(void *restrict p, size_t size, size_t count, FILE *restrict f)
{
    unsigned char *d = p;
    size_t total, done = 0;

    if (__builtin_mul_overflow(size, count, &total) || total == 0)
        return 0;
    if (f->ungot != EOF) {
        d[done++] = (unsigned char)f->ungot;
        f->ungot = EOF;
    }
    while (done < total) {
        if (f->rpos == f->rlen) {
            if (total - done >= f->size && (f->flags & READ) && !(f->flags & AT_EOF)) {
                /* A large read goes straight to the caller's memory. */
                size_t n = read_input(f, d + done, total - done);
                if (n == 0)
                    break;
                done += n;
                continue;
            }
            if (refill(f) == EOF)
                break;
        }
        size_t k = f->rlen - f->rpos;
        if (k > total - done)
            k = total - done;
        memcpy(d + done, f->buf + f->rpos, k);
        f->rpos += k;
        done += k;
    }
    return done / size;
}

size_t fread(void *restrict p, size_t size, size_t count, FILE *restrict f)
{
    __libc_lock(&f->lock);
    size_t r = fread_unlocked(p, size, count, f);
    __libc_unlock(&f->lock);
    return r;
}

int fputc(int c, FILE *f)
{
    unsigned char ch = (unsigned char)c;

    return __fwrite_bytes(f, &ch, 1) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *restrict s, FILE *restrict f)
{
    size_t n = strlen(s);

    return __fwrite_bytes(f, s, n) == n ? (n > INT_MAX ? INT_MAX : (int)n) : EOF;
}

int puts(const char *s)
{
    __libc_lock(&stdout->lock);
    int r = fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
    __libc_unlock(&stdout->lock);
    return r;
}

void flockfile(FILE *f)
{
    __libc_lock(&f->lock);
}

int ftrylockfile(FILE *f)
{
    return __libc_trylock(&f->lock) ? 0 : -1;
}

void funlockfile(FILE *f)
{
    __libc_unlock(&f->lock);
}

size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *restrict f)
{
    size_t total;

    if (__builtin_mul_overflow(size, count, &total) || total == 0)
        return 0;
    return __fwrite_bytes(f, p, total) / size;
}

void perror(const char *prefix)
{
    const char *msg = strerror(errno);

    if (prefix && *prefix)
        fprintf(stderr, "%s: %s\n", prefix, msg);
    else
        fprintf(stderr, "%s\n", msg);
}

void __stdio_fork_child(void)
{
    streams_lock = (struct __libc_lock){ 0, 0, 0 };
    for (FILE *s = open_streams; s; s = s->next)
        s->lock = (struct __libc_lock){ 0, 0, 0 };
}
