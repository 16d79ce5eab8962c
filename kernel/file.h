/* Open files and descriptor tables: the interface the rest of the kernel
 * uses (implemented in file.c, pipe.c, console.c, initrd.c; the system
 * calls are in sysfile.c).
 *
 * Locking legend for struct file fields:
 *   [F]  file_lock (file.c) must be held to read or write;
 *   [I]  immutable: set by the creator before the file is reachable from any
 *        descriptor table, read-only until the last reference is closed.
 * Descriptor tables are [O] (see proc.h): only their process touches them.
 * Lock order: console lock -> ptable_lock; pipe lock -> ptable_lock;
 * file_lock and the pipe pool lock are leaves (no lock taken under them). */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H
#include "types.h"

#define NOFILE 16           /* descriptors per process */
#define NFILE  256          /* open file objects system-wide */
#define PATH_MAX_LEN 128    /* longest path a system call accepts, NUL included */

struct file;
struct fdtable {
    struct file *fd[NOFILE];    /* [O] */
};

/* Point fds 0, 1 and 2 of t at the console (for init). */
void fdtable_init_console(struct fdtable *t);
/* dst gets every descriptor of src (each file gains a reference). */
void fdtable_copy(struct fdtable *dst, const struct fdtable *src);
/* Close every descriptor of t. */
void fdtable_close_all(struct fdtable *t);
/* Open file objects system-wide (leak checks). */
uint32_t file_count(void);

/* ---- open file objects ---- */
struct stat;
struct pipe;
struct initrd_node;

enum file_type { FT_CONSOLE = 1, FT_PIPE, FT_FILE, FT_DIR };

/* What one kind of file does. read/write get n <= 0x7fffffff and are called
 * only when the file is readable/writable; no lock is held on entry. */
struct file_ops {
    long (*read)(struct file *f, uaddr_t buf, uint32_t n);
    long (*write)(struct file *f, uaddr_t buf, uint32_t n);
    long (*getdents)(struct file *f, uaddr_t buf, uint32_t n);   /* NULL: -ENOTDIR */
    void (*stat)(struct file *f, struct stat *st);               /* st is zeroed */
    void (*close)(struct file *f);  /* last reference gone (f is a copy); may be NULL */
    bool seekable;                  /* lseek allowed (else -ESPIPE) */
};

struct file {
    int ref;                        /* [F] descriptors referring to it; 0 = free slot */
    uint32_t off;                   /* [F] position (initrd files and directories) */
    enum file_type type;            /* [I] */
    const struct file_ops *ops;     /* [I] */
    bool readable, writable;        /* [I] */
    struct pipe *pipe;              /* [I] FT_PIPE */
    const struct initrd_node *node; /* [I] FT_FILE, FT_DIR */
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
/* Set f->off to `to` if it is still old; returns whether it was. Lets a
 * reader claim [old, to) without holding file_lock across copyout. */
bool file_cas_offset(struct file *f, uint32_t old, uint32_t to);

/* ---- descriptors of the current process ---- */
/* The file behind fd, or NULL if fd is out of range or not open. */
struct file *fd_get(int fd);
/* Install f (whose reference the table takes) at the lowest free fd.
 * Returns the fd, or -EMFILE (f untouched). */
int fd_install(struct file *f);

/* The console: UART output and line-edited input. */
/* Called from the UART interrupt with each byte received. */
void console_input(int c);
/* A new readable and writable console file (one reference), or NULL. */
struct file *console_open(void);

/* Pipes: *rf gets the read end, *wf the write end (one reference each).
 * Returns 0, -ENFILE or -ENOMEM (nothing allocated on error). */
int pipe_open(struct file **rf, struct file **wf);

/* The read-only initrd filesystem, from a cpio (newc) archive in memory. */
struct initrd_node {
    const char *name;           /* path without the leading '/', e.g. "bin/sh"; "" for the root */
    const uint8_t *data;        /* file contents (kernel memory) */
    uint32_t size;
    uint32_t mode;              /* S_IFREG or S_IFDIR | permission bits */
    uint32_t ino;
    const struct initrd_node *parent;   /* NULL for the root */
};
void initrd_init(const void *archive, size_t len);
/* Look up an absolute or root-relative path ("/bin/sh", "bin/sh"); NULL if absent. */
const struct initrd_node *initrd_lookup(const char *path);
/* Like initrd_lookup, with the reason: 0 (*out set), -ENOENT or -ENOTDIR. */
int initrd_resolve(const char *path, const struct initrd_node **out);
/* A new read-only file for node (one reference), or NULL when the table is full. */
struct file *initrd_open(const struct initrd_node *node);
#endif
