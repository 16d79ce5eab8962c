/* malloc over sbrk, with boundary tags.
 *
 * The heap is one or more arenas (contiguous ranges obtained from sbrk; a new
 * one starts only if something else moved the break). An arena is a row of
 * blocks ending with a zero-sized in-use "epilogue" header. Every block starts
 * with a header word: its size (a multiple of 16, header included) plus the
 * IN_USE and PREV_IN_USE bits. Payloads are 16-byte aligned. A free block
 * also holds free-list links and repeats its size in its last word, so that
 * the block after it can find its start and merge with it. Two free blocks
 * are never adjacent: every free merges with its free neighbours. Each arena
 * begins with a small in-use block linking to the previous arena, so that
 * __malloc_check can walk the whole heap. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc.h"

#define ALIGN          16u
#define HEADER         ((int)sizeof(size_t))
#define MIN_BLOCK      16u          /* header, two links, footer */
#define IN_USE         1u
#define PREV_IN_USE    2u
#define FLAGS          (IN_USE | PREV_IN_USE)
#define PAGE           4096u
#define GROW_MIN       (16 * 1024u)   /* sbrk granularity: fewer system calls */
#define TRIM_THRESHOLD (256 * 1024u)  /* give back a free top larger than this */
#define TRIM_KEEP      (64 * 1024u)   /* ... keeping this much for reuse */
#define MAX_REQUEST    0x7ff00000u

struct block {
    size_t head;                /* size | IN_USE | PREV_IN_USE */
    struct block *next, *prev;  /* free-list links: only in free blocks */
};

/* One lock for the whole heap (every field below and every block), taken
 * by each call once threads exist; sbrk is called under it. */
static struct __libc_lock heap_lock;
static struct block *free_list;  /* [heap_lock] all free blocks, most recently freed first */
static char *heap_end;           /* [heap_lock] end of the newest arena: its break */
static struct block *last_arena; /* [heap_lock] first block of the newest arena */

static size_t size_of(const struct block *b) { return b->head & ~FLAGS; }
static struct block *at(void *p, ptrdiff_t offset) { return (struct block *)((char *)p + offset); }
static struct block *after(struct block *b) { return at(b, size_of(b)); }
static size_t *footer(struct block *b) { return (size_t *)((char *)b + size_of(b) - HEADER); }
static size_t round_up(size_t n, size_t to) { return (n + to - 1) & ~(to - 1); }

/* The free block just before b; only valid when b lacks PREV_IN_USE. */
static struct block *before(struct block *b)
{
    return (struct block *)((char *)b - ((size_t *)b)[-1]);
}

static void link_free(struct block *b)
{
    b->prev = NULL;
    b->next = free_list;
    if (free_list)
        free_list->prev = b;
    free_list = b;
}

