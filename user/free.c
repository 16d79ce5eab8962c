/* free [-b|-k|-m|-g|-h] [-x]: memory as procps-ng's free prints it (a
 * header, then Mem: and Swap: rows of six and three columns, twelve
 * characters each after an eight-character label), in KiB unless -b
 * (bytes), -m (MiB), -g (GiB) or -h (human: three significant figures
 * and a B/Ki/Mi/Gi/Ti suffix). What the columns mean on shmos (no swap,
 * no page cache but tmpfs): docs/debugging.md, "free". -x (shmos's own)
 * adds the kernel's counts: commitments, object totals and the pages the
 * kernel stacks of the process slots used so far hold. */
#include <shmos.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include "tool.h"

enum unit { U_BYTES, U_KIB, U_MIB, U_GIB, U_HUMAN };

/* bytes in unit u, written into buf (size bytes) as procps writes it:
 * truncated for a fixed unit; for -h the shortest of "NB" (4 wide), then
 * per unit "N.NXi" or "NXi" that fits in 5 characters. */
static const char *scaled(uint64_t bytes, enum unit u, char *buf, size_t size)
{
    static const char suffix[] = "KMGTP";
    if (u != U_HUMAN) {
        snprintf(buf, size, "%llu", (unsigned long long)(bytes >> (10 * u)));
        return buf;
    }
    if (snprintf(buf, size, "%lluB", (unsigned long long)bytes) <= 4)
        return buf;
    for (int i = 0; suffix[i]; i++) {
        uint64_t base = 1ull << (10 * (i + 1));
        uint64_t tenths = (bytes * 10 + base / 2) / base;    /* %.1f rounds */
        if (snprintf(buf, size, "%llu.%llu%ci", (unsigned long long)(tenths / 10),
                     (unsigned long long)(tenths % 10), suffix[i]) <= 5)
            return buf;
        if (snprintf(buf, size, "%llu%ci", (unsigned long long)(bytes / base), suffix[i]) <= 5)
            return buf;
    }
    return buf;
}

/* One row: the label, then n values (in pages of psize bytes). */
static void row(const char *label, const uint32_t *pages, int n, uint32_t psize, enum unit u)
{
    char buf[32];
    printf("%-8s", label);
    for (int i = 0; i < n; i++)
        printf(" %11s", scaled((uint64_t)pages[i] * psize, u, buf, sizeof(buf)));
    printf("\n");
}

/* The old shmos lines (-x): promises and object counts. */
static void kernel_counts(const struct meminfo *mi)
{
    printf("committed %lu pages (%lu of the free ones promised, %lu left to promise), "
           "shared copy-on-write %lu\n",
           (unsigned long)mi->committed_pages, (unsigned long)mi->reserved_pages,
           (unsigned long)(mi->free_pages - mi->reserved_pages), (unsigned long)mi->shared_pages);
    printf("processes %lu, open files %lu, shm segments %lu, semaphores %lu\n",
           (unsigned long)mi->nproc, (unsigned long)mi->nfile, (unsigned long)mi->nshm,
           (unsigned long)mi->nsem);
    printf("kernel stacks %lu pages (each process slot used so far keeps its own)\n",
           (unsigned long)mi->kstack_pages);
}

int main(int argc, char **argv)
{
    enum unit u = U_KIB;
    int opt, extra = 0;
    if (tool_start(argc, argv, "free", "free [-b|-k|-m|-g|-h] [-x]"))
        return 0;
    while ((opt = getopt(argc, argv, "bkmghx")) != -1) {
        switch (opt) {
        case 'b': u = U_BYTES; break;
        case 'k': u = U_KIB; break;
        case 'm': u = U_MIB; break;
        case 'g': u = U_GIB; break;
        case 'h': u = U_HUMAN; break;
        case 'x': extra = 1; break;
        default: return tool_usage();
        }
    }
    if (optind < argc)
        return tool_usage();
    struct meminfo mi;
    if (meminfo(&mi) < 0) {
        perror("free: meminfo");
        return 1;
    }
    /* available: free pages not promised to any object (nothing else is
     * reclaimable: no swap, tmpfs is memory); used: the rest, as procps
     * 4 computes it (total - available). */
    uint32_t avail = mi.free_pages > mi.reserved_pages ? mi.free_pages - mi.reserved_pages : 0;
    uint32_t mem[6] = { mi.total_pages, mi.total_pages - avail, mi.free_pages, mi.shmem_pages,
                        mi.shmem_pages, avail };
    uint32_t swap[3] = { 0, 0, 0 };
    printf("%-8s %11s %11s %11s %11s %11s %11s\n", "", "total", "used", "free", "shared",
           "buff/cache", "available");
    row("Mem:", mem, 6, mi.page_size, u);
    row("Swap:", swap, 3, mi.page_size, u);
    if (extra)
        kernel_counts(&mi);
    return 0;
}
