/* execve: load a static ELF32 program from the memory file system into a
 * new address space, and switch to it only once everything has
 * succeeded. Text and read-only data are mapped from the file's own pages
 * (shared by every process running it); data is copied into private
 * pages as it is loaded, and bss fills on touch. */
#include "exec.h"
#include "addrspace.h"
#include "kalloc.h"
#include "lib.h"
#include "proc.h"
#include "syscall_proto.h"
#include "tmpfs.h"
#include "tmpfs_file.h"
#include "thread.h"
#include "uaccess.h"
#include "vclock.h"
#include "vmobj.h"
#include "shmos/auxv.h"
#include "shmos/stat.h"

#define ELF_MAGIC 0x464C457Fu   /* "\x7FELF" */
#define ET_EXEC 2
#define EM_386 3
#define PT_LOAD 1
#define PF_W 2

struct elf_header {
    uint32_t magic;
    uint8_t class, data, version, osabi, pad[8];
    uint16_t type, machine;
    uint32_t version2, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

/* Needs as->lock and node->io. Copy n bytes of the program file from
 * offset off to user address va of as through the kernel's direct map
 * (each page filled in as it is reached; the rest of bss fills on touch).
 * 0, -EFAULT or -ENOEXEC. */
static int load_file(struct addrspace *as, uaddr_t va, struct tnode *node, uint32_t off, uint32_t n)
{
    while (n > 0) {
        char *dst = vm_user_ptr(as, va, false);
        if (!dst)
            return -EFAULT;
        uint32_t chunk = MIN(n, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        int err = tmpfs_read_locked(node, off, dst, chunk);
        if (err < 0)
            return err;
        off += chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}

/* Write n bytes at user address va of as (pages filled in as reached).
 * 0 or -EFAULT. */
static int load_bytes(struct addrspace *as, uaddr_t va, const void *src, size_t n)
{
    const char *s = src;
    while (n > 0) {
        char *dst = vm_user_ptr(as, va, false);
        if (!dst)
            return -EFAULT;
        size_t chunk = MIN(n, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        memcpy(dst, s, chunk);
        s += chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}

/* Needs as->lock. Map a new private object at [start, end). 0, -EINVAL
 * (taken) or -ENOMEM. */
static int map_anon(struct addrspace *as, uaddr_t start, uaddr_t end, int prot, int role)
{
    struct vmobj *obj = vmobj_anon(end - start, NULL, 0);
    if (!obj)
        return -ENOMEM;
    int err = vm_map(as, start, end, prot, role, obj, 0, NULL);
    if (err < 0)
        vmobj_put(obj);
    return err;
}

/* Needs as->lock and node->io. Map the read-only segment ph of the
 * program file node straight from the file's own object at [start, end):
 * every process running the program maps the same pages, and nothing is
 * copied (shared text). Read and execute only, and mprotect may not add
 * write: a store would write the file. 0, -EINVAL (taken) or -ENOMEM. */
static int map_text(struct addrspace *as, struct tnode *node, const struct elf_phdr *ph,
                    uaddr_t start, uaddr_t end)
{
    struct vmobj *obj = tmpfs_object(node);
    struct region *r;
    if (!obj)
        return -ENOEXEC;
    int err = vm_map(as, start, end, RP_READ | RP_EXEC, RR_TEXT, obj, ph->offset / PAGE_SIZE, &r);
    if (err < 0) {
        vmobj_put(obj);
        return err;
    }
    r->maxprot = RP_READ | RP_EXEC;
    return 0;
}

/* Can segment ph be mapped from the file's pages? Read-only, with no bss
 * to zero, and at the same offset within a page in the file as in memory. */
static bool shareable(const struct elf_phdr *ph)
{
    return !(ph->flags & PF_W) && ph->filesz == ph->memsz &&
           ph->offset % PAGE_SIZE == ph->vaddr % PAGE_SIZE;
}

/* Needs as->lock and node->io. Map every PT_LOAD segment of the program
 * (size bytes) into as and set *top to the end of the highest. 0, or
 * -ENOEXEC / -ENOMEM. (The end is no return value: it can be 0x80000000,
 * which as a long is negative.) */
static int load_segments(struct addrspace *as, struct tnode *node, uint32_t size,
                         const struct elf_header *eh, uaddr_t *topp)
{
    uaddr_t top = 0;
    struct elf_phdr phs[16];
    if (eh->phentsize != sizeof(struct elf_phdr) || eh->phnum == 0 || eh->phnum > 16 ||
        eh->phoff > size || size - eh->phoff < eh->phnum * sizeof(struct elf_phdr) ||
        tmpfs_read_locked(node, eh->phoff, phs, eh->phnum * sizeof(struct elf_phdr)) < 0)
        return -ENOEXEC;
    for (int i = 0; i < eh->phnum; i++) {
        struct elf_phdr ph = phs[i];
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if (ph.filesz > ph.memsz || ph.offset > size || size - ph.offset < ph.filesz ||
            ph.vaddr < USER_BASE || ph.vaddr + ph.memsz < ph.vaddr ||
            ph.vaddr + ph.memsz > USER_MMAP_BASE)
            return -ENOEXEC;
        uaddr_t start = PG_ROUND_DOWN(ph.vaddr), end = PG_ROUND_UP(ph.vaddr + ph.memsz);
        bool writable = ph.flags & PF_W;
        int err = shareable(&ph) ? map_text(as, node, &ph, start, end)
                                 : map_anon(as, start, end,
                                            writable ? RP_READ | RP_WRITE : RP_READ | RP_EXEC,
                                            writable ? RR_DATA : RR_TEXT);
        if (err < 0)
            return err == -ENOMEM ? -ENOMEM : -ENOEXEC;   /* overlapping segments */
        if (!shareable(&ph) && load_file(as, ph.vaddr, node, ph.offset, ph.filesz) < 0)
            return -ENOEXEC;
        top = MAX(top, end);
    }
    *topp = top;
    return top ? 0 : -ENOEXEC;
}

/* Push the strings and the argc/argv/envp/auxv block (SysV i386 layout,
 * shmos/auxv.h) onto the new stack and set *esp to its start. 0, -ENOMEM
 * or -E2BIG. */
static int build_stack(struct addrspace *as, const char *const argv[], const char *const envp[],
                       uaddr_t *esp)
{
    uint32_t ptrs[EXEC_MAXARG + 3 + 6];   /* argc, EXEC_MAXARG strings, 2 NULLs, 3 aux pairs */
    int argc = 0, nptr = 0, nstrings = 0;
    uaddr_t sp = USER_STACK_TOP;
    const char *const *lists[2] = { argv, envp };
    for (int l = 0; l < 2; l++) {
        if (l == 0)
            ptrs[nptr++] = 0;                  /* argc, filled in below */
        for (int i = 0; lists[l] && lists[l][i]; i++) {
            size_t len = strlen(lists[l][i]) + 1;
            if (nstrings++ == EXEC_MAXARG || USER_STACK_TOP - sp + len > EXEC_ARGBYTES)
                return -E2BIG;
            sp -= len;
            if (load_bytes(as, sp, lists[l][i], len) < 0)
                return -ENOMEM;
            ptrs[nptr++] = sp;
            if (l == 0)
                argc++;
        }
        ptrs[nptr++] = 0;                      /* NULL after argv, then after envp */
    }
    const uint32_t aux[] = { AT_HWCAP, machine_hwcap(), AT_PAGESZ, PAGE_SIZE, AT_NULL, 0 };
    for (size_t i = 0; i < ARRAY_SIZE(aux); i++)
        ptrs[nptr++] = aux[i];
    ptrs[0] = argc;
    sp = (sp - nptr * sizeof(uint32_t)) & ~15u;
    if (load_bytes(as, sp, ptrs, nptr * sizeof(uint32_t)) < 0)
        return -ENOMEM;
    *esp = sp;
    return 0;
}

/* Needs node->io. Build the new address space for the program in node
 * (*eh its header) with argv and envp; *esp gets its stack pointer. The
 * address space, or NULL with *err set. */
static struct addrspace *build_image(struct tnode *node, uint32_t size, const struct elf_header *eh,
                                     const char *const argv[], const char *const envp[],
                                     uaddr_t *esp, int *err)
{
    /* The new address space is private to this call until the commit;
     * its lock keeps only as_each out. */
    struct addrspace *nas = as_create();
    if (!nas) {
        *err = -ENOMEM;
        return NULL;
    }
    sleep_lock(&nas->lock);
    uaddr_t top;
    long r = load_segments(nas, node, size, eh, &top);
    if (r < 0)
        goto put_nas;
    nas->heap_start = nas->brk = top;
    if ((r = map_anon(nas, nas->heap_start, nas->heap_start, RP_READ | RP_WRITE, RR_HEAP)) < 0 ||
        (r = vm_map(nas, USER_STACK_GAP_BOTTOM, USER_STACK_BOTTOM, 0, RR_GUARD, NULL, 0, NULL)) < 0 ||
        (r = map_anon(nas, USER_STACK_BOTTOM, USER_STACK_TOP, RP_READ | RP_WRITE, RR_STACK)) < 0 ||
        (r = vclock_map(nas)) < 0)
        goto put_nas;
    if ((r = build_stack(nas, argv, envp, esp)) < 0)
        goto put_nas;
    if (eh->entry < USER_BASE || !region_find(nas, eh->entry)) {
        r = -ENOEXEC;
        goto put_nas;
    }
    usyms_record(&nas->syms, node, size, eh->shoff, eh->shnum, eh->shentsize);
    sleep_unlock(&nas->lock);
    return nas;

put_nas:
    sleep_unlock(&nas->lock);
    as_put(nas);
    *err = (int)r;
    return NULL;
}

/* The program file at path, held, checked to be a static i386 ELF
 * executable whose header is in *eh and size in *size, with node->io
 * taken; or NULL with *err (-ENOENT, -ENOTDIR, -EACCES: a directory, or
 * the caller may not search the path or execute the file; -ENOEXEC). */
static struct tnode *open_program(struct proc *p, const char *path, struct elf_header *eh,
                                  uint32_t *size, int *err)
{
    struct tnode *node;
    struct tmpfs_who who = { proc_cwd_hold(p), proc_cred(p) };
    *err = tmpfs_lookup(&who, path, &node);
    tmpfs_put(who.cwd);
    if (*err < 0)
        return NULL;
    if (!tmpfs_is_file(node))
        *err = -EACCES;             /* a directory or a device */
    else
        *err = tmpfs_permit(proc_cred(p), node, MAY_EXEC);
    if (*err)
        goto put_node;
    sleep_lock(&node->io);
    uint64_t sz = tmpfs_size(node);
    *size = (uint32_t)MIN(sz, (uint64_t)0xFFFFFFFFu);
    *err = -ENOEXEC;
    if (sz < sizeof(*eh) || tmpfs_read_locked(node, 0, eh, sizeof(*eh)) < 0)
        goto unlock_io;
    if (eh->magic != ELF_MAGIC || eh->class != 1 || eh->data != 1 || eh->type != ET_EXEC ||
        eh->machine != EM_386)
        goto unlock_io;
    *err = 0;
    return node;

unlock_io:
    sleep_unlock(&node->io);
put_node:
    tmpfs_put(node);
    return NULL;
}

int exec_image(struct proc *p, const char *path, const char *const argv[], const char *const envp[])
{
    struct elf_header eh;
    uint32_t size;
    int err;
    struct tnode *node = open_program(p, path, &eh, &size, &err);
    if (!node)
        return err;
    uaddr_t esp;
    struct addrspace *nas = build_image(node, size, &eh, argv, envp, &esp, &err);
    sleep_unlock(&node->io);
    struct stat st;                    /* its mode and owner: set-id bits */
    memset(&st, 0, sizeof(st));
    tmpfs_stat(node, &st);
    tmpfs_put(node);
    if (!nas)
        return err;

    /* Commit: nothing can fail from here on. */
    struct addrspace *old = p->as;
    p->as = nas;
    if (p == myproc())
        as_activate(nas);
    if (old)                           /* NULL only for init's first exec */
        as_put(old);                   /* the last thread out detaches its segments */
    tf_init_user(p->tf, eh.entry, esp);
    p->tls = 0;
    p->ctid = 0;
    if (p == myproc())
        thread_kill_siblings();        /* the new program runs in this thread alone */
    p->fpu = fpu_initial_state;
    if (p == myproc())
        fpu_restore(&p->fpu);
    proc_set_name(p, path, argv);
    signal_exec(p);                    /* handlers back to SIG_DFL */
    cred_exec(proc_cred(p), st.st_mode, st.st_uid, st.st_gid, !p->trace);
    return 0;
}

/* Copy a NULL-terminated user array of strings into buf (strings) and vec
 * (pointers into buf). Returns the number of entries or -EFAULT / -E2BIG. */
static int copy_string_array(uaddr_t uvec, const char **vec, int max, char *buf, size_t *used)
{
    int n = 0;
    for (; uvec; n++) {
        uaddr_t uptr;
        if (copyin(&uptr, uvec + n * sizeof(uint32_t), sizeof(uptr)) < 0)
            return -EFAULT;
        if (!uptr)
            break;
        if (n >= max)
            return -E2BIG;
        int len = copyinstr(buf + *used, uptr, EXEC_ARGBYTES - *used);
        if (len < 0)
            return len == -ENAMETOOLONG ? -E2BIG : len;
        vec[n] = buf + *used;
        *used += len + 1;
    }
    vec[n] = NULL;
    return n;
}

/* execve: copies path, argv and envp in, then exec_image. Does not return to
 * the old image on success (returns 0 into the new one); -errno otherwise. */
long sys_execve(uaddr_t upath, uaddr_t uargv, uaddr_t uenvp)
{
    int err;
    char *path = copyin_path(upath, &err);
    if (!path)
        return err;
    char *buf = kalloc();               /* strings: EXEC_ARGBYTES == PAGE_SIZE */
    const char **vec = kalloc();        /* argv then envp pointers */
    if (!buf || !vec) {
        err = -ENOMEM;
        goto free_buffers;
    }
    size_t used = 0;
    int argc = copy_string_array(uargv, vec, EXEC_MAXARG, buf, &used);
    if (argc < 0) {
        err = argc;
        goto free_buffers;
    }
    const char **envp = vec + argc + 1;
    int envc = copy_string_array(uenvp, envp, EXEC_MAXARG - argc, buf, &used);
    if (envc < 0) {
        err = envc;
        goto free_buffers;
    }
    err = exec_image(myproc(), path, vec, envp);
free_buffers:
    kfree(path);
    if (buf)
        kfree(buf);
    if (vec)
        kfree((void *)vec);
    return err < 0 ? err : 0;
}
