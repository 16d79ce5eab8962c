/* The read-only initrd filesystem. At boot, initrd_init() checks the whole
 * cpio "newc" archive and builds a table of nodes (files point into the
 * archive, which stays in memory); afterwards the table never changes, so
 * lookups and reads take no lock. A malformed archive is a build bug: panic. */
#include "initrd.h"
#include "file.h"
#include "lib.h"
#include "printk.h"
#include "uaccess.h"
#include "shmos/dirent.h"
#include "shmos/stat.h"

#define MAX_NODES      512      /* files and directories, root included */
#define NAME_POOL_SIZE 4096     /* names of directories the archive only implies */
#define NEWC_HDR_LEN   110      /* "070701" + 13 fields of 8 hex digits */
#define DIRENT_CHUNK   512      /* getdents() bounces this much at a time */

/* [I] once initrd_init returns. nodes[0] is the root; a node's parent is
 * always created before it, so table order is archive order. */
static struct initrd_node nodes[MAX_NODES];
static uint32_t nnodes;
static char name_pool[NAME_POOL_SIZE];
static uint32_t name_pool_used;

static const struct file_ops initrd_file_ops, initrd_dir_ops;

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

static const char *base_name(const struct initrd_node *n)
{
    const char *base = n->name;
    for (const char *p = n->name; *p; p++)
        if (*p == '/')
            base = p + 1;
    return base;
}

/* The child of dir called name[0..len), or NULL. */
static const struct initrd_node *find_child(const struct initrd_node *dir, const char *name, uint32_t len)
{
    for (uint32_t i = 1; i < nnodes; i++) {
        const char *base = base_name(&nodes[i]);
        if (nodes[i].parent == dir && strlen(base) == len && memcmp(base, name, len) == 0)
            return &nodes[i];
    }
    return NULL;
}

/* Append a node; name must stay valid forever. */
static struct initrd_node *add_node(const char *name, const struct initrd_node *parent,
                                    uint32_t mode, const uint8_t *data, uint32_t size)
{
    if (nnodes == MAX_NODES)
        panic("initrd: more than %d files and directories", MAX_NODES);
    struct initrd_node *n = &nodes[nnodes];
    n->name = name;
    n->parent = parent;
    n->mode = mode;
    n->data = data;
    n->size = size;
    n->ino = ++nnodes;
    return n;
}

/* The directory path[0..len) (a prefix of a name being added), created
 * with default permissions if the archive did not list it yet. */
static struct initrd_node *implied_dir(const char *path, uint32_t len)
{
    uint32_t slash = len;
    while (slash > 0 && path[slash - 1] != '/')
        slash--;
    /* slash is 0 (parent is the root) or one past the parent's last byte. */
    const struct initrd_node *parent = slash ? implied_dir(path, slash - 1) : &nodes[0];
    const struct initrd_node *dir = find_child(parent, path + slash, len - slash);
    if (dir) {
        if (!S_ISDIR(dir->mode))
            panic("initrd: %s is a file but has entries under it", dir->name);
        return (struct initrd_node *)dir;
    }
    if (len + 1 > NAME_POOL_SIZE - name_pool_used)
        panic("initrd: implied directory names exceed %d bytes", NAME_POOL_SIZE);
    char *name = name_pool + name_pool_used;
    memcpy(name, path, len);
    name[len] = '\0';
    name_pool_used += len + 1;
    return add_node(name, parent, S_IFDIR | 0755, NULL, 0);
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

/* Add one archive entry (name lives in the archive). */
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
    const struct initrd_node *parent = slash ? implied_dir(name, slash - 1) : &nodes[0];
    struct initrd_node *old = (struct initrd_node *)find_child(parent, name + slash, len - slash);
    mode &= S_IFMT | 07777;
    if (!old)
        add_node(name, parent, mode, data, size);
    else if (S_ISDIR(old->mode) && S_ISDIR(mode))
        old->mode = mode;       /* implied earlier, listed now */
    else
        panic("initrd: %s appears twice in the archive", name);
}

void initrd_init(const void *archive, size_t size)
{
    const uint8_t *a = archive;
    uint32_t len = size, off = 0;
    add_node("", NULL, S_IFDIR | 0755, NULL, 0);
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
        off = align4(data_off + f[H_FILESIZE]);
    }
    kprintf("initrd: %u files and directories, %u bytes\n", nnodes, off);
}

