/* df [-h | -k] [FILE...]: the space of the file system, laid out as GNU
 * df lays it out. shmos has one, the memory file system "tmpfs" mounted
 * on "/", whose files take their pages from all of memory: its size is
 * the pages the allocator manages (meminfo), used what is not free, and
 * available what is. A line for each FILE (default: one for "/"), in KiB
 * (-k, the default) or as -h shows it. Exits 1 if a FILE does not exist,
 * 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <shmos.h>
#include "tool.h"

static int human;

/* Prints the columns of one line, each at least as wide as GNU's. */
static void row(const char *fs, const char *size, const char *used, const char *avail,
                const char *pct, const char *mount)
{
    printf("%-14s %*s %5s %*s %4s %s\n", fs, human ? 5 : 9, size, used, human ? 5 : 9, avail, pct,
           mount);
}

/* A column of kib KiB into buf (24 bytes). */
static void amount(char *buf, unsigned long long kib)
{
    if (human)
        tool_human(buf, kib * 1024);
    else
        snprintf(buf, 24, "%llu", kib);
}

int main(int argc, char **argv)
{
    int opt, status = 0;
    if (tool_start(argc, argv, "df", "df [-h | -k] [FILE...]"))
        return 0;
    while ((opt = getopt(argc, argv, "hk")) != -1) {
        switch (opt) {
        case 'h': human = 1; break;
        case 'k': human = 0; break;
        default: return tool_usage();
        }
    }
    struct meminfo mi;
    if (meminfo(&mi) < 0) {
        fprintf(stderr, "df: meminfo: %s\n", strerror(errno));
        return 1;
    }
    unsigned long long page_kib = mi.page_size / 1024;
    unsigned long long total = mi.total_pages * page_kib, avail = mi.free_pages * page_kib;
    unsigned long long used = total - avail;
    char size_s[24], used_s[24], avail_s[24], pct[8];
    amount(size_s, total);
    amount(used_s, used);
    amount(avail_s, avail);
    if (total)
        snprintf(pct, sizeof pct, "%llu%%", (used * 100 + total - 1) / total);
    else
        strcpy(pct, "-");
    int lines = 0;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "df: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (lines++ == 0)
            row("Filesystem", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available",
                "Use%", "Mounted on");
        row("tmpfs", size_s, used_s, avail_s, pct, "/");
    }
    if (optind == argc) {
        row("Filesystem", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available",
            "Use%", "Mounted on");
        row("tmpfs", size_s, used_s, avail_s, pct, "/");
    }
    return fflush(stdout) ? 1 : status;
}
