/* Pipes (pipe.c). */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H
#include "types.h"
struct file;
/* *rf gets the read end, *wf the write end (one reference each).
 * Returns 0, -ENFILE or -ENOMEM (nothing allocated on error). */
int pipe_open(struct file **rf, struct file **wf);
/* Write n bytes of kernel memory to f, the write end of a pipe, as one
 * unbroken run (blocking for space; no SIGPIPE). The bytes written, or
 * -EINVAL (no pipe's write end), -EPIPE (the read end is closed; some
 * bytes may have gone) or -EINTR (killed). */
long pipe_write_kernel(struct file *f, const void *buf, uint32_t n);
#endif
