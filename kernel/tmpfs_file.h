/* Open files of the memory file system and their data (tmpfs_file.c). */
#ifndef KERNEL_TMPFS_FILE_H
#define KERNEL_TMPFS_FILE_H
#include "types.h"
struct file;
struct stat;
struct tnode;
/* A new open file for node n (one reference), or NULL when the table is
 * full or n is a device dev.c does not know. On success the file owns
 * the caller's hold on n. */
struct file *tmpfs_file_open(struct tnode *n, bool readable, bool writable, bool append);
/* The stat and close of every open node (file, directory, device). */
void tmpfs_file_stat(struct file *f, struct stat *st);
void tmpfs_file_close(struct file *f);
/* Set a file's size: pages past a smaller end are unmapped everywhere and
 * freed; a larger size reads as zeros. 0, -EISDIR, -EINVAL (a device),
 * -EFBIG. */
int tmpfs_truncate(struct tnode *n, uint64_t size);
/* Needs n->io. Copy the file's bytes [off, off + len) to kernel memory
 * dst. 0, or -ENOEXEC if the file is shorter (exec reads programs so). */
int tmpfs_read_locked(struct tnode *n, uint64_t off, void *dst, uint32_t len);
#endif
