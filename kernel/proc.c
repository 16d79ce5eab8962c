/* The process table and the process lifecycle: creation (fork and the
 * first process), exit, wait, kill and process groups. */
#include "proc.h"
#include "sem_sysv.h"
#include "addrspace.h"
#include "exec.h"
#include "jobctl.h"
#include "lib.h"
#include "printk.h"
#include "ptable.h"
#include "sched.h"
#include "syscall_proto.h"
#include "thread.h"
#include "tmpfs.h"
#include "trace.h"
#include "uaccess.h"
#include "shmos/signal.h"
#include "shmos/wait.h"

struct spinlock ptable_lock = SPINLOCK_INIT("ptable");
struct proc procs[NPROC];
int ptable_top;
static int next_pid = 1;            /* [ptable_lock] */
static struct proc *initproc;       /* [I] after proc_start_init */


void proc_init(void)
{
    /* Only the window: a slot's stack gets its pages when the slot is
     * first used (proc_alloc) and keeps them (x86/kstack.c says why). */
    char *stacks = kstacks_window(KSTACK_SIZE, NPROC);
    for (int i = 0; i < NPROC; i++)
        procs[i].kstack = stacks + i * (KSTACK_SIZE + PAGE_SIZE);
}

const struct proc *proc_of_kstack_guard(uintptr_t addr)
{
    /* Slot i's guard page is the page below procs[i].kstack, and the
     * slots lie KSTACK_SIZE + PAGE_SIZE apart from procs[0]'s guard. */
    uintptr_t first_guard = (uintptr_t)procs[0].kstack - PAGE_SIZE;
    if (addr < first_guard)
        return NULL;
    uintptr_t i = (addr - first_guard) / (KSTACK_SIZE + PAGE_SIZE);
    if (i >= NPROC || addr >= (uintptr_t)procs[i].kstack)
        return NULL;
    return &procs[i];
}

static void proc_release(struct proc *p);
static void proc_discard(struct proc *p);

/* Claim the lowest UNUSED slot (an exited thread's counts once no CPU is
 * on its stack) as EMBRYO with a fresh pid and a kernel stack (given its
 * pages on the slot's first use) set up to start in forkret and then
 * return to user mode through trap_return. Returns NULL with *err -EAGAIN
 * if the table is full, -ENOMEM if the stack has no pages. */
static struct proc *proc_alloc(long *err)
{
    struct proc *p = NULL;
    spin_lock(&ptable_lock);
    for (int i = 0; i < NPROC && !p; i++) {
        struct proc *q = &procs[i];
        if (q->state == ZOMBIE && q->autoreap &&
            !__atomic_load_n(&q->sch.on_cpu, __ATOMIC_ACQUIRE))
            proc_release(q);        /* an exited thread, off its stack by now */
        if (q->state == UNUSED)
            p = q;
    }
    if (p && p - procs >= ptable_top)
        __atomic_store_n(&ptable_top, (int)(p - procs) + 1, __ATOMIC_RELAXED);
    if (p) {
        p->state = EMBRYO;
        p->pid = next_pid++;
        p->killed = 0;
        p->xstatus = 0;
        p->chan = NULL;
        p->parent = NULL;
        __atomic_store_n(&p->ppid, 0, __ATOMIC_RELAXED);
        memset(&p->sig, 0, sizeof(p->sig));
        p->leader = p;
        p->nthreads = 1;
        p->gstatus = -1;
        p->autoreap = false;
        p->ended = false;
    }
    spin_unlock(&ptable_lock);
    if (!p) {
        *err = -EAGAIN;
        return NULL;
    }
    if (kstack_back(p->kstack, KSTACK_SIZE) < 0) {
        proc_discard(p);
        *err = -ENOMEM;
        return NULL;
    }

    p->tf = kstack_init(p->kstack, KSTACK_SIZE, forkret, &p->context);
    p->as = NULL;
    memset(&p->files, 0, sizeof(p->files));
    p->cwd = NULL;
    p->semundo = NULL;          /* a fork child starts with no undo records */
    memset(&p->cred, 0, sizeof(p->cred));   /* root, until start_child copies the parent's */
    p->umask = 022;             /* init's (Linux's default); start_child copies the parent's */
    p->ctid = 0;
    p->tls = 0;
    p->nheld = 0;
    return p;
}

