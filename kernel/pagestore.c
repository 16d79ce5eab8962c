/* A two-level radix tree of physical page addresses (see pagestore.h). */
#include "pagestore.h"
#include "kalloc.h"
#include "printk.h"

#define FANOUT (PAGE_SIZE / sizeof(paddr_t))    /* 1024 */

uint32_t ps_tables(uint32_t npages)
{
    return npages ? 1 + (npages + FANOUT - 1) / FANOUT : 0;
}

static paddr_t *table(paddr_t pa)
{
    return (paddr_t *)P2V(pa);
}

/* The slot of the leaf entry for pgno, or NULL if its table is absent
 * (and alloc is not set: tables come from the owner's promise). */
static paddr_t *slot(struct pagestore *ps, uint32_t pgno, bool alloc)
{
    assert(pgno < FANOUT * FANOUT);
    uint32_t need = pgno < FANOUT ? 1 : 2;
    if (ps->height < need) {
        if (!alloc)
            return NULL;
        while (ps->height < need) {
            paddr_t *t = kalloc_promised();
            t[0] = ps->root;        /* the old tree becomes the first child */
            ps->root = V2P(t);
            ps->height++;
            if (ps->height == 1)
                t[0] = 0;           /* an empty store: a fresh leaf */
        }
    }
    if (ps->height == 1)
        return &table(ps->root)[pgno];
    paddr_t *dir = table(ps->root);
    paddr_t *leaf = &dir[pgno / FANOUT];
    if (!*leaf) {
        if (!alloc)
            return NULL;
        *leaf = V2P(kalloc_promised());
    }
    return &table(*leaf)[pgno % FANOUT];
}

paddr_t ps_get(const struct pagestore *ps, uint32_t pgno)
{
    paddr_t *s = slot((struct pagestore *)ps, pgno, false);
    return s ? *s : 0;
}

void ps_set(struct pagestore *ps, uint32_t pgno, paddr_t pa)
{
    paddr_t *s = slot(ps, pgno, true);
    assert(*s == 0 && pa);
    *s = pa;
}

paddr_t ps_take(struct pagestore *ps, uint32_t pgno)
{
    paddr_t *s = slot(ps, pgno, false);
    if (!s)
        return 0;
    paddr_t pa = *s;
    *s = 0;
    return pa;
}

/* Drop the pages of leaf t at indices >= from, counting them in *freed;
 * true if the leaf is empty now. */
static bool leaf_truncate(paddr_t *t, uint32_t from, uint32_t *freed, void (*drop)(paddr_t pa))
{
    bool empty = true;
    for (uint32_t i = 0; i < FANOUT; i++) {
        if (!t[i])
            continue;
        if (i >= from) {
            drop(t[i]);
            t[i] = 0;
            (*freed)++;
        } else {
            empty = false;
        }
    }
    return empty;
}

uint32_t ps_truncate(struct pagestore *ps, uint32_t from, void (*drop)(paddr_t pa))
{
    uint32_t freed = 0;
    if (ps->height == 0)
        return 0;
    bool empty;
    if (ps->height == 1) {
        empty = leaf_truncate(table(ps->root), from, &freed, drop);
    } else {
        paddr_t *dir = table(ps->root);
        empty = true;
        for (uint32_t i = 0; i < FANOUT; i++) {
            if (!dir[i])
                continue;
            uint32_t first = i * FANOUT;
            if (leaf_truncate(table(dir[i]), from > first ? from - first : 0, &freed, drop)) {
                kfree_promised(P2V(dir[i]));
                dir[i] = 0;
            } else {
                empty = false;
            }
        }
    }
    if (empty) {
        kfree_promised(P2V(ps->root));
        ps->root = 0;
        ps->height = 0;
    }
    return freed;
}

void ps_each(const struct pagestore *ps, uint32_t from, uint32_t to,
             void (*fn)(void *arg, uint32_t pgno, paddr_t pa), void *arg)
{
    for (uint32_t pgno = from; pgno < to; ) {
        paddr_t *s = slot((struct pagestore *)ps, pgno, false);
        if (!s) {                   /* a whole missing leaf: skip to the next one */
            if (ps->height < 2 && pgno >= FANOUT * ps->height)
                return;
            pgno = (pgno / FANOUT + 1) * FANOUT;
            continue;
        }
        if (*s)
            fn(arg, pgno, *s);
        pgno++;
    }
}
