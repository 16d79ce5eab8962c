/* System call dispatch and the calls that report on the whole system. */
#include "syscall.h"
#include "syscall_proto.h"
#include "cpu.h"
#include "file.h"
#include "futex.h"
#include "kalloc.h"
#include "printk.h"
#include "proc.h"
#include "segment.h"
#include "sem_sysv.h"
#include "tmpfs.h"
#include "uaccess.h"
#include "vmobj.h"

/* getprocs (for ps): up to max records, gathered a kernel page at a time,
 * each batch under ptable_lock: the slots are visited once, in order, so
 * no process is listed twice (one made meanwhile in a slot already passed
 * is missed, as one that exits before its slot is reached). Their number,
 * -EINVAL, -ENOMEM, -EFAULT. */
long sys_getprocs(uaddr_t ubuf, int max)
{
    if (max < 0)
        return -EINVAL;
    struct procinfo *buf = kalloc();
    if (!buf)
        return -ENOMEM;
    const int per_page = (int)(PAGE_SIZE / sizeof(*buf));
    int n = 0, slot = 0, err = 0;
    while (n < max) {
        int got = proc_snapshot(buf, MIN(max - n, per_page), &slot);
        if (got == 0)
            break;
        err = copyout(ubuf + (uaddr_t)n * sizeof(*buf), buf, got * sizeof(*buf));
        if (err < 0)
            break;
        n += got;
    }
    kfree(buf);
    return err < 0 ? err : n;
}

/* getcmdline (for ps): pid's command line into ubuf (size bytes, cut
 * and NUL-terminated); its length, or -EINVAL (size <= 0), -ESRCH,
 * -EFAULT. */
long sys_getcmdline(int pid, uaddr_t ubuf, int size)
{
    char line[PROC_CMDLINE_MAX];
    if (size <= 0)
        return -EINVAL;
    int len = proc_cmdline(pid, line);
    if (len < 0)
        return len;
    int n = MIN(len, size - 1);
    line[n] = '\0';
    int err = copyout(ubuf, line, (size_t)n + 1);
    return err < 0 ? err : len;
}

/* meminfo: page and object counts. 0 or -EFAULT. */
long sys_meminfo(uaddr_t uinfo)
{
    struct meminfo mi = {
        .page_size = PAGE_SIZE,
        .total_pages = kalloc_total_pages(),
        .free_pages = kalloc_free_pages(),
        .nproc = proc_count(),
        .nfile = file_count(),
        .nshm = segment_count(),
        .ncpu = (uint32_t)ncpu,
        .tlb_shootdowns = tlb_shootdown_count(),
        .nobj = vmobj_count(),
        .nnode = tmpfs_count(),
        .nfutex = futex_count(),
        .nsem = semsys_count(),
        .committed_pages = kalloc_committed_pages(),
        .reserved_pages = kalloc_reserved_pages(),
        .shared_pages = kalloc_shared_pages(),
        .kstack_pages = kstack_pages(),
        .shmem_pages = vmobj_shmem_pages(),
    };
    return copyout(uinfo, &mi, sizeof(mi));
}

/* poweroff: stops the machine; QEMU exits with status. Never returns. */
long sys_poweroff(int status)
{
    power_off(status);
}
