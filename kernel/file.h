/* Open file objects and descriptor tables (file.c). Each kind of file —
 * console.c, pipe.c, tmpfs_file.c, dev.c — supplies its file_ops; the system calls
 * are in sysfile.c. Lock tags and order: docs/architecture.md, "Locking". */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H
#include "types.h"

#define NOFILE 1024         /* descriptors per process (Linux's default soft limit) */
#define NOFILE_SMALL 16     /* held in the process; more take a page (NOFILE pointers) */
#define NFILE  4096         /* open file objects system-wide */
#define PATH_MAX_LEN 128    /* longest path a system call accepts, NUL included */

struct file;
/* A process's descriptors: the first NOFILE_SMALL in the process, and once
 * one past them is wanted, all NOFILE in a page of their own. A zeroed
 * table is empty. The threads of a process share its leader's table
 * (file.c's fdtable_lock guards every table's slots). */
struct fdtable {
    struct file *small[NOFILE_SMALL];   /* [fdtable_lock] while big is NULL */
    struct file **big;                  /* [fdtable_lock] NULL, or a page of NOFILE */
};

/* Point fds 0, 1 and 2 of t at the console (for init). */
void fdtable_init_console(struct fdtable *t);
/* dst (empty) gets every descriptor of src (each file gains a reference).
 * 0, or -ENOMEM (dst stays empty). */
int fdtable_copy(struct fdtable *dst, const struct fdtable *src);
/* Close every descriptor of t; t is empty afterwards. */
void fdtable_close_all(struct fdtable *t);
/* Open file objects system-wide (leak checks). */
uint32_t file_count(void);

/* ---- open file objects ---- */
struct stat;
struct pipe;
struct tnode;
struct vmobj;

enum file_type { FT_CONSOLE = 1, FT_PIPE, FT_FILE, FT_DIR, FT_DEV };

/* What one kind of file does. read/write get n <= 0x7fffffff and are called
 * only when the file is readable/writable; no lock is held on entry. */
struct file_ops {
    long (*read)(struct file *f, uaddr_t buf, uint32_t n);
    long (*write)(struct file *f, uaddr_t buf, uint32_t n);
    long (*getdents)(struct file *f, uaddr_t buf, uint32_t n);   /* NULL: -ENOTDIR */
    /* At offset off, leaving the file's offset alone; NULL: -ESPIPE. */
    long (*pread)(struct file *f, uaddr_t buf, uint32_t n, uint32_t off);
    long (*pwrite)(struct file *f, uaddr_t buf, uint32_t n, uint32_t off);
    /* Set the size (ftruncate); NULL: -EINVAL. */
    int (*truncate)(struct file *f, uint32_t size);
    void (*stat)(struct file *f, struct stat *st);               /* st is zeroed */
    void (*close)(struct file *f);  /* last reference gone (f is a copy); may be NULL */
    /* The memory object holding the file's bytes, with a new reference,
     * for mmap; NULL (or no function): the file cannot be mapped. */
    struct vmobj *(*mmap_object)(struct file *f);
    bool map_anonymous;             /* mmap gives fresh anonymous memory instead (/dev/zero) */
    /* The poll events (POLLIN, POLLOUT, POLLHUP, POLLERR) that hold now;
     * NULL: always readable and writable (a regular file). */
    short (*poll)(struct file *f);
    bool seekable;                  /* lseek allowed (else -ESPIPE) */
};

struct file {
    int ref;                        /* [file_lock] descriptors referring to it; 0 = free slot */
    uint32_t off;                   /* [file_lock] position (files: a byte, directories: a cookie) */
    enum file_type type;            /* [I] */
    const struct file_ops *ops;     /* [I] */
    bool readable, writable;        /* [I] */
    bool append;                    /* [I] O_APPEND: every write goes to the end */
    struct pipe *pipe;              /* [I] FT_PIPE */
    struct tnode *tnode;            /* [I] FT_FILE, FT_DIR, FT_DEV: the node (a hold on it) */
};

/* A new file with one reference, or NULL when all NFILE are in use.
 * The caller fills the [I] fields before sharing it. */
struct file *file_alloc(enum file_type type, const struct file_ops *ops,
                        bool readable, bool writable);
/* Take one more reference to f; returns f. */
struct file *file_dup(struct file *f);
/* Drop one reference; the last one frees the slot and runs ops->close. */
void file_close(struct file *f);
/* f->off, read under file_lock. */
uint32_t file_get_offset(struct file *f);
/* Set f->off (under file_lock). */
void file_set_offset(struct file *f, uint32_t off);
/* Set f->off to `to` if it is still old; returns whether it was. Lets a
 * reader claim [old, to) without holding file_lock across copyout. */
bool file_cas_offset(struct file *f, uint32_t old, uint32_t to);

/* ---- descriptors of the current process ---- */
/* The file behind fd, or NULL if fd is out of range or not open. It
 * stays good until the current system call ends, even if another thread
 * closes fd meanwhile: when the table is shared, the file is held (at
 * most FD_HELD_MAX per call) and let go by fd_release_held. */
#define FD_HELD_MAX 2
struct file *fd_get(int fd);
/* The file behind fd with a reference of the caller's own (file_close
 * it), or NULL. For a call that looks at many descriptors (poll). */
struct file *fd_hold(int fd);
/* Drop the files fd_get held for the current call (kernel_syscall, after
 * every call, and exit). */
void fd_release_held(void);
/* Install f (whose reference the table takes) at the lowest free fd.
 * Returns the fd, or -EMFILE, -ENOMEM (no page for more; f untouched). */
int fd_install(struct file *f);
/* Empty fd and return the file it held (the caller's reference now), or
 * NULL if it was not open. */
struct file *fd_take(int fd);
/* Put f (its reference) at fd < NOFILE in one step, making room past
 * NOFILE_SMALL; *old gets what fd held (the caller's reference now, or
 * NULL). 0, or -ENOMEM (nothing changed). */
int fd_replace(int fd, struct file *f, struct file **old);

#endif
