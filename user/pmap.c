/* pmap: a process's memory map, as Linux's pmap prints it, from the
 * kernel's vm_regions and vm_pages calls (include/shmos/vminfo.h).
 *
 *   pmap [-x] [-p] PID...
 *     (none)  Address, Kbytes, Mode, Mapping: one line per region
 *     -x      adds RSS and Dirty (KiB resident, KiB written), and totals
 *     -p      lists each resident page under its region: virtual address,
 *             physical frame, rights, "cow" (shared copy-on-write: the
 *             first write copies it), dirty, and how many memory objects
 *             hold the frame; two processes that map one object show the
 *             same frames, at whatever addresses they map it
 * Mode is Linux's: r, w, x, then s (a fork shares the object) or -, then
 * -. Mapping is the region's role and the object, as the kernel names it
 * ("[ map ] shmem /dev/shm/lab", "[ text ] shmem /bin/sh"). Status 1 if
 * any PID could not be read, 2 on bad usage. */
#include <errno.h>
#include <shmos.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

#define MAX_REGIONS 256         /* a process has at most 256 */
#define MAX_PROCS PROC_TABLE_SIZE

static int opt_x, opt_p;

static const char *role_name(int role)
{
    static const char *const names[] = {
        [VMR_MAP] = "map", [VMR_TEXT] = "text", [VMR_DATA] = "data", [VMR_HEAP] = "heap",
        [VMR_STACK] = "stack", [VMR_GUARD] = "guard", [VMR_VCLOCK] = "vclock",
    };
    return role > 0 && role <= VMR_VCLOCK ? names[role] : "?";
}

/* The program name of pid, or "?". */
static const char *name_of(int pid)
{
    static struct procinfo procs[MAX_PROCS];
    static char name[PROC_NAME_MAX + 1];
    int n = getprocs(procs, MAX_PROCS);
    for (int i = 0; i < n && i < MAX_PROCS; i++)
        if (procs[i].pid == pid) {
            snprintf(name, sizeof(name), "%.*s", PROC_NAME_MAX, procs[i].name);
            return name;
        }
    return "?";
}

/* Print each resident page of r (-p); 0, or -1 with errno set. */
static int print_pages(int pid, const struct vm_region *r)
{
    static struct vm_page pages[VM_PAGES_MAX];
    for (uint32_t va = r->start; va < r->end; ) {
        uint32_t left = (r->end - va) / 4096;
        int n = (int)(left < VM_PAGES_MAX ? left : VM_PAGES_MAX);
        if (vm_pages(pid, (void *)(uintptr_t)va, n, pages) < 0)
            return -1;
        for (int i = 0; i < n; i++) {
            const struct vm_page *g = &pages[i];
            if (!(g->flags & VMP_PRESENT))
                continue;
            printf("  %08lx -> frame %08lx %s%s%s holders %u\n",
                   (unsigned long)va + (unsigned long)i * 4096, (unsigned long)g->frame,
                   (g->flags & VMP_WRITABLE) ? "rw" : "r-", (g->flags & VMP_COW) ? " cow" : "",
                   (g->flags & VMP_DIRTY) ? " dirty" : "", (unsigned)g->holders);
        }
        va += (uint32_t)n * 4096;
    }
    return 0;
}

/* Print pid's map; 0, or 1 after an error message. */
static int pmap(int pid)
{
    static struct vm_region regs[MAX_REGIONS];
    int n = vm_regions(pid, regs, MAX_REGIONS);
    if (n < 0) {
        fprintf(stderr, "pmap: %d: %s\n", pid, strerror(errno));
        return 1;
    }
    if (n > MAX_REGIONS)
        n = MAX_REGIONS;
    printf("%d:   %s\n", pid, name_of(pid));
    if (opt_x)
        printf("%-8s %7s %7s %7s %-5s %s\n", "Address", "Kbytes", "RSS", "Dirty", "Mode",
               "Mapping");
    unsigned long tk = 0, trss = 0, tdirty = 0;
    for (int i = 0; i < n; i++) {
        const struct vm_region *r = &regs[i];
        unsigned long kb = (r->end - r->start) / 1024, rss = r->resident * 4UL,
                      dirty = r->dirty * 4UL;
        char mode[6] = {
            (r->prot & VMR_READ) ? 'r' : '-', (r->prot & VMR_WRITE) ? 'w' : '-',
            (r->prot & VMR_EXEC) ? 'x' : '-', r->shared ? 's' : '-', '-', '\0',
        };
        char mapping[VM_BACKING_MAX + 16];
        snprintf(mapping, sizeof(mapping), "[ %s ]%s%.*s", role_name(r->role),
                 r->backing[0] ? " " : "", VM_BACKING_MAX, r->backing);
        if (opt_x)
            printf("%08lx %7lu %7lu %7lu %-5s %s\n", (unsigned long)r->start, kb, rss, dirty,
                   mode, mapping);
        else
            printf("%08lx %7luK %s %s\n", (unsigned long)r->start, kb, mode, mapping);
        tk += kb;
        trss += rss;
        tdirty += dirty;
        if (opt_p && print_pages(pid, r) < 0) {
            fprintf(stderr, "pmap: %d: %s\n", pid, strerror(errno));
            return 1;
        }
    }
    if (opt_x)
        printf("-------- ------- ------- -------\ntotal kB %7lu %7lu %7lu\n", tk, trss, tdirty);
    else
        printf(" total %9luK\n", tk);
    return 0;
}

int main(int argc, char **argv)
{
    if (tool_start(argc, argv, "pmap", "pmap [-x] [-p] PID..."))
        return 0;
    int opt;
    while ((opt = getopt(argc, argv, "xp")) != -1) {
        if (opt == 'x')
            opt_x = 1;
        else if (opt == 'p')
            opt_p = 1;
        else
            return tool_usage();
    }
    if (optind == argc)
        return tool_usage();
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (*end || end == argv[i] || pid <= 0) {
            fprintf(stderr, "pmap: %s: not a process id\n", argv[i]);
            status = 1;
            continue;
        }
        status |= pmap((int)pid);
    }
    return status;
}
