/* memcpy and memset for the kernel. Page copies and page zeroing are most
 * of what they do, so a large aligned run moves 32 bytes per loop turn
 * with plain 32-bit loads and stores: under QEMU's TCG that is several
 * times faster than the string instructions, whose every repetition is a
 * separate pass through the translated code (and as fast on hardware).
 * Short or unaligned runs use rep movsb / rep stosb. */
#include "arch.h"

/* Copy n bytes (a multiple of 32) between 4-byte-aligned d and s. */
static void copy_blocks(uint32_t *d, const uint32_t *s, size_t n)
{
    for (; n >= 32; n -= 32, d += 8, s += 8) {
        uint32_t a = s[0], b = s[1], c = s[2], e = s[3];
        uint32_t f = s[4], g = s[5], h = s[6], i = s[7];
        d[0] = a; d[1] = b; d[2] = c; d[3] = e;
        d[4] = f; d[5] = g; d[6] = h; d[7] = i;
    }
}

/* Fill n bytes (a multiple of 32) at 4-byte-aligned d with word v. */
static void fill_blocks(uint32_t *d, uint32_t v, size_t n)
{
    for (; n >= 32; n -= 32, d += 8) {
        d[0] = v; d[1] = v; d[2] = v; d[3] = v;
        d[4] = v; d[5] = v; d[6] = v; d[7] = v;
    }
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    if (((uint32_t)d & 3) == 0 && n >= 32) {
        size_t blocks = n & ~(size_t)31;
        fill_blocks((uint32_t *)d, (uint8_t)c * 0x01010101u, blocks);
        d += blocks;
        n -= blocks;
    }
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uint32_t)d | (uint32_t)s) & 3) == 0 && n >= 32) {
        size_t blocks = n & ~(size_t)31;
        copy_blocks((uint32_t *)d, (const uint32_t *)s, blocks);
        d += blocks;
        s += blocks;
        n -= blocks;
    }
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}
