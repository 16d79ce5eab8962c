/* od [-bcdox] [-t TYPE]... [-A RADIX] [-j SKIP] [-N COUNT] [-v] [FILE...]:
 * the bytes of the files (or stdin) as GNU od dumps them, 16 to a line:
 * an offset (-A o, d, x or n: none), then each type's fields on a line of
 * their own, aligned as GNU aligns them. TYPE is a (named character), c
 * (character or escape), d, o, u or x with a size 1, 2, 4, 8 or C, S, I,
 * L (default: o2, as -o). A line equal to the one before prints "*"
 * (-v: every line). Exits 1 if a file could not be read, 2 on bad usage. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tool.h"

#define LINE TOOL_DUMP_LINE
#define MAX_TYPES 8

struct type {
    char kind;                  /* a c d o u x */
    int size;                   /* bytes per field */
    int width;                  /* characters per field, the leading space included */
};

static struct type types[MAX_TYPES];
static int ntypes;
static char radix = 'o';

/* The natural field width of kind with size bytes (GNU's). */
static int field_width(char kind, int size)
{
    static const int o[] = { 0, 3, 6, 0, 11, 0, 0, 0, 22 };
    static const int d[] = { 0, 4, 6, 0, 11, 0, 0, 0, 20 };
    static const int u[] = { 0, 3, 5, 0, 10, 0, 0, 0, 20 };
    switch (kind) {
    case 'a': case 'c': return 4;
    case 'o': return 1 + o[size];
    case 'd': return 1 + d[size];
    case 'u': return 1 + u[size];
    default: return 1 + 2 * size;   /* x */
    }
}

/* Adds the types of string s ("x2", "c", "d4u1"). 0, or -1 after a message. */
static int add_types(const char *s)
{
    while (*s) {
        char kind = *s++;
        int size = kind == 'c' || kind == 'a' ? 1 : 4;
        if (!strchr("acdoux", kind)) {
            fprintf(stderr, "od: invalid type string '%s'\n", s - 1);
            return -1;
        }
        if (kind != 'c' && kind != 'a') {
            if (*s == 'C') size = 1, s++;
            else if (*s == 'S') size = 2, s++;
            else if (*s == 'I') size = 4, s++;
            else if (*s == 'L') size = 8, s++;
            else if (*s >= '0' && *s <= '9') size = (int)strtol(s, (char **)&s, 10);
        }
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            fprintf(stderr, "od: invalid type string '%s': no %d-byte type\n", s - 1, size);
            return -1;
        }
        if (ntypes == MAX_TYPES) {
            fprintf(stderr, "od: too many types\n");
            return -1;
        }
        types[ntypes++] = (struct type){ kind, size, field_width(kind, size) };
    }
    return 0;
}

/* One byte as -c shows it into buf: itself, an escape, or 3 octal digits. */
static void char_field(unsigned char b, char kind, char *buf)
{
    static const char *names[33] = { "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel",
        "bs", "ht", "nl", "vt", "ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4", "nak",
        "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp" };
    static const char esc[] = "0\0\0\0\0\0\0abtnvfr";
    if (kind == 'a') {
        b &= 0x7f;
        strcpy(buf, b <= ' ' ? names[b] : b == 0x7f ? "del" : (char[2]){ (char)b, 0 });
    } else if (b < sizeof esc - 1 && esc[b]) {
        sprintf(buf, "\\%c", esc[b]);
    } else if (b >= ' ' && b < 0x7f) {
        sprintf(buf, "%c", b);
    } else {
        sprintf(buf, "%03o", b);
    }
}

/* Prints the line of type t for the n bytes of buf (zero-padded to a
 * whole field), each field w characters wide. */
static void print_fields(const struct type *t, const unsigned char *buf, size_t n, int w)
{
    char field[32];
    for (size_t at = 0; at < n; at += (size_t)t->size) {
        uint64_t v = 0;
        for (int i = t->size - 1; i >= 0; i--)
            v = v << 8 | buf[at + (size_t)i];     /* little-endian */
        int bits = 8 * t->size;
        switch (t->kind) {
        case 'a': case 'c': char_field(buf[at], t->kind, field); break;
        case 'o': sprintf(field, "%0*llo", t->width - 1, (unsigned long long)v); break;
        case 'x': sprintf(field, "%0*llx", t->width - 1, (unsigned long long)v); break;
        case 'u': sprintf(field, "%llu", (unsigned long long)v); break;
        default: {
            int64_t sv = bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
            sprintf(field, "%lld", (long long)sv);
        }
        }
        printf("%*s", w, field);
    }
    putchar('\n');
}

/* Prints offset off in the chosen radix (nothing for -A n). */
static void print_offset(unsigned long long off)
{
    if (radix == 'o')
        printf("%07llo", off);
    else if (radix == 'd')
        printf("%07llu", off);
    else if (radix == 'x')
        printf("%06llx", off);
}

/* Dumps one line of n bytes at off: every type, aligned. */
static void dump_line(const unsigned char *buf, size_t n, unsigned long long off)
{
    int block = 0;                  /* characters per line: the widest type's */
    for (int i = 0; i < ntypes; i++)
        if (types[i].width * (LINE / types[i].size) > block)
            block = types[i].width * (LINE / types[i].size);
    for (int i = 0; i < ntypes; i++) {
        if (i == 0)
            print_offset(off);
        else if (radix != 'n')
            printf("%*s", radix == 'x' ? 6 : 7, "");
        print_fields(&types[i], buf, n, block / (LINE / types[i].size));
    }
}

int main(int argc, char **argv)
{
    int opt, all = 0;
    long long skip = 0, limit = -1;
    if (tool_start(argc, argv, "od",
                   "od [-bcdovx] [-t TYPE]... [-A RADIX] [-j SKIP] [-N COUNT] [FILE...]"))
        return 0;
    while ((opt = getopt(argc, argv, "bcdoxt:A:j:N:v")) != -1) {
        int bad = 0;
        switch (opt) {
        case 'b': bad = add_types("o1"); break;
        case 'c': bad = add_types("c"); break;
        case 'd': bad = add_types("u2"); break;
        case 'o': bad = add_types("o2"); break;
        case 'x': bad = add_types("x2"); break;
        case 't': bad = add_types(optarg); break;
        case 'A':
            if (!strchr("odxn", optarg[0]) || optarg[1]) {
                fprintf(stderr, "od: invalid output address radix '%s'\n", optarg);
                bad = 1;
            }
            radix = optarg[0];
            break;
        case 'j': bad = (skip = tool_count_arg(optarg)) < 0; break;
        case 'N': bad = (limit = tool_count_arg(optarg)) < 0; break;
        case 'v': all = 1; break;
        default: bad = 1;
        }
        if (bad)
            return tool_usage();
    }
    if (ntypes == 0)
        add_types("o2");
    tool_stream(argv + optind, argc - optind);
    unsigned long long off = tool_dump(skip, limit, all, dump_line);
    if (radix != 'n' && tool_stream_opened) {     /* GNU: nothing if no file opened */
        print_offset(off);
        putchar('\n');
    }
    return fflush(stdout) ? 1 : tool_stream_status;
}
