/* System introspection records: getprocs() for ps, meminfo() for free,
 * shm_list() for ipcs. These are shmos's own calls (no POSIX equivalent). */
#ifndef SHMOS_SYSINFO_H
#define SHMOS_SYSINFO_H
#include <stdint.h>
#define PROC_NAME_MAX 16
#define PROC_TABLE_SIZE 1024       /* process slots: getprocs never returns more records */
enum proc_state_abi { PS_UNUSED, PS_EMBRYO, PS_SLEEPING, PS_RUNNABLE, PS_RUNNING, PS_ZOMBIE,
                      PS_STOPPED /* SLEEPING, stopped by a signal (ps only) */ };
struct procinfo {
    int32_t pid;
    int32_t ppid;
    int32_t pgid;
    int32_t state;                 /* enum proc_state_abi */
    uint32_t pages;                /* user pages mapped (resident), private or shared */
    int32_t cpu;                   /* CPU it is running on, -1 unless PS_RUNNING */
    char    name[PROC_NAME_MAX];   /* program name, NUL-terminated */
    int32_t nice;                  /* -20..19 */
    uint32_t cpu_ms;               /* user + system CPU time used, in ms */
    int32_t tgid;                  /* its process's pid: pid for a process's first thread */
    uint32_t shared_pages;         /* of pages, those of shared-memory objects (shmem) */
    uint32_t uid;                  /* effective user id (top's USER) */
};                                 /* 60 bytes: 68 to a page */
/* getcmdline(pid, buf, size): pid's command line (its exec arguments
 * joined by spaces, cut to PROC_CMDLINE_MAX - 1 bytes) into buf,
 * NUL-terminated and cut to size; returns its length. */
#define PROC_CMDLINE_MAX 128
struct meminfo {
    uint32_t page_size;
    uint32_t total_pages;          /* pages the allocator manages */
    uint32_t free_pages;
    uint32_t nproc;                /* live processes */
    uint32_t nfile;                /* open file objects system-wide */
    uint32_t nshm;                 /* shared-memory segments in use */
    uint32_t nsem;                 /* System V semaphore sets in existence */
    uint32_t ncpu;                 /* CPUs running (online) */
    uint32_t tlb_shootdowns;       /* TLB flush requests sent to other CPUs since boot */
    uint32_t nobj;                 /* memory objects in existence (anonymous and shmem) */
    uint32_t nnode;                /* files and directories of the memory file system */
    uint32_t nfutex;               /* processes waiting on a futex */
    uint32_t committed_pages;      /* pages promised to memory objects (taken or not) */
    uint32_t reserved_pages;       /* of the free pages, those promised: not for new promises */
    uint32_t shared_pages;         /* pages shared copy-on-write by several objects */
    uint32_t kstack_pages;         /* pages held by kernel stacks: a process slot's stay
                                    * once it is first used (not free, never leaked) */
    uint32_t shmem_pages;          /* pages present in shmem objects: tmpfs files, segments,
                                    * shared mappings (free's shared and buff/cache) */
};
struct shminfo_rec {
    int32_t  id;                   /* the id the creating API handed out */
    uint32_t size;                 /* bytes requested */
    uint32_t npages;
    uint32_t nattach;              /* attachments (nused) */
    int32_t  cpid;                 /* creator pid */
    int32_t  key;                  /* System V key, 0 if none */
    uint32_t flags;                /* SHMINFO_* */
};
#define SHMINFO_REMOVED 0x1        /* marked for removal, freed at last detach */

#endif