/* Return a slot to UNUSED (lowering ptable_top past the UNUSED slots at
 * the top). Caller holds ptable_lock; the process owns no memory or files
 * any more. */
static void proc_release(struct proc *p)
{
    p->state = UNUSED;
    p->pid = 0;
    p->pgid = 0;
    p->parent = NULL;
    __atomic_store_n(&p->ppid, 0, __ATOMIC_RELAXED);
    p->killed = 0;
    p->autoreap = false;
    p->name[0] = '\0';
    p->cmdline[0] = '\0';
    int top = ptable_top;
    while (top > 0 && procs[top - 1].state == UNUSED)
        top--;
    __atomic_store_n(&ptable_top, top, __ATOMIC_RELAXED);
}

/* Give back an EMBRYO that never ran and owns nothing any more. */
static void proc_discard(struct proc *p)
{
    spin_lock(&ptable_lock);
    proc_release(p);
    spin_unlock(&ptable_lock);
}

/* Guards every leader's cwd pointer (a thread may chdir while another
 * resolves a path from the old directory: each takes a hold first). */
static struct spinlock cwd_lock = SPINLOCK_INIT("cwd");

struct tnode *proc_cwd_hold(struct proc *p)
{
    spin_lock(&cwd_lock);
    struct tnode *n = p->leader->cwd;
    tmpfs_hold(n);
    spin_unlock(&cwd_lock);
    return n;
}

void proc_cwd_set(struct proc *p, struct tnode *n)
{
    spin_lock(&cwd_lock);
    struct tnode *old = p->leader->cwd;
    p->leader->cwd = n;
    spin_unlock(&cwd_lock);
    tmpfs_put(old);
}

void proc_start_init(const char *cmdline)
{
    long err;
    struct proc *p = proc_alloc(&err);
    if (!p)
        panic("cannot create init: error %ld", -err);
    p->cwd = tmpfs_root();
    const char *argv[] = { "init", cmdline, NULL };
    if (!cmdline || !*cmdline)
        argv[1] = NULL;
    err = exec_image(p, "/bin/init", argv, NULL);
    if (err < 0)
        panic("cannot exec /bin/init: error %ld", -err);
    fdtable_init_console(&p->files);
    initproc = p;
    spin_lock(&ptable_lock);
    p->pgid = p->pid;
    make_runnable(p);
    spin_unlock(&ptable_lock);
}

/* Make a child of the caller running in as (a new copy for fork, the
 * caller's own for a thread; the child owns that reference from now on):
 * its registers are the caller's with eax = 0, files are copies. A fork
 * child (eip 0) continues with the caller's FPU state; a thread starts at
 * eip with stack esp and a fresh FPU state. In_group: the thread joins
 * the caller's group (pthreads), else it is a process of its own, the
 * child of the caller's process. The child's id, or -EINTR if the caller
 * was killed (or its process is ending) meanwhile, -ENOMEM if its
 * descriptors could not be copied (everything undone either way).
 * Called with p allocated as EMBRYO. */
static long start_child(struct proc *p, struct addrspace *as, uaddr_t eip, uaddr_t esp,
                      bool in_group)
{
    struct proc *cur = myproc();
    p->as = as;
    *p->tf = *cur->tf;
    tf_set_result(p->tf, 0);             /* the child's call returns 0 */
    if (eip) {
        tf_set_entry(p->tf, eip, esp);
        p->fpu = fpu_initial_state;
    } else {
        fpu_save(&p->fpu);               /* the parent's live registers */
    }
    /* A fork child gets copies of the process's descriptors; a thread of
     * the group uses the leader's table (file.c). */
    if (!in_group && fdtable_copy(&p->files, &cur->leader->files) < 0) {
        as_put(as);
        p->as = NULL;
        proc_discard(p);
        return -ENOMEM;
    }
    p->cred = *proc_cred(cur);         /* a thread of the group uses the leader's */
    p->umask = cur->leader->umask;
    if (!in_group)
        p->tls = cur->tls;              /* a group's new thread has its own, set by the caller */
    trace_fork(p);
    if (!in_group)
        p->cwd = proc_cwd_hold(cur);     /* a thread of the group uses the leader's */

    spin_lock(&ptable_lock);
    struct proc *lead = cur->leader;
    if (cur->killed || (in_group && lead->gstatus >= 0)) {
        /* A kill (e.g. Ctrl-C of the group) landed while the child was an
         * EMBRYO, which kill skips: the child must not escape it. */
        spin_unlock(&ptable_lock);
        goto close_copies;
    }
    if (in_group) {
        p->leader = lead;
        lead->nthreads++;
        p->parent = lead->parent;
        __atomic_store_n(&p->ppid, lead->ppid, __ATOMIC_RELAXED);
    } else {
        p->parent = lead;               /* a child of the process, whichever thread forked */
        __atomic_store_n(&p->ppid, lead->pid, __ATOMIC_RELAXED);
    }
    p->pgid = cur->pgid;
    signal_fork(p, cur);
    memcpy(p->name, cur->name, sizeof(p->name));
    memcpy(p->cmdline, cur->cmdline, sizeof(p->cmdline));
    runq_fork(p, cur);
    make_runnable(p);
    int pid = p->pid;
    spin_unlock(&ptable_lock);
    return pid;

close_copies:
    trace_drop(p);
    fdtable_close_all(&p->files);
    if (p->cwd)
        tmpfs_put(p->cwd);
    as_put(p->as);
    proc_discard(p);
    return -EINTR;
}

