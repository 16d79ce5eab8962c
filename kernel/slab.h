/* Small fixed-size kernel objects (slab.c): memory objects, file-system
 * nodes. Objects are carved out of whole pages; a page goes back to the
 * page allocator as soon as its last object is freed, so an idle system
 * holds no slab pages but the ones its live objects need. */
#ifndef KERNEL_SLAB_H
#define KERNEL_SLAB_H
#include "types.h"
#include "spinlock.h"

struct slab_page;
struct slab {
    struct spinlock lock;
    uint32_t size;              /* [I] bytes per object, a multiple of 8, at most a page's worth */
    struct slab_page *partial;  /* [s->lock] pages with a free object */
    uint32_t nlive;             /* [s->lock] objects allocated (leak checks) */
};
#define SLAB_INIT(name, type) { SPINLOCK_INIT(name), (uint32_t)((sizeof(type) + 7) & ~7u), NULL, 0 }

/* A zero-filled object, or NULL when memory is exhausted. */
void *slab_alloc(struct slab *s);
/* Free an object slab_alloc returned (panics on a foreign pointer). */
void slab_free(struct slab *s, void *obj);
/* Objects allocated and not freed. */
uint32_t slab_count(struct slab *s);
#endif
