/* The memory file system's namespace: nodes, directories and the walk
 * from a path to a node (see tmpfs.h). File data is tmpfs_file.c's.
 *
 * Locking: tmpfs_lock protects every node's name, links, refs, family and
 * times; a whole path walk happens under it. It is taken under as->lock
 * (mmap of a file) and may take an object's o->lock (freeing a node drops
 * its object) and the slab lock, never anything that sleeps. */
#include "tmpfs.h"
#include "cred.h"
#include "dev.h"
#include "lib.h"
#include "printk.h"
#include "slab.h"
#include "spinlock.h"
#include "time.h"
#include "vmobj.h"
#include "shmos/stat.h"

static struct spinlock tmpfs_lock = SPINLOCK_INIT("tmpfs");
static struct slab tnode_slab = SLAB_INIT("tnode", struct tnode);
static struct tnode *root;          /* [I] after tmpfs_init */
static uint32_t next_ino = 1;       /* [tmpfs_lock] */

/* A path's last component, as the walk leaves it. */
struct last {
    const struct cred *cred;        /* whose permissions apply (NULL: the kernel's) */
    struct tnode *dir;              /* the directory that holds (or would hold) it */
    const char *name;               /* not NUL-terminated */
    size_t len;                     /* 0: the path was slashes only, naming dir (the root) itself */
    bool slash;                     /* a '/' followed it: it must be a directory */
};

static bool is_dot(const char *name, size_t len)
{
    return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
    return len == 2 && name[0] == '.' && name[1] == '.';
}

bool tmpfs_is_dir(const struct tnode *n)
{
    return S_ISDIR(n->mode);
}

bool tmpfs_is_file(const struct tnode *n)
{
    return S_ISREG(n->mode);
}

/* The child of dir called name[0..len), or NULL. Needs tmpfs_lock. */
static struct tnode *child(const struct tnode *dir, const char *name, size_t len)
{
    for (struct tnode *c = dir->children; c; c = c->next)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c;
    return NULL;
}

/* May c (NULL: the kernel) do want to n? 0 or -EACCES. Needs tmpfs_lock. */
static int may(const struct cred *c, const struct tnode *n, int want)
{
    return c ? cred_permit(c, n->uid, n->gid, n->mode, want) : 0;
}

/* What name[0..len) names in dir: itself, its parent, or a child; NULL
 * if absent. Needs tmpfs_lock. */
static struct tnode *step(struct tnode *dir, const char *name, size_t len)
{
    if (len == 0 || is_dot(name, len))
        return dir;
    if (is_dotdot(name, len))
        return dir->parent;
    return child(dir, name, len);
}

/* Walk every component of path but the last, from who's current directory
 * (or the root for an absolute path), and describe the last in *l. Every
 * directory a name is looked up in, the last's included, must grant who
 * search. 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EACCES. Needs tmpfs_lock. */
static int walk(const struct tmpfs_who *who, const char *path, struct last *l)
{
    if (!*path)
        return -ENOENT;
    struct tnode *cwd = who ? who->cwd : NULL;
    const struct cred *cred = who ? who->cred : NULL;
    struct tnode *dir = path[0] == '/' || !cwd ? root : cwd;
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        const char *after = end;
        while (*after == '/')
            after++;
        size_t len = end - p;
        int err = len ? may(cred, dir, MAY_EXEC) : 0;
        if (err)
            return err;
        if (len > SHMOS_NAME_MAX)
            return -ENAMETOOLONG;
        if (!*after) {              /* p is the last component (or nothing: "/") */
            *l = (struct last){ cred, dir, p, len, after != end };
            return 0;
        }
        struct tnode *next = step(dir, p, len);
        if (!next)
            return -ENOENT;
        if (!tmpfs_is_dir(next))
            return -ENOTDIR;
        dir = next;
        p = after;
    }
}

/* The node the last component names, or NULL; -ENOTDIR through *err if it
 * is a file but a slash followed it. Needs tmpfs_lock. */
static struct tnode *resolve_last(const struct last *l, int *err)
{
    struct tnode *n = step(l->dir, l->name, l->len);
    *err = !n ? -ENOENT : (l->slash && !tmpfs_is_dir(n)) ? -ENOTDIR : 0;
    return *err ? NULL : n;
}

/* How many subdirectories dir has (its link count is 2 more). Needs
 * tmpfs_lock. */