/* fork: a copy of the caller (memory, attachments, files, FPU
 * state). Returns the child's pid (0 in the child), -EAGAIN (table full),
 * -ENOMEM (no memory for its kernel stack or its copy), or -EINTR if the
 * caller was killed meanwhile. */
long sys_fork(void)
{
    long err;
    struct proc *p = proc_alloc(&err);
    if (!p)
        return err;
    struct addrspace *as = as_copy(myproc()->as);
    if (!as) {
        proc_discard(p);
        return -ENOMEM;
    }
    return start_child(p, as, 0, 0, false);
}

/* thread_create: a child process that shares the caller's address space (a
 * thread of control, as Plan 9's rfork(RFMEM)): it starts at eip with
 * stack pointer esp, eax 0 and a fresh FPU state; files are
 * copies, as for fork; waitpid reaps it. The address space lives until its
 * last thread exits or execs. Returns the pid, -EINVAL (eip or esp outside
 * user space), -EAGAIN (table full), -ENOMEM (no kernel stack) or -EINTR. */
long sys_thread_create(uaddr_t eip, uaddr_t esp)
{
    if (eip < USER_BASE || eip >= USER_TOP || esp < USER_BASE || esp > USER_TOP)
        return -EINVAL;
    long err;
    struct proc *p = proc_alloc(&err);
    if (!p)
        return err;
    struct addrspace *as = myproc()->as;
    as_hold(as);
    return start_child(p, as, eip, esp, false);
}

/* thread_new: a thread of the caller's process (pthread_create): it
 * shares the address space and the pid (getpid), has an id of its own
 * (gettid, returned here), starts at eip with stack esp, eax 0, a fresh
 * FPU state and %gs based at tls. Unless ctid is 0, the word there gets
 * the thread's id before the thread can run, and at its exit is zeroed
 * and one futex waiter on it woken (pthread_join). It shares the
 * process's descriptors, signal actions, current directory, umask and
 * credentials. -EINVAL (eip, esp, tls or ctid outside user space, ctid
 * unaligned), -EFAULT (ctid not writable), -EAGAIN (table full), -ENOMEM
 * (no kernel stack), -EINTR. */
long sys_thread_new(uaddr_t eip, uaddr_t esp, uaddr_t tls, uaddr_t ctid)
{
    if (eip < USER_BASE || eip >= USER_TOP || esp < USER_BASE || esp > USER_TOP ||
        tls >= USER_TOP || (ctid && (ctid < USER_BASE || ctid > USER_TOP - 4 || (ctid & 3))))
        return -EINVAL;
    long err;
    struct proc *p = proc_alloc(&err);
    if (!p)
        return err;
    if (ctid && copyout(ctid, &p->pid, sizeof(p->pid)) < 0) {
        proc_discard(p);
        return -EFAULT;
    }
    struct addrspace *as = myproc()->as;
    as_hold(as);
    p->ctid = ctid;
    p->tls = tls;
    return start_child(p, as, eip, esp, true);
}

