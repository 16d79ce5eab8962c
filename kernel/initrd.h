/* The read-only initrd file system, from a cpio (newc) archive in memory
 * (initrd.c). */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H
#include "types.h"
struct file;
/* [I] once initrd_init has returned. */
struct initrd_node {
    const char *name;           /* path without the leading '/', e.g. "bin/sh"; "" for the root */
    const uint8_t *data;        /* file contents (kernel memory) */
    uint32_t size;
    uint32_t mode;              /* S_IFREG or S_IFDIR | permission bits */
    uint32_t ino;
    const struct initrd_node *parent;   /* NULL for the root */
};
/* Boot: check the archive and build the node table (files point into the
 * archive, which must stay in memory). Panics on a malformed archive. */
void initrd_init(const void *archive, size_t len);
/* Look up an absolute or root-relative path ("/bin/sh", "bin/sh"); NULL if absent. */
const struct initrd_node *initrd_lookup(const char *path);
/* Like initrd_lookup, with the reason: 0 (*out set), -ENOENT or -ENOTDIR. */
int initrd_resolve(const char *path, const struct initrd_node **out);
/* A new read-only file for node (one reference), or NULL when the table is full. */
struct file *initrd_open(const struct initrd_node *node);
#endif
