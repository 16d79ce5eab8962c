/* The memory file system (tmpfs.c): the root file system, unpacked from
 * the initrd at boot. A node is a file or a directory; a file's bytes are
 * a shmem memory object (vmobj.h), so the pages read() and write() touch
 * are the very pages mmap(MAP_SHARED) maps. A node may also be a
 * character device (/dev/null, /dev/zero: dev.c), which has no object.
 * shmos has no hard links, so a
 * node has at most one name: it is its own directory entry.
 *
 * Lifetime: a node lives while it has its name (links) or anybody holds
 * it (refs: open files, current directories, calls in progress); its
 * object may live on after it, in mappings. Lock tags and order:
 * docs/architecture.md, "Locking". */
#ifndef KERNEL_TMPFS_H
#define KERNEL_TMPFS_H
#include "types.h"
#include "sleeplock.h"
#include "shmos/dirent.h"
#include "shmos/time.h"

#define TMPFS_PATH_MAX 4096     /* longest path a call accepts, NUL included (Linux's PATH_MAX) */

struct vmobj;
struct stat;
struct cred;
struct tnode {
    uint32_t ino;               /* [I] */
    uint32_t mode;              /* [tmpfs_lock] S_IFREG, S_IFDIR or S_IFCHR | permission bits */
    uint32_t uid, gid;          /* [tmpfs_lock] owner: its creator's effective ids */
    uint32_t rdev;              /* [I] a device's number (DEV_NULL, ...: dev.h); 0 otherwise */
    uint32_t links;             /* [tmpfs_lock] 1 while it has its name, else 0 */
    uint32_t refs;              /* [tmpfs_lock] holders besides its name */
    struct tnode *parent;       /* [tmpfs_lock] the directory holding its name (the root: itself) */
    struct tnode *next;         /* [tmpfs_lock] the next child of parent, in creation order */
    struct tnode *children;     /* [tmpfs_lock] a directory's, oldest first */
    uint32_t nchildren;         /* [tmpfs_lock] */
    uint32_t cookie;            /* [tmpfs_lock] its place among parent's children (getdents) */
    uint32_t next_cookie;       /* [tmpfs_lock] a directory's next child cookie */
    time_t mtime, ctime;        /* [tmpfs_lock] seconds since boot */
    struct vmobj *obj;          /* [I] a file's bytes (its size is the file's); NULL for a directory or device */
    struct sleeplock io;        /* a file's data: read, write and truncate hold it */
    char name[SHMOS_NAME_MAX + 1];  /* [tmpfs_lock] */
};

/* Files and directories in existence (leak checks). */
uint32_t tmpfs_count(void);
/* Create the root, /tmp, /dev/shm and the devices /dev/null, /dev/zero. */
void tmpfs_init(void);
/* The root directory, held (for init's current directory). */
struct tnode *tmpfs_root(void);
void tmpfs_hold(struct tnode *n);
/* Drop a hold; a node without a name and without holders goes. */
void tmpfs_put(struct tnode *n);

/* Who resolves a path: where a relative path starts (cwd NULL: the root)
 * and whose permissions apply (cred NULL: the kernel's own, which may do
 * anything and creates nodes owned by root). A NULL who is both. */
struct tmpfs_who {
    struct tnode *cwd;
    const struct cred *cred;
};

/* Path calls, with Linux's permission rules (docs/architecture.md, "Users
 * and permissions"): every directory a name is looked up in must grant
 * search (x); creating or removing a name needs write and search on its
 * directory. Each returns 0 or -errno: -ENOENT, -ENOTDIR, -ENAMETOOLONG,
 * -EACCES, and as noted. */
/* The node path names, held, in *out. */
int tmpfs_lookup(const struct tmpfs_who *who, const char *path, struct tnode **out);
/* Like tmpfs_lookup, but create a regular file (mode) if the last name is
 * missing: -EEXIST if it exists and excl; -EISDIR if it is a directory and
 * O_CREAT asked for a file; *created says which happened. An existing
 * file's own permissions are the caller's to check. */
int tmpfs_open_create(const struct tmpfs_who *who, const char *path, uint32_t mode, bool excl,
                      struct tnode **out, bool *created);
/* -EEXIST, -ENOSPC (out of memory). */
int tmpfs_mkdir(const struct tmpfs_who *who, const char *path, uint32_t mode);
/* -EISDIR for a directory, -EPERM (a sticky directory: neither the file
 * nor the directory is the caller's); the file lives on while open or
 * mapped. */
int tmpfs_unlink(const struct tmpfs_who *who, const char *path);
/* -ENOTDIR, -ENOTEMPTY, -EBUSY (the root), -EINVAL (a last name ".."
 * or "."), -EPERM (sticky, as unlink). */
int tmpfs_rmdir(const struct tmpfs_who *who, const char *path);
/* Move old to new, replacing a file (or an empty directory, by a
 * directory) there: -EISDIR, -ENOTDIR, -ENOTEMPTY, -EINVAL (a directory
 * into itself), -EBUSY (the root), -EPERM (sticky, for either name);
 * -EACCES also for a directory moved to another parent without write
 * permission on itself (its ".." changes). */
int tmpfs_rename(const struct tmpfs_who *who, const char *oldpath, const char *newpath);
/* The absolute path of directory n into buf (size bytes, NUL included):
 * its length without the NUL, or -ERANGE; -ENOENT if it was removed. */
int tmpfs_path(struct tnode *n, char *buf, size_t size);

/* Node calls. */
bool tmpfs_is_dir(const struct tnode *n);
/* A regular file (not a directory, not a device)? */
bool tmpfs_is_file(const struct tnode *n);
/* Fill *st (zeroed by the caller). */
void tmpfs_stat(struct tnode *n, struct stat *st);
/* A file's memory object, with a new reference (mmap); NULL for a directory or device. */
struct vmobj *tmpfs_object(struct tnode *n);
/* Pack records of directory n's children from cookie *pos on into buf
 * (size bytes), advancing *pos. The bytes packed (0 at the end), or
 * -EINVAL if the first record does not fit. */
int tmpfs_pack_dirents(struct tnode *n, uint32_t *pos, char *buf, uint32_t size);
/* The file's size in bytes. */
uint64_t tmpfs_size(struct tnode *n);
/* May c (NULL: the kernel) do want (MAY_* bits, cred.h) to n? 0 or
 * -EACCES (cred_permit's rules). */
int tmpfs_permit(const struct cred *c, struct tnode *n, int want);
/* chmod: set the permission bits (07777 of mode), as c (NULL: the
 * kernel). 0, or -EPERM unless c is root or the owner; a caller outside
 * the file's group loses S_ISGID (Linux). */
int tmpfs_chmod(const struct cred *c, struct tnode *n, uint32_t mode);
/* chown: set the owner uid and group gid ((uint32_t)-1: unchanged), as c
 * (cred_may_chown's rules). 0 or -EPERM. A change clears a file's
 * set-user-id bit, and its set-group-id bit if it is group-executable. */
int tmpfs_chown(const struct cred *c, struct tnode *n, uint32_t uid, uint32_t gid);
/* Record a change of the file's data (its times). */
void tmpfs_touch(struct tnode *n);
#endif