void proc_exit(int wstatus)
{
    struct proc *p = myproc();
    if (p == initproc)
        panic("init exited (status 0x%x)", wstatus);
    struct proc *lead = p->leader;
    spin_lock(&ptable_lock);
    bool last = --lead->nthreads == 0;  /* no thread of the process can appear now */
    spin_unlock(&ptable_lock);
    thread_exit_notify(p);               /* pthread_join's word, while the memory is there */
    fd_release_held();
    semsys_exit(p);                      /* SEM_UNDO, also after a kill */
    trace_exit(p, wstatus);
    if (last) {                          /* what the process's threads shared */
        fdtable_close_all(&lead->files);
        tmpfs_put(lead->cwd);
        lead->cwd = NULL;
    }
    as_activate_kernel();
    as_put(p->as);                       /* the last thread out detaches every segment */
    p->as = NULL;

    spin_lock(&ptable_lock);
    p->xstatus = wstatus;
    p->state = ZOMBIE;
    p->autoreap = p != lead;            /* only the leader is waited for */
    if (!last) {
        if (p == lead && lead->ended)
            wakeup_locked(lead->parent);    /* the process ended while its leader was leaving */
        sched_exit();                   /* the process goes on, or its last thread reports */
    }

    /* The last thread out: the process has ended. Its leader may still
     * be on its way out (not yet a ZOMBIE): waitpid waits for both. */
    if (lead->gstatus >= 0)
        wstatus = lead->gstatus;
    for (int i = 0; i < ptable_bound(); i++) {
        if (procs[i].parent != lead)
            continue;
        procs[i].parent = initproc;      /* orphans go to init, which reaps them */
        __atomic_store_n(&procs[i].ppid, initproc->pid, __ATOMIC_RELAXED);
        if (procs[i].state == ZOMBIE)
            wakeup_locked(initproc);
    }
    lead->xstatus = wstatus;
    lead->ended = true;
    struct sigwhy why = {
        .code = WIFSIGNALED(wstatus) ? CLD_KILLED : CLD_EXITED, .pid = lead->pid,
        .status = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus),
    };
    signal_post_locked(lead->parent, SIGCHLD, &why);
    wakeup_locked(lead->parent);
    jobctl_exit_locked();               /* a group this exit orphaned */
    sched_exit();
}

void proc_exit_group(int wstatus)
{
    spin_lock(&ptable_lock);
    thread_group_end_locked(myproc(), wstatus);
    spin_unlock(&ptable_lock);
    proc_exit(wstatus);
}

/* _exit: ends the process, every thread of it (Linux's exit_group).
 * Never returns. */
long sys_exit(int status)
{
    proc_exit_group(W_EXITCODE(status, 0));
}

/* Does child q match waitpid's pid argument for parent cur? [ptable_lock] */
static bool wait_matches(const struct proc *q, const struct proc *cur, int pid)
{
    if (q->parent != cur->leader || q->leader != q)
        return false;                   /* the children of cur's process, not their threads */
    if (pid > 0)
        return q->pid == pid;
    if (pid == 0)
        return q->pgid == cur->pgid;
    if (pid < -1)
        return q->pgid == -pid;
    return true;
}

/* waitpid: reaps a matching zombie child (pid > 0: that one; -1: any; 0 or
 * < -1: of a group), or reports one that stopped (WUNTRACED) or continued
 * (WCONTINUED) since the last report, sleeping unless WNOHANG. Returns its
 * pid (0 with WNOHANG and none ready), -ECHILD, -EINVAL, -EFAULT or
 * -EINTR. */
long sys_waitpid(int pid, uaddr_t ustatus, int options)
{
    struct proc *cur = myproc();
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ECHILD;         /* no such group; -pid would overflow */
    spin_lock(&ptable_lock);
    for (;;) {
        bool have = false;
        for (int i = 0; i < ptable_bound(); i++) {
            struct proc *q = &procs[i];
            if (q->state == UNUSED || !wait_matches(q, cur, pid))
                continue;
            have = true;
            int qpid = q->pid, status = q->xstatus;
            if (q->state != ZOMBIE || !q->ended) {
                if (q->state == EMBRYO || !jobctl_wait_report_locked(q, options, &status))
                    continue;
            } else {
                runq_reap(cur, q);
                proc_release(q);
            }
            spin_unlock(&ptable_lock);
            if (ustatus && copyout(ustatus, &status, sizeof(status)) < 0)
                return -EFAULT;
            return qpid;
        }
        if (!have || (options & WNOHANG) || proc_killed()) {
            spin_unlock(&ptable_lock);
            return !have ? -ECHILD : (options & WNOHANG) ? 0 : -ERESTART;
        }
        sleep(cur->leader, &ptable_lock);   /* an exit wakes the parent's leader */
    }
}

