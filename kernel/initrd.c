/* The initrd: a cpio "newc" archive that the boot loader leaves in
 * memory, unpacked once at boot into the memory file system (as Linux
 * unpacks its initramfs), after which its pages go to the allocator. The
 * whole archive is checked as it is read; a malformed one is a build bug:
 * panic. */
#include "initrd.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "tmpfs.h"
#include "vmobj.h"
#include "shmos/stat.h"

#define NEWC_HDR_LEN   110      /* "070701" + 13 fields of 8 hex digits */

/* Fields of a newc header after the magic, in order. */
enum { H_INO, H_MODE, H_UID, H_GID, H_NLINK, H_MTIME, H_FILESIZE, H_DEVMAJOR,
       H_DEVMINOR, H_RDEVMAJOR, H_RDEVMINOR, H_NAMESIZE, H_CHECK, H_NFIELDS };

static uint32_t align4(uint32_t x)
{
    return (x + 3) & ~3u;
}

/* Parse the 8 hex digits at p; at (the archive offset) is for the panic. */
static uint32_t parse_hex8(const uint8_t *p, uint32_t at)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            panic("initrd: bad hex digit in header at offset %u", at);
        v = v << 4 | d;
    }
    return v;
}

/* Panic unless n bytes at off lie within an archive of len bytes (off <= len). */
static void need(uint32_t off, uint32_t n, uint32_t len, const char *what)
{
    if (n > len - off)
        panic("initrd: %s at offset %u runs past the archive end (%u bytes)", what, off, len);
}

/* Panic unless the bytes from end up to the next multiple of 4 exist and are 0. */
static void check_padding(const uint8_t *a, uint32_t end, uint32_t len)
{
    need(end, align4(end) - end, len, "padding");
    for (uint32_t i = end; i < align4(end); i++)
        if (a[i] != 0)
            panic("initrd: non-zero padding at offset %u", i);
}

/* Panic unless name is a clean relative path: non-empty components of at
 * most SHMOS_NAME_MAX bytes, none of them "." or "..". */
static void check_name(const char *name)
{
    const char *p = name;
    for (;;) {
        const char *end = p;
        while (*end && *end != '/')
            end++;
        uint32_t len = end - p;
        if (len == 0 || len > SHMOS_NAME_MAX || (p[0] == '.' && (len == 1 || (len == 2 && p[1] == '.'))))
            panic("initrd: bad path name \"%s\" in archive", name);
        if (!*end)
            return;
        p = end + 1;
    }
}

/* Is /path a directory? */
static bool is_dir(const char *path)
{
    struct tnode *n;
    if (tmpfs_lookup(NULL, path, &n) < 0)
        return false;
    bool dir = tmpfs_is_dir(n);
    tmpfs_put(n);
    return dir;
}

/* Create directory path[0..len) and those above it that are missing
 * (the archive need not list a directory before what it holds). */
static void make_dirs(const char *path, uint32_t len)
{
    char buf[256];
    if (len + 1 > sizeof(buf))
        panic("initrd: a directory name longer than %u bytes", (unsigned)sizeof(buf) - 1);
    memcpy(buf, path, len);
    buf[len] = '\0';
    for (uint32_t i = 1; i <= len; i++) {
        if (i < len && buf[i] != '/')
            continue;
        buf[i] = '\0';
        int err = tmpfs_mkdir(NULL, buf, 0755);
        if (err == -ENOTDIR || (err == -EEXIST && !is_dir(buf)))
            panic("initrd: /%s is a file but has entries under it", buf);
        if (err < 0 && err != -EEXIST)
            panic("initrd: cannot create directory /%s (error %d)", buf, -err);
        if (i < len)
            buf[i] = '/';
    }
}

/* Copy size bytes of data into the new file n. */
static void fill_file(struct tnode *n, const uint8_t *data, uint32_t size)
{
    struct vmobj *obj = tmpfs_object(n);
    if (vmobj_resize(obj, size) < 0)
        panic("initrd: no room for a file of %u bytes", size);
    for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
        paddr_t pa = vmobj_page(obj, off / PAGE_SIZE, VMOBJ_ALLOC, NULL);
        memcpy(P2V(pa), data + off, MIN(size - off, (uint32_t)PAGE_SIZE));
    }
    vmobj_put(obj);
}

/* Unpack one archive entry (name lives in the archive). */
static void add_entry(const char *name, uint32_t mode, const uint8_t *data, uint32_t size)
{
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/')
        name++;
    if (name[0] == '\0' || strcmp(name, ".") == 0)
        return;                 /* the root itself */
    if (!S_ISREG(mode) && !S_ISDIR(mode)) {
        kprintf("initrd: skipping %s: not a regular file or directory\n", name);
        return;
    }
    if (S_ISDIR(mode) && size != 0)
        panic("initrd: directory %s has size %u", name, size);
    check_name(name);
    uint32_t len = strlen(name), slash = len;
    while (slash > 0 && name[slash - 1] != '/')
        slash--;
    if (slash)
        make_dirs(name, slash - 1);
    struct tnode *n;
    if (S_ISDIR(mode)) {
        int err = tmpfs_mkdir(NULL, name, mode);
        if (err == -EEXIST && is_dir(name) && tmpfs_lookup(NULL, name, &n) == 0) {
            tmpfs_chmod(NULL, n, mode); /* made earlier for what it holds, listed now */
            tmpfs_put(n);
        } else if (err < 0) {
            panic("initrd: %s appears twice in the archive", name);
        }
        return;
    }
    bool created;
    if (tmpfs_open_create(NULL, name, mode, true, &n, &created) < 0)
        panic("initrd: %s appears twice in the archive", name);
    fill_file(n, data, size);
    tmpfs_put(n);
}

void initrd_init(const void *archive, size_t size)
{
    const uint8_t *a = archive;
    uint32_t len = size, off = 0;
    uint32_t entries = 0;
    for (;;) {
        uint32_t f[H_NFIELDS];
        need(off, NEWC_HDR_LEN, len, "header");
        if (memcmp(a + off, "070701", 6) != 0)
            panic("initrd: no newc magic 070701 at offset %u", off);
        for (int i = 0; i < H_NFIELDS; i++)
            f[i] = parse_hex8(a + off + 6 + 8 * i, off);
        uint32_t name_off = off + NEWC_HDR_LEN, namesize = f[H_NAMESIZE];
        need(name_off, namesize, len, "file name");
        const char *name = (const char *)a + name_off;
        if (namesize == 0 || strnlen(name, namesize) != namesize - 1)
            panic("initrd: file name at offset %u is not NUL-terminated", name_off);
        check_padding(a, name_off + namesize, len);
        if (strcmp(name, "TRAILER!!!") == 0)
            break;
        uint32_t data_off = align4(name_off + namesize);
        need(data_off, f[H_FILESIZE], len, "file data");
        check_padding(a, data_off + f[H_FILESIZE], len);
        add_entry(name, f[H_MODE], a + data_off, f[H_FILESIZE]);
        entries++;
        off = align4(data_off + f[H_FILESIZE]);
    }
    kprintf("initrd: %u files and directories, %u bytes\n", entries, off);
}

