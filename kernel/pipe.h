/* Pipes (pipe.c). */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H
struct file;
/* *rf gets the read end, *wf the write end (one reference each).
 * Returns 0, -ENFILE or -ENOMEM (nothing allocated on error). */
int pipe_open(struct file **rf, struct file **wf);
#endif
