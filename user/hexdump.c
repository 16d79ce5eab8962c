/* hexdump [-C] [-v] [-n LENGTH] [-s OFFSET] [FILE...]: the bytes of the
 * files (or stdin), 16 to a line, as util-linux hexdump prints them: by
 * default as hexadecimal 16-bit words after a 7-digit offset; -C
 * (canonical) as bytes after an 8-digit offset, with the printable ones
 * between bars. A line equal to the one before prints "*" (-v: every
 * line). Exits 1 if a file could not be read, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

#define LINE TOOL_DUMP_LINE

static int canonical;

/* Prints one line of n bytes (buf is zero-padded to LINE) at offset off. */
static void dump_line(const unsigned char *buf, size_t n, unsigned long long off)
{
    if (!canonical) {
        printf("%07llx", off);
        for (size_t i = 0; i < n; i += 2)
            printf(" %02x%02x", buf[i + 1], buf[i]);
        printf("%*s\n", (int)(LINE - (n + 1) / 2 * 2) / 2 * 5, "");     /* as wide as a full line */
        return;
    }
    printf("%08llx ", off);
    for (size_t i = 0; i < LINE; i++) {
        if (i % 8 == 0)
            putchar(' ');
        if (i < n)
            printf("%02x ", buf[i]);
        else
            fputs("   ", stdout);
    }
    fputs(" |", stdout);
    for (size_t i = 0; i < n; i++)
        putchar(buf[i] >= ' ' && buf[i] < 0x7f ? buf[i] : '.');
    puts("|");
}

int main(int argc, char **argv)
{
    int opt, all = 0;
    long long skip = 0, limit = -1;
    if (tool_start(argc, argv, "hexdump", "hexdump [-C] [-v] [-n LENGTH] [-s OFFSET] [FILE...]"))
        return 0;
    while ((opt = getopt(argc, argv, "Cvn:s:")) != -1) {
        switch (opt) {
        case 'C': canonical = 1; break;
        case 'v': all = 1; break;
        case 'n':
            if ((limit = tool_count_arg(optarg)) < 0)
                return tool_usage();
            break;
        case 's':
            if ((skip = tool_count_arg(optarg)) < 0)
                return tool_usage();
            break;
        default: return tool_usage();
        }
    }
    tool_stream(argv + optind, argc - optind);
    unsigned long long off = tool_dump(skip, limit, all, dump_line);
    if (off > (unsigned long long)skip || (off > 0 && limit != 0))
        printf(canonical ? "%08llx\n" : "%07llx\n", off);
    return fflush(stdout) ? 1 : tool_stream_status;
}
