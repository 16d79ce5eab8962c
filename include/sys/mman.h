/* Memory mappings: mmap, munmap, mprotect, msync (Linux's names and
 * numbers; mmap returns MAP_FAILED with errno on error), and POSIX shared
 * memory objects: shm_open and shm_unlink, over files under /dev/shm. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H
#include <stddef.h>
#include <sys/types.h>
#include <shmos/mman.h>
#define MAP_FAILED ((void *)-1)
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);
int msync(void *addr, size_t length, int flags);
int shm_open(const char *name, int oflag, mode_t mode);
int shm_unlink(const char *name);
#endif
