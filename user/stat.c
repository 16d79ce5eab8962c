/* stat [-c FORMAT] FILE...: a file's status, as GNU stat prints it: by
 * default its name, size, blocks, I/O block and type; device, inode and
 * links; permissions and owners; times. -c prints FORMAT (then a newline)
 * instead, whose directives are GNU's: %n %N %s %b %B %o %F %f %d %D %i
 * %h %u %U %g %G %a %A %t %T %x %y %z %w %X %Y %Z %W %%, each with
 * printf's flags and width. shmos keeps times in whole seconds, UTC, and
 * no birth time. Exits 1 if a file could not be read, 2 on bad usage. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "tool.h"

#define DEFAULT_FORMAT \
    "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n" \
    "Device: %Hd,%Ld\tInode: %-11i Links: %h\n"
#define DEVICE_FORMAT \
    "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n" \
    "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n"
#define OWNER_TIMES_FORMAT \
    "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n" \
    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n"

/* GNU's name for the type of mode (st_size tells an empty file). */
static const char *type_name(const struct stat *st)
{
    switch (st->st_mode & S_IFMT) {
    case S_IFREG: return st->st_size ? "regular file" : "regular empty file";
    case S_IFDIR: return "directory";
    case S_IFCHR: return "character special file";
    case S_IFIFO: return "fifo";
    case S_IFLNK: return "symbolic link";
    default: return "weird file";
    }
}

/* "drwxr-xr-x" for mode into buf (11 bytes). */
static void mode_string(unsigned mode, char *buf)
{
    static const char rwx[] = "rwxrwxrwx";
    buf[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' : S_ISFIFO(mode) ? 'p' : '-';
    for (int i = 0; i < 9; i++)
        buf[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
    if (mode & 04000)
        buf[3] = (mode & 0100) ? 's' : 'S';
    if (mode & 02000)
        buf[6] = (mode & 010) ? 's' : 'S';
    if (mode & 01000)
        buf[9] = (mode & 01) ? 't' : 'T';
    buf[10] = '\0';
}


static int quote_always;        /* -c: %N always quotes */

/* Prints one directive c (spec: its "%flags width" prefix) of file name. */
static void directive(char c, char mod, const char *spec, const char *name, const struct stat *st)
{
    char fmt[48], buf[64];
    const char *s = NULL;
    long long num = 0;
    char conv = 'd';
    switch (c) {
    case 'n': s = name; break;
    case 'N':                   /* -c: quoted; the default format: when the shell needs it */
        if (quote_always || name[strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "._/+-,:@%^=")]) {
            snprintf(buf, sizeof buf, "'%.58s'", name);
            s = buf;
        } else {
            s = name;
        }
        break;
    case 's': num = st->st_size; break;
    case 'b': num = st->st_blocks; break;
    case 'B': num = 512; break;
    case 'o': num = st->st_blksize; break;
    case 'F': s = type_name(st); break;
    case 'f': num = st->st_mode; conv = 'x'; break;
    case 'a': num = st->st_mode & 07777; conv = 'o'; break;
    case 'A': mode_string(st->st_mode, buf); s = buf; break;
    case 'd':
        num = mod == 'H' ? major(st->st_dev) : mod == 'L' ? minor(st->st_dev) : (long long)st->st_dev;
        break;
    case 'D': num = st->st_dev; conv = 'x'; break;
    case 'r':
        num = mod == 'H' ? major(st->st_rdev) : mod == 'L' ? minor(st->st_rdev) : (long long)st->st_rdev;
        break;
    case 't': num = major(st->st_rdev); conv = 'x'; break;
    case 'T': num = minor(st->st_rdev); conv = 'x'; break;
    case 'i': num = st->st_ino; break;
    case 'h': num = st->st_nlink; break;
    case 'u': num = st->st_uid; break;
    case 'g': num = st->st_gid; break;
    case 'U': {
        struct passwd *pw = getpwuid(st->st_uid);
        s = pw ? pw->pw_name : "UNKNOWN";
        break;
    }
    case 'G': {
        struct group *gr = getgrgid(st->st_gid);
        s = gr ? gr->gr_name : "UNKNOWN";
        break;
    }
    case 'x': tool_time(buf, sizeof buf, st->st_atime, TOOL_NSEC(st, st_atim)); s = buf; break;
    case 'y': tool_time(buf, sizeof buf, st->st_mtime, TOOL_NSEC(st, st_mtim)); s = buf; break;
    case 'z': tool_time(buf, sizeof buf, st->st_ctime, TOOL_NSEC(st, st_ctim)); s = buf; break;
    case 'w': s = "-"; break;
    case 'X': num = st->st_atime; break;
    case 'Y': num = st->st_mtime; break;
    case 'Z': num = st->st_ctime; break;
    case 'W': num = 0; break;
    default:                    /* unknown: "?", as GNU prints it */
        s = "?";
        break;
    }
    if (s) {
        snprintf(fmt, sizeof fmt, "%ss", spec);
        printf(fmt, s);
    } else {
        snprintf(fmt, sizeof fmt, "%sll%c", spec, conv);
        printf(fmt, num);
    }
}

/* Prints format for file name (backslash escapes are left as they are). */
static void print_format(const char *format, const char *name, const struct stat *st)
{
    for (const char *p = format; *p; p++) {
        if (*p != '%') {
            putchar(*p);
            continue;
        }
        if (p[1] == '%') {
            putchar('%');
            p++;
            continue;
        }
        char spec[32];
        size_t n = 0;
        spec[n++] = '%';
        while (p[1] && strchr("-#0 +'", p[1]) && n < 8)
            spec[n++] = *++p;
        while (p[1] && ((p[1] >= '0' && p[1] <= '9') || p[1] == '.') && n < 24)
            spec[n++] = *++p;
        spec[n] = '\0';
        char mod = 0;
        if (p[1] == 'H' || p[1] == 'L')
            mod = *++p;
        if (!p[1]) {
            fputs(spec, stdout);
            break;
        }
        directive(*++p, mod, spec, name, st);
    }
}

int main(int argc, char **argv)
{
    const char *format = NULL;
    int opt, status = 0;
    if (tool_start(argc, argv, "stat", "stat [-c FORMAT] FILE..."))
        return 0;
    while ((opt = getopt(argc, argv, "c:")) != -1) {
        if (opt != 'c')
            return tool_usage();
        format = optarg;
        quote_always = 1;
    }
    if (optind == argc) {
        fprintf(stderr, "stat: missing operand\n");
        return tool_usage();
    }
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "stat: cannot stat '%s': %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (format) {
            print_format(format, argv[i], &st);
            putchar('\n');
        } else {
            print_format(S_ISCHR(st.st_mode) ? DEVICE_FORMAT : DEFAULT_FORMAT, argv[i], &st);
            print_format(OWNER_TIMES_FORMAT, argv[i], &st);
        }
    }
    return status;
}
