/* The character devices of the memory file system (dev.c): /dev/null
 * (reads end at once, writes vanish) and /dev/zero (reads give zeros,
 * writes vanish, a mapping is fresh anonymous memory), as on Linux. */
#ifndef KERNEL_DEV_H
#define KERNEL_DEV_H
#include "types.h"

/* Device numbers as Linux's: major << 8 | minor (<sys/sysmacros.h>). */
#define DEV_NULL ((1u << 8) | 3)
#define DEV_ZERO ((1u << 8) | 5)

struct file_ops;
/* The operations of device rdev (a node's), or NULL if there is no such
 * device (open fails with -ENXIO then, as Linux). */
const struct file_ops *dev_ops(uint32_t rdev);
#endif
