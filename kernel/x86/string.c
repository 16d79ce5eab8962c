/* memcpy and memset with the string instructions, a word at a time where
 * the operands allow it (page copies and page zeroing are most of it). */
#include "arch.h"

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    if (((uint32_t)d & 3) == 0 && (n & 3) == 0) {
        uint32_t v = (uint8_t)c * 0x01010101u;
        size_t words = n / 4;
        __asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(v) : "memory");
        return dst;
    }
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    const void *s = src;
    if ((((uint32_t)d | (uint32_t)s | n) & 3) == 0) {
        size_t words = n / 4;
        __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
    } else
        __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}
