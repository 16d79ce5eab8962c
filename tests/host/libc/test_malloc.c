/* malloc, free, calloc and realloc over the fake sbrk: contents survive,
 * blocks are aligned, neighbours merge, the heap shrinks back, and the
 * allocator's own consistency check passes throughout. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define SLOTS 1000

static struct slot {
    unsigned char *p;
    size_t n;
    unsigned char fill;
} slots[SLOTS];

static int heap_ok(void)
{
    return shmos___malloc_check(NULL) == 0;
}

/* A size: mostly small, sometimes pages, rarely large. */
static size_t random_size(void)
{
    int r = rand() % 100;

    return r < 70 ? (size_t)(rand() % 200) : r < 97 ? (size_t)(rand() % 20000)
                                                    : (size_t)(rand() % 600000);
}

static int intact(const struct slot *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->p[i] != s->fill)
            return 0;
    return 1;
}

static void fill(struct slot *s)
{
    s->fill = (unsigned char)rand();
    memset(s->p, s->fill, s->n);
}

static void stress(int rounds)
{
    tap_begin();
    for (int i = 0; i < rounds && tap_failures() == 0; i++) {
        struct slot *s = &slots[rand() % SLOTS];
        int op = rand() % 4;
        if (s->p && !tap_check(intact(s), "round %d: block of %zu bytes was overwritten", i, s->n))
            break;
        if (op == 0 || op == 1) {               /* free, then allocate anew */
            shmos_free(s->p);
            s->n = random_size();
            s->p = op == 0 ? shmos_malloc(s->n) : shmos_calloc(1, s->n);
            tap_check(s->p != NULL, "round %d: allocation of %zu failed", i, s->n);
            if (op == 1)
                for (size_t k = 0; k < s->n; k++)
                    tap_check(s->p[k] == 0, "calloc memory not zeroed");
            fill(s);
        } else if (op == 2) {                   /* realloc keeps the common prefix */
            size_t n = random_size();
            unsigned char *q = shmos_realloc(s->p, n);
            if (n == 0 && s->p) {
                s->p = NULL;
                s->n = 0;
                continue;
            }
            tap_check(q != NULL, "round %d: realloc to %zu failed", i, n);
            for (size_t k = 0; k < (n < s->n ? n : s->n); k++)
                if (!tap_check(q[k] == s->fill, "round %d: realloc lost contents", i))
                    break;
            s->p = q;
            s->n = n;
            fill(s);
        } else {
            shmos_free(s->p);
            s->p = NULL;
            s->n = 0;
        }
        if (s->p)
            tap_check(((uintptr_t)s->p & 15) == 0, "round %d: %p not 16-byte aligned", i, (void *)s->p);
        if (i % 500 == 0)
            tap_check(heap_ok(), "round %d: heap inconsistent", i);
    }
    struct malloc_stats st;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p)
            tap_check(intact(&slots[i]), "slot %d overwritten at the end", i);
        shmos_free(slots[i].p);
        slots[i].p = NULL;
    }
    tap_check(shmos___malloc_check(&st) == 0, "heap inconsistent after freeing everything");
    tap_check(st.used_blocks == 0 && st.free_blocks == 1,
          "after freeing everything: %zu used, %zu free blocks (want 0 and 1)",
          st.used_blocks, st.free_blocks);
    tap_check(st.heap_bytes <= 320 * 1024, "heap not trimmed: %zu bytes held", st.heap_bytes);
    tap_ok(tap_failures() == 0, "malloc/calloc/realloc/free: %d random operations, all freed and merged",
           rounds);
}

static void merging_and_in_place(void)
{
    struct malloc_stats before, after;

    tap_begin();
    shmos___malloc_check(&before);
    char *a = shmos_malloc(100), *b = shmos_malloc(100), *c = shmos_malloc(100);
    char *guard = shmos_malloc(10);
    shmos_free(a);
    shmos_free(c);
    shmos_free(b);          /* merges with both neighbours */
    shmos___malloc_check(&after);
    tap_check(after.free_blocks == before.free_blocks + 1 || after.free_blocks == before.free_blocks,
          "free blocks %zu -> %zu: neighbours not merged", before.free_blocks, after.free_blocks);
    char *d = shmos_malloc(300);
    tap_check(d == a, "a freed 3-block run was not reused for a fitting request");
    shmos_free(d);

    /* Growing into a free neighbour keeps the address. */
    char *p = shmos_malloc(64), *q = shmos_malloc(200);
    memset(p, 'p', 64);
    shmos_free(q);
    char *r = shmos_realloc(p, 200);
    tap_check(r == p, "realloc did not grow into the free neighbour");
    tap_check(r[0] == 'p' && r[63] == 'p', "realloc in place lost contents");
    /* Shrinking keeps the address too. */
    tap_check(shmos_realloc(r, 16) == r, "shrinking realloc moved the block");
    shmos_free(r);
    shmos_free(guard);

    /* The block at the top of the heap grows by moving the break. */
    char *top = shmos_malloc(100000);
    char *grown = shmos_realloc(top, 3000000);
    tap_check(grown == top, "realloc of the top block moved it");
    shmos_free(grown);
    tap_check(heap_ok(), "heap inconsistent");

    tap_check(shmos_malloc(0) != NULL, "malloc(0) returned NULL");
    void *z1 = shmos_malloc(0), *z2 = shmos_malloc(0);
    tap_check(z1 != z2, "malloc(0) pointers not unique");
    shmos_free(z1);
    shmos_free(z2);
    tap_check(shmos_realloc(NULL, 10) != NULL, "realloc(NULL, n)");
    tap_ok(tap_failures() == 0,
           "neighbours merge, freed runs are reused, realloc grows and shrinks in place");
}

static void limits_and_errors(void)
{
    tap_begin();
    shmos_errno = 0;
    tap_check(shmos_malloc((size_t)-1) == NULL && shmos_errno == ENOMEM, "malloc(SIZE_MAX)");
    shmos_errno = 0;
    tap_check(shmos_calloc(1u << 20, 1u << 13) == NULL && shmos_errno == ENOMEM, "calloc overflow");
    shmos_errno = 0;
    tap_check(shmos_malloc(200u << 20) == NULL && shmos_errno == ENOMEM, "more than the fake heap");
    char *p = shmos_malloc(50);
    tap_check(shmos_realloc(p, (size_t)-100) == NULL, "huge realloc");
    p[0] = 1;
    tap_check(heap_ok(), "failed realloc broke the heap");

    /* Something else moves the break: the allocator starts a new arena. */
    shmos_sbrk(12345);
    char *big = shmos_malloc(1 << 20);
    tap_check(big != NULL && heap_ok(), "allocation after a foreign sbrk");
    memset(big, 1, 1 << 20);
    shmos_free(big);
    shmos_free(p);
    tap_check(heap_ok(), "heap inconsistent after a second arena");

    /* Freeing twice aborts. */
    char *twice = shmos_malloc(32);
    shmos_free(twice);
    abort_armed = 1;
    int aborted = setjmp(abort_jump);
    if (!aborted)
        shmos_free(twice);
    abort_armed = 0;
    tap_check(aborted, "double free was not caught");
    tap_ok(tap_failures() == 0, "ENOMEM for impossible sizes, a foreign sbrk, double free aborts");
}

void test_malloc(void)
{
    srand(777);
    stress(200000);
    merging_and_in_place();
    limits_and_errors();
}