int initrd_resolve(const char *path, const struct initrd_node **out)
{
    const struct initrd_node *cur = &nodes[0];
    const char *p = path;
    if (!*path)
        return -ENOENT;
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        if (!S_ISDIR(cur->mode))
            return -ENOTDIR;
        size_t len = end - p;
        if (len == 2 && p[0] == '.' && p[1] == '.')
            cur = cur->parent ? cur->parent : cur;    /* "/.." is "/" */
        else if (!(len == 1 && p[0] == '.') && !(cur = find_child(cur, p, len)))
            return -ENOENT;
        p = end;
    }
    if (p[-1] == '/' && !S_ISDIR(cur->mode))
        return -ENOTDIR;        /* "file/" names a directory that is not one */
    *out = cur;
    return 0;
}

const struct initrd_node *initrd_lookup(const char *path)
{
    const struct initrd_node *n;
    return initrd_resolve(path, &n) == 0 ? n : NULL;
}

struct file *initrd_open(const struct initrd_node *node)
{
    bool dir = S_ISDIR(node->mode);
    struct file *f = file_alloc(dir ? FT_DIR : FT_FILE, dir ? &initrd_dir_ops : &initrd_file_ops, true, false);
    if (f)
        f->node = node;
    return f;
}

/* Read from the offset on. The range is claimed first, so readers sharing
 * the file get disjoint bytes; on -EFAULT it is given back. */
static long initrd_file_read(struct file *f, uaddr_t buf, uint32_t n)
{
    const struct initrd_node *node = f->node;
    uint32_t start, count;
    do {
        start = file_get_offset(f);
        count = start < node->size ? MIN(n, node->size - start) : 0;
    } while (!file_cas_offset(f, start, start + count));
    if (count > 0 && copyout(buf, node->data + start, count) < 0) {
        file_cas_offset(f, start + count, start);
        return -EFAULT;
    }
    return count;
}

static long initrd_dir_read(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f, (void)buf, (void)n;
    return -EISDIR;
}

/* Pack into buf (size bytes) records for the children of dir at table
 * index >= *pos, advancing *pos past them. Returns the bytes packed (0 at
 * the end), or -EINVAL if the first record does not fit. */
static int pack_dirents(const struct initrd_node *dir, uint32_t *pos, char *buf, uint32_t size)
{
    uint32_t used = 0;
    for (uint32_t i = *pos; i < nnodes; i++) {
        if (nodes[i].parent != dir)
            continue;
        const char *name = base_name(&nodes[i]);
        uint32_t namelen = strlen(name);
        uint32_t reclen = align4(offsetof(struct shmos_dirent, d_name) + namelen + 1);
        if (reclen > size - used)
            return used > 0 ? (int)used : -EINVAL;
        struct shmos_dirent d;
        memset(&d, 0, sizeof(d));
        d.d_ino = nodes[i].ino;
        d.d_reclen = reclen;
        d.d_type = S_ISDIR(nodes[i].mode) ? DT_DIR : DT_REG;
        memcpy(d.d_name, name, namelen);
        memcpy(buf + used, &d, reclen);
        used += reclen;
        *pos = i + 1;
    }
    *pos = nnodes;
    return used;
}

/* getdents: as many whole records as fit in n bytes; the offset is the
 * table index to resume from. 0 at the end, -EINVAL if n is too small for
 * the next record, -EFAULT if nothing could be copied out. */
static long initrd_dir_getdents(struct file *f, uaddr_t buf, uint32_t n)
{
    char kbuf[DIRENT_CHUNK];
    uint32_t start = file_get_offset(f), pos = start, done = 0;
    do {                        /* at least once: n == 0 is -EINVAL unless at the end */
        uint32_t next = pos;
        int len = pack_dirents(f->node, &next, kbuf, MIN(n - done, (uint32_t)sizeof(kbuf)));
        if (len < 0 && done == 0)
            return len;
        if (len <= 0)
            break;
        if (copyout(buf + done, kbuf, len) < 0) {
            if (done == 0)
                return -EFAULT;
            break;
        }
        done += len;
        pos = next;
    } while (done < n);
    file_cas_offset(f, start, pos);
    return done;
}

static void initrd_stat(struct file *f, struct stat *st)
{
    st->st_ino = f->node->ino;
    st->st_mode = f->node->mode;
    st->st_nlink = 1;
    st->st_size = S_ISREG(f->node->mode) ? f->node->size : 0;
}

static const struct file_ops initrd_file_ops = {
    .read = initrd_file_read,
    .stat = initrd_stat,
    .seekable = true,
};

static const struct file_ops initrd_dir_ops = {
    .read = initrd_dir_read,
    .getdents = initrd_dir_getdents,
    .stat = initrd_stat,
    .seekable = true,
};