int proc_signal(int pid, int sig, const struct sigwhy *why)
{
    int found = 0, denied = 0;
    struct proc *me = myproc();
    spin_lock(&ptable_lock);
    for (int i = 0; i < ptable_bound(); i++) {
        struct proc *p = &procs[i];
        if (p->state == UNUSED || p->state == EMBRYO || p->autoreap || p == initproc)
            continue;
        if (pid == SIGNAL_ALL ? me && p->leader == me->leader : pid > 0 ? p->pid != pid : p->pgid != -pid)
            continue;
        if (why->code == SI_USER && me && !cred_may_signal(proc_cred(me), proc_cred(p))) {
            denied++;           /* kill(2) across users */
            continue;
        }
        found++;
        struct proc *to = thread_signal_target_locked(p);
        if (to && sig != 0)
            signal_post_locked(to, sig, why);
    }
    spin_unlock(&ptable_lock);
    return found ? 0 : denied ? -EPERM : -ESRCH;
}

/* kill: pid > 0 a process, 0 the caller's group, < -1 group -pid, -1
 * every process but init and the caller (as Linux); sig 0 only checks.
 * 0, -EINVAL, -ESRCH (no process reached) or -EPERM (init). */
long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig >= NSIG)
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH;          /* -pid would overflow */
    if (pid == 1)
        return -EPERM;               /* init cannot be killed */
    if (pid == 0)
        pid = -myproc()->pgid;
    if (pid == -1)
        pid = SIGNAL_ALL;
    struct sigwhy why = { .code = SI_USER, .pid = myproc()->pid };
    return proc_signal(pid, sig, &why);
}

/* getpid: no lock: a process's own pid does not change while it runs. */
long sys_getpid(void)
{
    return myproc()->leader->pid;
}

/* getppid: no lock (a null call must stay cheap): ppid is updated
 * together with parent, under ptable_lock, whenever the parent changes. */
long sys_getppid(void)
{
    return __atomic_load_n(&myproc()->ppid, __ATOMIC_RELAXED);
}

/* Does a live process belong to group pgid? Caller holds ptable_lock. */
static bool group_exists_locked(int pgid)
{
    for (int i = 0; i < ptable_bound(); i++)
        if (procs[i].state != UNUSED && procs[i].state != ZOMBIE && procs[i].pgid == pgid)
            return true;
    return false;
}

bool proc_group_exists(int pgid)
{
    spin_lock(&ptable_lock);
    bool exists = group_exists_locked(pgid);
    spin_unlock(&ptable_lock);
    return exists;
}

/* Put pid (0: the caller), the caller or one of its children, into group
 * pgid (0: its own pid), which must then be its own or an existing group.
 * 0, -EINVAL, -ESRCH or -EPERM (as Linux, without sessions). */
long sys_setpgid(int pid, int pgid)
{
    struct proc *cur = myproc();
    if (pgid < 0)
        return -EINVAL;
    int err = -ESRCH;
    spin_lock(&ptable_lock);
    for (int i = 0; i < ptable_bound(); i++) {
        struct proc *p = &procs[i];
        if (p->state == UNUSED || p->state == ZOMBIE)
            continue;
        if (pid == 0 ? p != cur : p->pid != pid)
            continue;
        if (p != cur && p->parent != cur) {
            err = -ESRCH;
            break;
        }
        int target = pgid ? pgid : p->pid;
        if (target != p->pid && !group_exists_locked(target)) {
            err = -EPERM;
            break;
        }
        p->pgid = target;
        err = 0;
        break;
    }
    spin_unlock(&ptable_lock);
    return err;
}

long sys_getpgrp(void)
{
    spin_lock(&ptable_lock);
    int pgid = myproc()->pgid;
    spin_unlock(&ptable_lock);
    return pgid;
}