static uint32_t count_subdirs(const struct tnode *dir)
{
    uint32_t n = 0;
    for (const struct tnode *c = dir->children; c; c = c->next)
        n += tmpfs_is_dir(c);
    return n;
}

/* Free n if it has neither name nor holder. Needs tmpfs_lock. */
static void maybe_free(struct tnode *n)
{
    if (n->links || n->refs)
        return;
    assert(!n->children);
    if (n->obj)
        vmobj_put(n->obj);
    slab_free(&tnode_slab, n);
}

/* tmpfs_path with tmpfs_lock held (n may be a file too). */
static int path_locked(const struct tnode *n, char *buf, size_t size)
{
    if (!n->links)
        return -ENOENT;
    if (size < 2)
        return -ERANGE;
    /* Build it from the end of buf backwards, then move it to the front. */
    char *end = buf + size, *p = end;
    *--p = '\0';
    for (const struct tnode *c = n; c != root; c = c->parent) {
        size_t l = strlen(c->name);
        if ((size_t)(p - buf) < l + 1)
            return -ERANGE;
        p -= l;
        memcpy(p, c->name, l);
        *--p = '/';
    }
    if (p == end - 1)
        *--p = '/';
    size_t len = (size_t)(end - p) - 1;
    memmove(buf, p, len + 1);
    return (int)len;
}

/* Name a file's object after the file, for pmap: its path, or (too long)
 * its name; "NAME (deleted)" once it has none. Renaming a directory does
 * not rename the objects below it. Needs tmpfs_lock. */
static void label_object(const struct tnode *n)
{
    if (!n->obj)
        return;
    char buf[VMOBJ_LABEL_MAX];
    if (!n->links)
        ksnprintf(buf, sizeof(buf), "%s (deleted)", n->name);
    else if (path_locked(n, buf, sizeof(buf)) < 0)
        strlcpy(buf, n->name, sizeof(buf));
    vmobj_set_label(n->obj, buf);
}

/* Give n the name name[0..len) in dir. Needs tmpfs_lock. */
static void attach(struct tnode *dir, struct tnode *n, const char *name, size_t len)
{
    memcpy(n->name, name, len);
    n->name[len] = '\0';
    n->parent = dir;
    n->next = NULL;
    n->cookie = dir->next_cookie++;
    struct tnode **pp = &dir->children;
    while (*pp)
        pp = &(*pp)->next;
    *pp = n;
    dir->nchildren++;
    n->links = 1;
    dir->mtime = dir->ctime = time_sec();
    label_object(n);
}

/* Take n's name from its directory (n stays if held). Needs tmpfs_lock. */
static void detach(struct tnode *n)
{
    struct tnode *dir = n->parent;
    struct tnode **pp = &dir->children;
    while (*pp != n)
        pp = &(*pp)->next;
    *pp = n->next;
    dir->nchildren--;
    dir->mtime = dir->ctime = time_sec();
    n->links = 0;
    n->next = NULL;
    n->parent = n;                  /* ".." of a removed directory: itself */
    label_object(n);
    maybe_free(n);
}

/* A new nameless node of type S_IFREG (with an empty object), S_IFDIR or
 * S_IFCHR (device rdev) and permissions mode, owned by c's effective ids
 * (NULL: root), or NULL when memory runs out. Needs tmpfs_lock. */
static struct tnode *node_new(const struct cred *c, uint32_t type, uint32_t mode, uint32_t rdev)
{
    struct tnode *n = slab_alloc(&tnode_slab);
    if (!n)
        return NULL;
    if (type == S_IFREG && !(n->obj = vmobj_shmem(0))) {
        slab_free(&tnode_slab, n);
        return NULL;
    }
    n->ino = next_ino++;
    n->rdev = rdev;
    n->mode = type | (mode & 07777);
    n->uid = c ? c->euid : 0;
    n->gid = c ? c->egid : 0;
    n->parent = n;
    n->mtime = n->ctime = time_sec();
    sleep_lock_init(&n->io, "tmpfs io");
    return n;
}

/* May a name be added to dir (directory removed: -ENOENT)? Write and
 * search on it. 0, -ENOENT, -EACCES. Needs tmpfs_lock. */
static int may_create(const struct cred *c, const struct tnode *dir)
{
    return !dir->links ? -ENOENT : may(c, dir, MAY_WRITE | MAY_EXEC);
}

/* May n's name be taken from directory dir (unlink, rmdir, rename)? Write
 * and search on dir, and in a sticky directory ownership of n or of dir
 * (or root). 0, -EACCES or -EPERM. Needs tmpfs_lock. */
