/* Basic kernel types. uaddr_t is a user-space address: an integer, so the
 * compiler refuses to dereference it; only uaccess.c turns it into memory. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
typedef uint32_t uaddr_t;
typedef uint32_t paddr_t;
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PG_ROUND_UP(x)   (((uint32_t)(x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PG_ROUND_DOWN(x) ((uint32_t)(x) & ~(PAGE_SIZE - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define NORETURN __attribute__((noreturn))
#include "shmos/layout.h"
#include "shmos/errno.h"
#endif