void proc_set_name(struct proc *p, const char *path, const char *const argv[])
{
    const char *name = path + strlen(path);
    while (name > path && name[-1] != '/')
        name--;
    char line[PROC_CMDLINE_MAX];
    size_t len = 0;
    for (int i = 0; argv && argv[i] && len + 1 < sizeof(line); i++) {
        if (i > 0)
            line[len++] = ' ';
        len += strlcpy(line + len, argv[i], sizeof(line) - len);
        len = MIN(len, sizeof(line) - 1);      /* strlcpy returns what it would have copied */
    }
    line[len] = '\0';
    spin_lock(&ptable_lock);
    strlcpy(p->name, name, sizeof(p->name));
    memcpy(p->cmdline, line, sizeof(line));
    spin_unlock(&ptable_lock);
}

int proc_cmdline(int pid, char *line)
{
    int len = -ESRCH;
    spin_lock(&ptable_lock);
    for (int i = 0; i < ptable_bound() && len < 0; i++) {
        const struct proc *p = &procs[i];
        if (p->pid == pid && p->state != UNUSED && !p->autoreap) {
            memcpy(line, p->cmdline, PROC_CMDLINE_MAX);
            len = (int)strlen(line);
        }
    }
    spin_unlock(&ptable_lock);
    return len;
}

/* Pages mapped in p's address space (shared: those of shmem objects),
 * for ps: read once and racily (exit and exec change p->as without
 * ptable_lock; the pool slot it points to is never unmapped, so at worst
 * the count is stale). */
static uint32_t pages_of(const struct proc *p, bool shared)
{
    const struct addrspace *as = __atomic_load_n(&p->as, __ATOMIC_RELAXED);
    return !as ? 0 : shared ? as->nshared : as->npages;
}

/* p's CPU time in ms, for ps (racy unless p is the caller). */
static uint32_t cpu_ms_of(const struct proc *p)
{
    uint64_t u, s;
    runq_cputime(p, &u, &s);
    return (uint32_t)((u + s) / 1000000u);
}

/* pid's address space pointer, read once (see pages_of), or NULL; *denied
 * if the caller may not signal pid (and so may not look inside it). */
static struct addrspace *as_of_pid(int pid, bool *denied)
{
    struct addrspace *as = NULL;
    const struct proc *cur = myproc();
    spin_lock(&ptable_lock);
    for (int i = 0; i < ptable_bound(); i++) {
        const struct proc *p = &procs[i];
        if (p->pid == pid && p->state != UNUSED && p->state != ZOMBIE) {
            *denied = !cred_may_signal(proc_cred(cur), proc_cred(p));
            as = __atomic_load_n(&p->as, __ATOMIC_RELAXED);
        }
    }
    spin_unlock(&ptable_lock);
    return as;
}

int proc_as_get(int pid, struct addrspace **out)
{
    /* Hold what pid pointed to, then check it still does: a slot freed
     * (and perhaps reused) meanwhile is refused or, if pid points to it
     * again, is pid's. */
    bool denied = false;
    struct addrspace *as = pid > 0 ? as_of_pid(pid, &denied) : NULL;
    if (as && denied)
        return -EPERM;
    if (!as || !as_hold_live(as))
        return -ESRCH;
    if (as_of_pid(pid, &denied) != as || denied) {
        as_put(as);
        return denied ? -EPERM : -ESRCH;
    }
    *out = as;
    return 0;
}

int proc_snapshot(struct procinfo *out, int max, int *slot)
{
    int n = 0;
    spin_lock(&ptable_lock);
    for (; *slot < ptable_bound() && n < max; ++*slot) {
        struct proc *p = &procs[*slot];
        if (p->state == UNUSED || p->autoreap)
            continue;
        out[n] = (struct procinfo){
            .pid = p->pid,
            .ppid = p->parent ? p->parent->pid : 0,
            .pgid = p->pgid,
            .state = jobctl_stopped(p) && p->state == SLEEPING ? PS_STOPPED : (int)p->state,
            .pages = pages_of(p, false),
            .shared_pages = pages_of(p, true),
            .uid = p->cred.euid,
            .cpu = p->state == RUNNING ? p->cpu : -1,
            .nice = p->sch.nice,
            .cpu_ms = cpu_ms_of(p),
            .tgid = p->leader->pid,
        };
        memcpy(out[n].name, p->name, sizeof(out[n].name));
        n++;
    }
    spin_unlock(&ptable_lock);
    return n;
}

int proc_count(void)
{
    int n = 0;
    spin_lock(&ptable_lock);
    for (int i = 0; i < ptable_bound(); i++)
        if (procs[i].state != UNUSED && !procs[i].autoreap)
            n++;
    spin_unlock(&ptable_lock);
    return n;
}