static int may_delete(const struct cred *c, const struct tnode *dir, const struct tnode *n)
{
    int err = may(c, dir, MAY_WRITE | MAY_EXEC);
    if (err || !c || !(dir->mode & S_ISVTX))
        return err;
    return c->euid == 0 || c->euid == n->uid || c->euid == dir->uid ? 0 : -EPERM;
}

/* Create name[0..len) in l->dir, of type (S_IFREG, S_IFDIR, S_IFCHR) and
 * device rdev, owned by l->cred's effective ids. 0 (*out set, not held),
 * -EEXIST, -ENOENT (the directory was removed), -EACCES, -ENOSPC. Needs
 * tmpfs_lock. */
static int create(const struct last *l, uint32_t type, uint32_t mode, uint32_t rdev,
                  struct tnode **out)
{
    if (step(l->dir, l->name, l->len))
        return -EEXIST;
    int err = may_create(l->cred, l->dir);
    if (err)
        return err;
    struct tnode *n = node_new(l->cred, type, mode, rdev);
    if (!n)
        return -ENOSPC;
    attach(l->dir, n, l->name, l->len);
    *out = n;
    return 0;
}

/* Create the device node path (rdev, mode). 0 or as create. */
static int make_device(const char *path, uint32_t mode, uint32_t rdev)
{
    struct last l;
    struct tnode *n;
    spin_lock(&tmpfs_lock);
    int err = walk(NULL, path, &l);
    if (!err)
        err = create(&l, S_IFCHR, mode, rdev, &n);
    spin_unlock(&tmpfs_lock);
    return err;
}

