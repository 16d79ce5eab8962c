/* Memory and string functions. The bulk copies and fills use the x86 string
 * instructions, which are fast both on hardware and under QEMU. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    void *d = dst;
    size_t words = n / 4, bytes = n % 4;

    __asm__ volatile("rep movsl" : "+D"(d), "+S"(src), "+c"(words) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(bytes) : : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    if ((char *)dst <= (const char *)src || (char *)dst >= (const char *)src + n)
        return memcpy(dst, src, n);
    /* Overlapping with dst above src: copy backwards, from the last byte. */
    char *d = (char *)dst + n - 1;
    const char *s = (const char *)src + n - 1;
    __asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    unsigned int pattern = (unsigned char)c * 0x01010101u;
    size_t words = n / 4, bytes = n % 4;

    __asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(pattern) : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n > 0; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

void *memchr(const void *p, int c, size_t n)
{
    const unsigned char *s = p;

    for (; n > 0; n--, s++)
        if (*s == (unsigned char)c)
            return (void *)s;
    return NULL;
}

size_t strlen(const char *s)
{
    const char *e = s;

    while (*e)
        e++;
    return e - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
    char *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

/* Copies at most n bytes of src and pads dst with NULs up to n bytes; dst is
 * not terminated if src has n or more bytes. */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
    size_t len = strnlen(src, n);

    memcpy(dst, src, len);
    memset(dst + len, 0, n - len);
    return dst;
}

char *strcat(char *restrict dst, const char *restrict src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

/* Appends at most n bytes of src, always terminating dst. */
char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
    char *d = dst + strlen(dst);
    size_t len = strnlen(src, n);

    memcpy(d, src, len);
    d[len] = '\0';
    return dst;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++)
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    return 0;
}

int strcasecmp(const char *a, const char *b)
{
    return strncasecmp(a, b, (size_t)-1);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

/* Finds c in s; c == '\0' finds the terminator. */
char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *found = NULL;

    for (;; s++) {
        if (*s == (char)c)
            found = s;
        if (!*s)
            return (char *)found;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0)
        return (char *)haystack;
    for (; *haystack; haystack++)
        if (*haystack == *needle && strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    return NULL;
}

/* Returns a malloc'ed copy (the caller frees it), or NULL with errno ENOMEM. */
char *strdup(const char *s)
{
    return strndup(s, (size_t)-1);
}

/* Copies at most n bytes of s into a new terminated string (caller frees). */
char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = malloc(len + 1);

    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

/* Returns the next token of s (or of the string saved in *save when s is
 * NULL), terminating it in place; NULL when no token is left. */
char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save)
{
    if (!s)
        s = *save;
    s += strspn(s, delim);
    if (!*s) {
        *save = s;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end)
        *end++ = '\0';
    *save = end;
    return s;
}

char *strtok(char *restrict s, const char *restrict delim)
{
    static char *save = "";

    return strtok_r(s, delim, &save);
}
