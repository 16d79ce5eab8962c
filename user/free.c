/* free: shows physical memory (pages and KiB), the pages promised to
 * memory objects (commitments) and shared copy-on-write, and kernel
 * object counts (with the pages the kernel stacks of the process slots
 * used so far hold). */
#include <shmos.h>
#include <stdio.h>

int main(void)
{
    struct meminfo mi;

    if (meminfo(&mi) < 0) {
        perror("free: meminfo");
        return 1;
    }
    unsigned long kib = mi.page_size / 1024, used = mi.total_pages - mi.free_pages;
    printf("%-6s %10s %10s %10s\n", "", "total", "used", "free");
    printf("%-6s %10lu %10lu %10lu\n", "pages", (unsigned long)mi.total_pages, used,
           (unsigned long)mi.free_pages);
    printf("%-6s %10lu %10lu %10lu\n", "KiB", mi.total_pages * kib, used * kib,
           mi.free_pages * kib);
    printf("committed %lu pages (%lu of the free ones promised, %lu left to promise), "
           "shared copy-on-write %lu\n",
           (unsigned long)mi.committed_pages, (unsigned long)mi.reserved_pages,
           (unsigned long)(mi.free_pages - mi.reserved_pages), (unsigned long)mi.shared_pages);
    printf("processes %lu, open files %lu, shm segments %lu, semaphores %lu\n",
           (unsigned long)mi.nproc, (unsigned long)mi.nfile, (unsigned long)mi.nshm,
           (unsigned long)mi.nsem);
    printf("kernel stacks %lu pages (each process slot used so far keeps its own)\n",
           (unsigned long)mi.kstack_pages);
    return 0;
}
