/* shmos's own system calls (no POSIX equivalent). Each returns -1 and sets
 * errno on failure. */
#ifndef _SHMOS_H
#define _SHMOS_H
#include <sys/types.h>
#include <shmos/ipc.h>
#include <shmos/sysinfo.h>
#include <shmos/dirent.h>
#include <shmos/layout.h>
#include <shmos/futex.h>
#include <shmos/trace.h>
#include <shmos/vminfo.h>

/* Fills buf with up to max process records; returns how many. */
int getprocs(struct procinfo *buf, int max);
/* Copies pid's command line (PROC_CMDLINE_MAX) into buf, cut to size
 * bytes and NUL-terminated; returns its full length. */
int getcmdline(int pid, char *buf, int size);
/* Fills *info with memory and object counts; returns 0. */
int meminfo(struct meminfo *info);
/* Process pid's memory map (pmap): up to max region records into buf,
 * returning how many it has; the frames and flags of n pages from addr
 * on, returning n. See <shmos/vminfo.h>. */
int vm_regions(int pid, struct vm_region *buf, int max);
int vm_pages(int pid, void *addr, int n, struct vm_page *buf);
/* Powers the machine off; QEMU exits with status. Returns only on error. */
int poweroff(int status);
/* Reads packed struct shmos_dirent records from directory fd into buf
 * (n bytes); returns the bytes filled, 0 at the end. */
int getdents(int fd, void *buf, unsigned int n);

/* xv6-style shared memory: create returns an id; attach maps the segment at
 * addr (page-aligned, free) and returns 0; detach unmaps it;
 * destroy frees it (refused while attached); list fills up to max records and
 * returns how many. */
int shm_create(int size);
int shm_attach(int id, void *addr);
int shm_detach(int id);
int shm_destroy(int id);
int shm_list(struct shminfo_rec *buf, int max);

/* Sleeps while *uaddr == val (FUTEX_WAIT, FUTEX_WAIT_BITSET) or wakes up
 * to val sleepers (FUTEX_WAKE, FUTEX_WAKE_BITSET) on the word at uaddr:
 * Linux's futex(2), called directly (see docs/futex.md). The word's key is
 * the memory behind it, so processes that map one object at different
 * addresses meet on it. Returns 0 or the number woken; -1 with errno
 * EAGAIN, ETIMEDOUT, EINTR, EINVAL, EFAULT. */
struct timespec;
long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *timeout,
           uint32_t *uaddr2, uint32_t val3);

/* Starts a thread of control: a child process that shares the caller's
 * address space (memory and attachments; files and semaphores are copies,
 * as with fork) and runs fn(arg) on the given stack, exiting with fn's
 * return value. Returns its pid (reap it with waitpid). It shares its
 * creator's thread-local storage (errno among it), and the C library's
 * locks stay off until the first pthread_create: for threads that use
 * the C library, use <pthread.h>. */
int thread_spawn(int (*fn)(void *), void *arg, void *stack, size_t size);

/* Reports the caller's later system calls, one record each (struct
 * trace_record, shmos/trace.h), to fd, the write end of a pipe; with
 * TRACE_FORK in flags, the children it makes from then on too. fd -1
 * stops. Used by strace. Returns 0; -1 with errno EBADF, EINVAL. */
int trace(int fd, int flags);

/* 1 when libc enters the kernel by sysenter (the kernel's AT_HWCAP offers
 * it: shmos/auxv.h), 0 when by int $0x80 (a boot with "nosysenter").
 * Set at program start, before main. */
extern int __syscall_sysenter;
#endif