static void unlink_free(struct block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        free_list = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

/* Turns block b (not in the free list) into a free block, merged with its
 * free neighbours, and puts the result in the free list; returns it. */
static struct block *make_free(struct block *b)
{
    size_t size = size_of(b);
    struct block *next = after(b);

    if (!(next->head & IN_USE)) {
        unlink_free(next);
        size += size_of(next);
    }
    if (!(b->head & PREV_IN_USE)) {
        b = before(b);
        unlink_free(b);
        size += size_of(b);
    }
    /* The block before a free block is always in use: no two free blocks touch. */
    b->head = size | PREV_IN_USE;
    *footer(b) = size;
    after(b)->head &= ~PREV_IN_USE;
    link_free(b);
    return b;
}

/* Cuts in-use block b down to size bytes (size + MIN_BLOCK <= its size) and
 * frees the rest. */
static void split(struct block *b, size_t size)
{
    struct block *rest = at(b, size);

    rest->head = (size_of(b) - size) | IN_USE | PREV_IN_USE;
    b->head = size | (b->head & FLAGS);
    make_free(rest);
}

/* Takes free block b out of the free list for an allocation of need bytes,
 * freeing any usable remainder; returns the payload. */
static void *take(struct block *b, size_t need)
{
    unlink_free(b);
    b->head |= IN_USE;
    after(b)->head |= PREV_IN_USE;
    if (size_of(b) - need >= MIN_BLOCK)
        split(b, need);
    return (char *)b + HEADER;
}

/* Extends the heap by at least need bytes of free space (need a multiple of
 * ALIGN). Returns the free block holding them, merged with a free block that
 * ended the heap, or NULL with errno = ENOMEM. */
static struct block *grow(size_t need)
{
    char *old = sbrk(0);
    struct block *b;
    size_t want = need > GROW_MIN ? need : GROW_MIN;

    if (old == (char *)-1)
        return NULL;
    int contiguous = heap_end && old == heap_end;
    if (contiguous) {
        b = at(heap_end, -HEADER);     /* the old epilogue becomes the new block */
    } else {
        /* A new arena: align its first header so payloads are ALIGN-aligned,
         * and reserve room for the arena-link block. */
        b = at(old, (ALIGN - ((uintptr_t)old + HEADER) % ALIGN) % ALIGN);
        want += MIN_BLOCK;
    }
    if (want > UINTPTR_MAX - (uintptr_t)b - 2 * PAGE) {
        errno = ENOMEM;
        return NULL;
    }
    /* End on a page boundary: the kernel allocates whole pages anyway. */
    char *end = (char *)round_up((uintptr_t)b + want + HEADER, PAGE);
    if (sbrk(end - old) == (void *)-1)
        return NULL;
    if (!contiguous) {
        b->head = MIN_BLOCK | IN_USE | PREV_IN_USE;
        ((struct block **)((char *)b + HEADER))[0] = last_arena;
        last_arena = b;
        b = after(b);
        b->head = PREV_IN_USE;
    }
    b->head = (size_t)(end - HEADER - (char *)b) | (b->head & PREV_IN_USE);
    at(end, -HEADER)->head = IN_USE;   /* the new epilogue */
    heap_end = end;
    return make_free(b);
}

/* Returns the free space at the top of the heap to the kernel when there is
 * a lot of it, keeping TRIM_KEEP bytes. b is a free block. */
static void trim(struct block *b)
{
    size_t size = size_of(b);

    if (size < TRIM_THRESHOLD || (char *)after(b) != heap_end - HEADER || sbrk(0) != heap_end)
        return;
    size_t release = (size - TRIM_KEEP) & ~(PAGE - 1);
    if (sbrk(-(intptr_t)release) == (void *)-1)
        return;
    heap_end -= release;
    b->head = (size - release) | PREV_IN_USE;
    *footer(b) = size - release;
    at(heap_end, -HEADER)->head = IN_USE;
}

/* Block size for a request of n bytes, or 0 if n is too large. */
static size_t block_size(size_t n)
{
    return n < MAX_REQUEST ? round_up(n + HEADER, ALIGN) : 0;
}

/* Returns 16-byte aligned memory for n bytes (the caller frees it), or NULL
 * with errno = ENOMEM. malloc(0) returns a unique pointer. */
void *malloc(size_t n)
{
    size_t need = block_size(n);

    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    __libc_lock(&heap_lock);
    void *p = NULL;
    for (struct block *b = free_list; b && !p; b = b->next)
        if (size_of(b) >= need)
            p = take(b, need);
    if (!p) {
        struct block *b = grow(need);
        p = b ? take(b, need) : NULL;
    }
    __libc_unlock(&heap_lock);
    return p;
}

/* Frees p (NULL is ignored). Freeing a block twice aborts. */
void free(void *p)
{
    if (!p)
        return;
    struct block *b = at(p, -HEADER);
    __libc_lock(&heap_lock);
    if (!(b->head & IN_USE)) {
        static const char msg[] = "free: pointer not allocated or freed twice\n";
        write(2, msg, sizeof msg - 1);
        abort();
    }
    b->head &= ~IN_USE;    /* so that a second free of p is caught even after merging */
    trim(make_free(b));
    __libc_unlock(&heap_lock);
}

/* Zeroed memory for count elements of n bytes; NULL with ENOMEM on overflow. */
void *calloc(size_t count, size_t n)
{
    size_t total;

    if (__builtin_mul_overflow(count, n, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(total);
    if (p)
        memset(p, 0, total);
    return p;
}

/* Resizes in-use block b to need bytes without moving it, growing into the
 * free block after it or into new heap at the top; returns 1 on success. */
static int resize_in_place(struct block *b, size_t need)
{
    size_t size = size_of(b);

    if (size < need) {
        struct block *next = after(b);
        size_t next_free = next->head & IN_USE ? 0 : size_of(next);
        /* At the top of the heap: move the break. The new space lands right
         * after b (merged with a free next) if the heap is contiguous. */
        if ((char *)at(next, next_free) == heap_end - HEADER && size + next_free < need)
            grow(need - size - next_free);
        next = after(b);
        if ((next->head & IN_USE) || size + size_of(next) < need)
            return 0;
        unlink_free(next);
        size += size_of(next);
        b->head = size | (b->head & FLAGS);
        after(b)->head |= PREV_IN_USE;
    }
    if (size - need >= MIN_BLOCK)
        split(b, need);
    return 1;
}

/* Resizes p to n bytes, in place when possible, else by moving the contents;
 * realloc(NULL, n) is malloc(n), realloc(p, 0) frees p and returns NULL. On
 * failure returns NULL and p is untouched. */
void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    size_t need = block_size(n);
    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    struct block *b = at(p, -HEADER);
    __libc_lock(&heap_lock);
    if (resize_in_place(b, need)) {
        __libc_unlock(&heap_lock);
        return p;
    }
    void *q = malloc(n);            /* the lock is recursive */
    if (q) {
        memcpy(q, p, size_of(b) - HEADER);
        free(p);
    }
    __libc_unlock(&heap_lock);
    return q;
}

/* __malloc_check with heap_lock held. */
static int check_heap(struct __malloc_stats *stats)
{
    struct __malloc_stats s = { 0, 0, 0, 0, 0 };
    size_t listed = 0;

    for (struct block *arena = last_arena; arena;
         arena = ((struct block **)((char *)arena + HEADER))[0]) {
        int prev_used = 1;
        struct block *b = arena;
        s.used_blocks--;        /* the arena-link block is not an allocation */
        s.used_bytes -= MIN_BLOCK;
        for (; size_of(b) != 0; b = after(b)) {
            size_t size = size_of(b);
            int used = b->head & IN_USE;
            if (size % ALIGN || ((uintptr_t)b + HEADER) % ALIGN
                || !(b->head & PREV_IN_USE) != !prev_used)
                return -1;
            if (!used && (!prev_used || *footer(b) != size))
                return -1;
            if (used) {
                s.used_blocks++;
                s.used_bytes += size;
            } else {
                s.free_blocks++;
                s.free_bytes += size;
            }
            prev_used = used;
        }
        if (!(b->head & IN_USE) || !(b->head & PREV_IN_USE) != !prev_used)
            return -1;
        s.heap_bytes += (char *)b + HEADER - (char *)arena;
    }
    if (free_list && free_list->prev)
        return -1;
    for (struct block *b = free_list; b; b = b->next) {
        if ((b->head & IN_USE) || (b->next && b->next->prev != b) || ++listed > s.free_blocks)
            return -1;
    }
    if (listed != s.free_blocks)
        return -1;
    if (stats)
        *stats = s;
    return 0;
}

int __malloc_check(struct __malloc_stats *stats)
{
    __libc_lock(&heap_lock);
    int r = check_heap(stats);
    __libc_unlock(&heap_lock);
    return r;
}

/* fork holds the heap across the call, so the child's copy is whole;
 * the child, whose only thread is the forking one, starts its lock anew. */
void __malloc_fork_prepare(void)
{
    __libc_lock(&heap_lock);
}

void __malloc_fork_parent(void)
{
    __libc_unlock(&heap_lock);
}

void __malloc_fork_child(void)
{
    heap_lock = (struct __libc_lock){ 0, 0, 0 };
}
