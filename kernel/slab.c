/* The slab allocator. Each page starts with a header — its free list and
 * how many of its objects are in use — followed by the objects. Pages with
 * a free object are on the slab's partial list; a full page is on no list
 * (its objects find it again by rounding their address down). */
#include "slab.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"

struct slab_free {
    struct slab_free *next;
};

struct slab_page {
    struct slab *owner;             /* [I] */
    struct slab_page *next, *prev;  /* [s->lock] (its owner's) on the partial list */
    struct slab_free *free;         /* [s->lock] (its owner's) */
    uint32_t nused;                 /* [s->lock] (its owner's) */
    bool listed;                    /* [s->lock] (its owner's) on the partial list */
};

#define FIRST_OFFSET ((sizeof(struct slab_page) + 7) & ~7u)

static uint32_t per_page(const struct slab *s)
{
    return (PAGE_SIZE - FIRST_OFFSET) / s->size;
}

static void list_add(struct slab *s, struct slab_page *p)
{
    p->prev = NULL;
    p->next = s->partial;
    if (s->partial)
        s->partial->prev = p;
    s->partial = p;
    p->listed = true;
}

static void list_remove(struct slab *s, struct slab_page *p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        s->partial = p->next;
    if (p->next)
        p->next->prev = p->prev;
    p->listed = false;
}

/* A fresh page of free objects for s, not yet listed, or NULL. */
static struct slab_page *page_new(struct slab *s)
{
    struct slab_page *p = kalloc();
    if (!p)
        return NULL;
    p->owner = s;
    char *obj = (char *)p + FIRST_OFFSET;
    for (uint32_t i = 0; i < per_page(s); i++, obj += s->size) {
        struct slab_free *f = (struct slab_free *)obj;
        f->next = p->free;
        p->free = f;
    }
    return p;
}

void *slab_alloc(struct slab *s)
{
    assert(s->size >= sizeof(struct slab_free) && per_page(s) > 0);
    spin_lock(&s->lock);
    struct slab_page *p = s->partial;
    if (!p) {
        /* kalloc takes only kmem.lock, a leaf: fine under s->lock. */
        if (!(p = page_new(s))) {
            spin_unlock(&s->lock);
            return NULL;
        }
        list_add(s, p);
    }
    struct slab_free *f = p->free;
    p->free = f->next;
    if (++p->nused == per_page(s))
        list_remove(s, p);
    s->nlive++;
    spin_unlock(&s->lock);
    memset(f, 0, s->size);
    return f;
}

void slab_free(struct slab *s, void *obj)
{
    struct slab_page *p = (struct slab_page *)PG_ROUND_DOWN(obj);
    if (p->owner != s || ((uint32_t)obj - (uint32_t)p - FIRST_OFFSET) % s->size != 0)
        panic("slab_free: %p is not an object of this slab", obj);
    spin_lock(&s->lock);
    assert(p->nused > 0);
    struct slab_free *f = obj;
    f->next = p->free;
    p->free = f;
    s->nlive--;
    bool empty = --p->nused == 0;
    if (empty) {
        if (p->listed)
            list_remove(s, p);
    } else if (!p->listed) {
        list_add(s, p);
    }
    spin_unlock(&s->lock);
    if (empty)
        kfree(p);
}

uint32_t slab_count(struct slab *s)
{
    spin_lock(&s->lock);
    uint32_t n = s->nlive;
    spin_unlock(&s->lock);
    return n;
}