void tmpfs_init(void)
{
    spin_lock(&tmpfs_lock);
    root = node_new(NULL, S_IFDIR, 0755, 0);
    if (!root)
        panic("tmpfs: no memory for the root");
    root->links = 1;                /* named by the system itself */
    spin_unlock(&tmpfs_lock);
    static const struct { const char *path; uint32_t mode; } dirs[] = {
        { "/tmp", 01777 }, { "/dev", 0755 }, { "/dev/shm", 01777 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
        if (tmpfs_mkdir(NULL, dirs[i].path, dirs[i].mode) < 0)
            panic("tmpfs: cannot create %s", dirs[i].path);
    if (make_device("/dev/null", 0666, DEV_NULL) < 0 || make_device("/dev/zero", 0666, DEV_ZERO) < 0)
        panic("tmpfs: cannot create the devices");
}

uint32_t tmpfs_count(void)
{
    return slab_count(&tnode_slab);
}

struct tnode *tmpfs_root(void)
{
    tmpfs_hold(root);
    return root;
}

void tmpfs_hold(struct tnode *n)
{
    spin_lock(&tmpfs_lock);
    n->refs++;
    spin_unlock(&tmpfs_lock);
}

void tmpfs_put(struct tnode *n)
{
    spin_lock(&tmpfs_lock);
    assert(n->refs > 0);
    n->refs--;
    maybe_free(n);
    spin_unlock(&tmpfs_lock);
}

int tmpfs_lookup(const struct tmpfs_who *who, const char *path, struct tnode **out)
{
    struct last l;
    spin_lock(&tmpfs_lock);
    int err = walk(who, path, &l);
    struct tnode *n = err ? NULL : resolve_last(&l, &err);
    if (n)
        n->refs++;
    spin_unlock(&tmpfs_lock);
    *out = n;
    return err;
}

int tmpfs_open_create(const struct tmpfs_who *who, const char *path, uint32_t mode, bool excl,
                      struct tnode **out, bool *created)
{
    struct last l;
    struct tnode *n = NULL;
    *created = false;
    spin_lock(&tmpfs_lock);
    int err = walk(who, path, &l);
    if (!err) {
        n = step(l.dir, l.name, l.len);
        if (n && excl)
            err = -EEXIST;
        else if (n && tmpfs_is_dir(n))
            err = -EISDIR;
        else if (!n && l.slash)
            err = -EISDIR;          /* Linux: O_CREAT of "name/" */
        else if (!n && !(err = create(&l, S_IFREG, mode, 0, &n)))
            *created = true;
    }
    if (!err)
        n->refs++;
    spin_unlock(&tmpfs_lock);
    *out = err ? NULL : n;
    return err;
}

int tmpfs_mkdir(const struct tmpfs_who *who, const char *path, uint32_t mode)
{
    struct last l;
    struct tnode *n;
    spin_lock(&tmpfs_lock);
    int err = walk(who, path, &l);
    if (!err)
        err = create(&l, S_IFDIR, mode, 0, &n);
    spin_unlock(&tmpfs_lock);
    return err;
}

int tmpfs_unlink(const struct tmpfs_who *who, const char *path)
{
    struct last l;
    spin_lock(&tmpfs_lock);
    int err = walk(who, path, &l);
    struct tnode *n = err ? NULL : resolve_last(&l, &err);
    if (n && (err = may_delete(l.cred, l.dir, n)) < 0)
        n = NULL;
    if (n && tmpfs_is_dir(n))
        err = -EISDIR;
    else if (n)
        detach(n);
    spin_unlock(&tmpfs_lock);
    return err;
}

int tmpfs_rmdir(const struct tmpfs_who *who, const char *path)
{
    struct last l;
    spin_lock(&tmpfs_lock);
    int err = walk(who, path, &l);
    struct tnode *n = NULL;
    if (!err && l.len == 0)
        err = -EBUSY;               /* the root */
    else if (!err && is_dot(l.name, l.len))
        err = -EINVAL;
    else if (!err && is_dotdot(l.name, l.len))
        err = -ENOTEMPTY;
    else if (!err)
        n = resolve_last(&l, &err);
    if (n && (err = may_delete(l.cred, l.dir, n)) < 0)
        n = NULL;
    if (n && !tmpfs_is_dir(n))
        err = -ENOTDIR;
    else if (n && n->children)
        err = -ENOTEMPTY;
    else if (n)
        detach(n);
    spin_unlock(&tmpfs_lock);
    return err;
}

/* Is n dir or below it? Needs tmpfs_lock. */
static bool within(const struct tnode *n, const struct tnode *dir)
{
    for (;;) {
        if (n == dir)
            return true;
        if (n == root || n->parent == n)
            return false;
        n = n->parent;
    }
}

/* May node from replace what to names (NULL: nothing)? 0 or -errno.
 * Needs tmpfs_lock. */
static int may_replace(const struct tnode *from, const struct tnode *to)
{
    if (!to)
        return 0;
    if (tmpfs_is_dir(from) && !tmpfs_is_dir(to))
        return -ENOTDIR;
    if (!tmpfs_is_dir(from) && tmpfs_is_dir(to))
        return -EISDIR;
    if (to->children)
        return -ENOTEMPTY;
    return 0;
}

/* tmpfs_rename with tmpfs_lock held. */
static int rename_locked(const struct tmpfs_who *who, const char *oldpath, const char *newpath)
{
    struct last lo, ln;
    int err = walk(who, oldpath, &lo);
    if (err || (err = walk(who, newpath, &ln)))
        return err;
    if (lo.len == 0 || ln.len == 0)
        return -EBUSY;              /* the root */
    if (is_dot(lo.name, lo.len) || is_dotdot(lo.name, lo.len) ||
        is_dot(ln.name, ln.len) || is_dotdot(ln.name, ln.len))
        return -EINVAL;
    struct tnode *from = resolve_last(&lo, &err);
    if (!from)
        return err;
    struct tnode *to = step(ln.dir, ln.name, ln.len);
    if (to == from)
        return 0;
    if (tmpfs_is_dir(from) && within(ln.dir, from))
        return -EINVAL;             /* into itself */
    if (ln.slash && !tmpfs_is_dir(from))
        return -ENOTDIR;
    if ((err = may_delete(lo.cred, lo.dir, from)) < 0 ||
        (err = to ? may_delete(ln.cred, ln.dir, to) : may_create(ln.cred, ln.dir)) < 0)
        return err;
    if (tmpfs_is_dir(from) && ln.dir != lo.dir && (err = may(lo.cred, from, MAY_WRITE)) < 0)
        return err;                 /* its ".." would change */
    if ((err = may_replace(from, to)) < 0)
        return err;
    if (to)
        detach(to);
    from->refs++;                   /* not freed between losing and getting a name */
    detach(from);
    attach(ln.dir, from, ln.name, ln.len);
    from->refs--;
    from->ctime = time_sec();
    return 0;
}

int tmpfs_rename(const struct tmpfs_who *who, const char *oldpath, const char *newpath)
{
    spin_lock(&tmpfs_lock);
    int err = rename_locked(who, oldpath, newpath);
    spin_unlock(&tmpfs_lock);
    return err;
}

int tmpfs_path(struct tnode *n, char *buf, size_t size)
{
    spin_lock(&tmpfs_lock);
    int len = path_locked(n, buf, size);
    spin_unlock(&tmpfs_lock);
    return len;
}

void tmpfs_stat(struct tnode *n, struct stat *st)
{
    spin_lock(&tmpfs_lock);
    st->st_ino = n->ino;
    st->st_mode = n->mode;
    st->st_uid = n->uid;
    st->st_gid = n->gid;
    st->st_rdev = n->rdev;
    st->st_nlink = tmpfs_is_dir(n) ? 2 + count_subdirs(n) : n->links;
    st->st_mtime = n->mtime;
    st->st_ctime = st->st_atime = n->ctime;
    spin_unlock(&tmpfs_lock);
    if (n->obj) {
        st->st_nmap = vmobj_nmaps(n->obj);
        st->st_size = (long)vmobj_size(n->obj);
        st->st_blocks = (long)(PG_ROUND_UP(st->st_size) / 512);
    }
    st->st_blksize = PAGE_SIZE;
}

struct vmobj *tmpfs_object(struct tnode *n)
{
    if (!n->obj)
        return NULL;
    vmobj_hold(n->obj);
    return n->obj;
}

uint64_t tmpfs_size(struct tnode *n)
{
    return n->obj ? vmobj_size(n->obj) : 0;
}

int tmpfs_permit(const struct cred *c, struct tnode *n, int want)
{
    spin_lock(&tmpfs_lock);
    int err = may(c, n, want);
    spin_unlock(&tmpfs_lock);
    return err;
}

int tmpfs_chmod(const struct cred *c, struct tnode *n, uint32_t mode)
{
    int err = 0;
    spin_lock(&tmpfs_lock);
    if (c && (err = cred_owns(c, n->uid, n->uid)) < 0)
        goto out;
    mode &= 07777;
    if (c && c->euid != 0 && !cred_in_group(c, n->gid))
        mode &= ~(uint32_t)S_ISGID;
    n->mode = (n->mode & S_IFMT) | mode;
    n->ctime = time_sec();
out:
    spin_unlock(&tmpfs_lock);
    return err;
}

int tmpfs_chown(const struct cred *c, struct tnode *n, uint32_t uid, uint32_t gid)
{
    int err = 0;
    spin_lock(&tmpfs_lock);
    if (c && (err = cred_may_chown(c, n->uid, n->gid, uid, gid)) < 0)
        goto out;
    if (uid == CRED_ID_KEEP && gid == CRED_ID_KEEP)
        goto out;
    if (uid != CRED_ID_KEEP)
        n->uid = uid;
    if (gid != CRED_ID_KEEP)
        n->gid = gid;
    if (!tmpfs_is_dir(n)) {
        n->mode &= ~(uint32_t)S_ISUID;
        if (n->mode & S_IXGRP)
            n->mode &= ~(uint32_t)S_ISGID;
    }
    n->ctime = time_sec();
out:
    spin_unlock(&tmpfs_lock);
    return err;
}

void tmpfs_touch(struct tnode *n)
{
    spin_lock(&tmpfs_lock);
    n->mtime = n->ctime = time_sec();
    spin_unlock(&tmpfs_lock);
}

int tmpfs_pack_dirents(struct tnode *n, uint32_t *pos, char *buf, uint32_t size)
{
    uint32_t used = 0;
    spin_lock(&tmpfs_lock);
    for (const struct tnode *c = n->children; c; c = c->next) {
        if (c->cookie < *pos)
            continue;
        uint32_t namelen = strlen(c->name);
        uint32_t reclen = (offsetof(struct shmos_dirent, d_name) + namelen + 1 + 3) & ~3u;
        if (reclen > size - used) {
            if (used == 0) {
                spin_unlock(&tmpfs_lock);
                return -EINVAL;
            }
            break;
        }
        struct shmos_dirent *d = (struct shmos_dirent *)(buf + used);
        memset(d, 0, reclen);
        d->d_ino = c->ino;
        d->d_reclen = (uint16_t)reclen;
        d->d_type = tmpfs_is_dir(c) ? DT_DIR : tmpfs_is_file(c) ? DT_REG : DT_CHR;
        memcpy(d->d_name, c->name, namelen);
        used += reclen;
        *pos = c->cookie + 1;
    }
    if (used == 0)
        *pos = n->next_cookie;
    spin_unlock(&tmpfs_lock);
    return (int)used;
}
