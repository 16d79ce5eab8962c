/* Sorting and binary search. qsort is a heapsort: O(n log n) in the worst
 * case, no recursion and no allocation. */
#include <stdlib.h>

/* Exchanges two size-byte elements. */
static void swap(char *a, char *b, size_t size)
{
    for (; size > 0; size--, a++, b++) {
        char t = *a;
        *a = *b;
        *b = t;
    }
}

/* Moves element root down the heap base[0..count) until both children are
 * not greater than it. */
static void sift_down(char *base, size_t root, size_t count, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= count)
            return;
        if (child + 1 < count && cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap(base + root * size, base + child * size, size);
        root = child;
    }
}

void qsort(void *base, size_t count, size_t size,
           int (*cmp)(const void *, const void *))
{
    char *b = base;

    if (count < 2 || size == 0)
        return;
    for (size_t i = count / 2; i-- > 0;)
        sift_down(b, i, count, size, cmp);
    for (size_t end = count - 1; end > 0; end--) {
        swap(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}

void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*cmp)(const void *, const void *))
{
    const char *lo = base;

    while (count > 0) {
        const char *mid = lo + (count / 2) * size;
        int c = cmp(key, mid);
        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            lo = mid + size;
            count -= count / 2 + 1;
        } else {
            count /= 2;
        }
    }
    return NULL;
}
