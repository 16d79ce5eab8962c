/* User program symbols for fault reports (see usyms.h). The tables are
 * read from the program file's pages as the fault happens; if the file
 * is rewritten meanwhile the name may be wrong, never out of bounds (each
 * read is bounded by the recorded sizes and stops at a missing page). No
 * locks of its own; a struct usyms is [I] in its address space. */
#include "usyms.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "tmpfs.h"
#include "tmpfs_file.h"
#include "vmobj.h"

#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define STT_FUNC 2
#define MAX_SECTIONS 256
#define MAX_SYMS 65536

struct elf_shdr {
    uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};
struct elf_sym {
    uint32_t name, value, size;
    uint8_t info, other;
    uint16_t shndx;
};

/* Read section header i of node into *sh, bounds-checked against the
 * file's size. true or false. Needs node->io. */
static bool read_shdr(struct tnode *node, uint32_t size, uint32_t shoff, uint32_t i,
                      struct elf_shdr *sh)
{
    uint64_t at = (uint64_t)shoff + (uint64_t)i * sizeof(*sh);
    return at + sizeof(*sh) <= size && tmpfs_read_locked(node, (uint32_t)at, sh, sizeof(*sh)) >= 0 &&
           (uint64_t)sh->offset + sh->size <= size;
}

void usyms_record(struct usyms *u, struct tnode *node, uint32_t size, uint32_t shoff,
                  uint32_t shnum, uint32_t shentsize)
{
    if (shentsize != sizeof(struct elf_shdr) || shnum > MAX_SECTIONS)
        return;
    for (uint32_t i = 0; i < shnum; i++) {
        struct elf_shdr sym, str;
        if (!read_shdr(node, size, shoff, i, &sym) || sym.type != SHT_SYMTAB)
            continue;
        if (sym.entsize != sizeof(struct elf_sym) || sym.link >= shnum ||
            !read_shdr(node, size, shoff, sym.link, &str) || str.type != SHT_STRTAB)
            return;
        u->obj = tmpfs_object(node);
        u->symoff = sym.offset;
        u->nsyms = MIN(sym.size / (uint32_t)sizeof(struct elf_sym), (uint32_t)MAX_SYMS);
        u->stroff = str.offset;
        u->strsize = str.size;
        return;
    }
}

void usyms_copy(struct usyms *dst, const struct usyms *src)
{
    *dst = *src;
    if (dst->obj)
        vmobj_hold(dst->obj);
}

void usyms_drop(struct usyms *u)
{
    if (u->obj)
        vmobj_put(u->obj);
    *u = (struct usyms){ 0 };
}

/* Copy n bytes at offset off of o into dst, page by page: true, or false
 * at a page o does not have (past its end). Takes o->lock per page. */
static bool obj_read(struct vmobj *o, uint32_t off, void *dst, uint32_t n)
{
    char *d = dst;
    while (n > 0) {
        paddr_t pa = vmobj_page(o, off / PAGE_SIZE, 0, NULL);
        if (!pa)
            return false;
        uint32_t chunk = MIN(n, PAGE_SIZE - off % PAGE_SIZE);
        memcpy(d, (char *)P2V(pa) + off % PAGE_SIZE, chunk);
        d += chunk;
        off += chunk;
        n -= chunk;
    }
    return true;
}

bool usyms_lookup(const struct usyms *u, uaddr_t pc, char *buf, size_t size)
{
    if (!u->obj || size < 2)
        return false;
    struct elf_sym best = { 0 }, batch[16];
    bool found = false;
    for (uint32_t i = 0; i < u->nsyms; i += ARRAY_SIZE(batch)) {
        uint32_t k = MIN(u->nsyms - i, (uint32_t)ARRAY_SIZE(batch));
        if (!obj_read(u->obj, u->symoff + i * (uint32_t)sizeof(batch[0]), batch,
                      k * (uint32_t)sizeof(batch[0])))
            return false;
        for (uint32_t j = 0; j < k; j++) {
            const struct elf_sym *s = &batch[j];
            if ((s->info & 0xf) != STT_FUNC || s->value > pc || (s->size && pc - s->value >= s->size))
                continue;
            if (!found || s->value > best.value) {
                best = *s;
                found = true;
            }
        }
    }
    if (!found || best.name >= u->strsize)
        return false;
    char name[48];
    uint32_t n = MIN((uint32_t)sizeof(name) - 1, u->strsize - best.name);
    if (!obj_read(u->obj, u->stroff + best.name, name, n))
        return false;
    name[n] = '\0';
    ksnprintf(buf, size, "%s+0x%x", name, pc - best.value);
    return true;
}
