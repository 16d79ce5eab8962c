/* Symbol lookup for backtraces. The table is generated from the kernel's
 * first link (scripts/genksyms.sh) and linked into the second; it is
 * read-only, so no lock. */
#include "ksyms.h"
#include "lib.h"
#include "printk.h"

struct ksym {
    uint32_t addr;
    const char *name;
};

/* Defined by build/gen/ksyms.S: sorted by addr. */
extern const uint32_t ksyms_count;
extern const struct ksym ksyms[];
extern const uint32_t ksyms_text_end;

const char *ksym_lookup(uintptr_t pc, uintptr_t *offset)
{
    uint32_t n = ksyms_count;
    if (n == 0 || pc < ksyms[0].addr || pc >= ksyms_text_end)
        return NULL;
    /* The last entry whose address is <= pc. */
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ksyms[mid].addr <= pc)
            lo = mid;
        else
            hi = mid;
    }
    *offset = pc - ksyms[lo].addr;
    return ksyms[lo].name;
}

char *ksym_format(char *buf, size_t size, uintptr_t pc)
{
    uintptr_t off;
    const char *name = ksym_lookup(pc, &off);
    if (name)
        ksnprintf(buf, size, "%p %s+0x%x", (void *)pc, name, (unsigned)off);
    else
        ksnprintf(buf, size, "%p", (void *)pc);
    return buf;
}
