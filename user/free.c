/* free: shows physical memory (pages and KiB) and kernel object counts. */
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
    printf("processes %lu, open files %lu, shm segments %lu, semaphores %lu\n",
           (unsigned long)mi.nproc, (unsigned long)mi.nfile, (unsigned long)mi.nshm,
           (unsigned long)mi.nsem);
    return 0;
}
