/* Processes (proc.c): the process record, creation (fork, threads, the
 * first process), exit, wait, kill and process groups. The scheduler's
 * half is sched.h; what only proc.c and sched.c share is ptable.h.
 * Lock tags: docs/architecture.md, "Locking". Exceptions, each safe as a
 * plain aligned 32-bit read: a process reads its own pid without the lock
 * (it cannot change while it runs); the scheduler reads the as pointer of
 * a RUNNABLE process under ptable_lock (its owner is not running, so not
 * changing it); ps reads the as pointer once, atomically, and as->npages
 * racily (a statistic). */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include "types.h"
#include "arch.h"
#include "file.h"
#include "signal.h"
#include "cred.h"
#include "shmos/sysinfo.h"
#include "shmos/wait.h"
#include "runq.h"

#define NPROC PROC_TABLE_SIZE     /* 1024 (shmos/sysinfo.h, for ps) */
#define KSTACK_SIZE 8192

/* state is [ptable_lock], except that RUNNABLE <-> RUNNING (and the
 * running process's own RUNNING -> RUNNABLE at a yield) change under the
 * run queue lock of its CPU: no one but the scheduler acts on those. */
enum proc_state { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct addrspace;
struct tnode;
struct sem_undo;
struct proc {
    enum proc_state state;      /* [ptable_lock] (see enum proc_state) */
    int pid;                    /* [ptable_lock] written at allocation; the process reads its own freely */
    int pgid;                   /* [ptable_lock] process group (for Ctrl-C) */
    struct proc *parent;        /* [ptable_lock] */
    int ppid;                   /* [atomic] parent->pid, stored with parent under ptable_lock;
                                 * getppid reads it without the lock */
    void *chan;                 /* [ptable_lock] what a SLEEPING process waits for */
    uint64_t wake_at;           /* [ptable_lock] time_ns() at which a timed sleep ends; 0: untimed */
    int killed;                 /* [ptable_lock] signal that will terminate it, or 0 */
    struct sigstate sig;        /* signal actions, mask, pending set (signal.h) */
    int xstatus;                /* [ptable_lock] wait status, valid once ZOMBIE */
    char name[PROC_NAME_MAX];   /* [ptable_lock] program name (ps reads it) */
    char cmdline[PROC_CMDLINE_MAX]; /* [ptable_lock] exec's arguments joined by spaces (ps) */

    struct addrspace *as;       /* [O] regions and page directory, shared by its threads */
    int cpu;                    /* [runq] CPU it runs or last ran on, or whose queue it is on
                                 * (its home: runq.c); a SLEEPING one's [ptable_lock] */
    struct schedinfo sch;       /* run queue, vruntime, nice, CPU time (runq.h) */
    struct fdtable files;       /* open files: a leader's serve its whole group (file.h) */
    struct file *held[FD_HELD_MAX]; /* [O] files fd_get holds until the current call ends */
    int nheld;                  /* [O] */
    struct tnode *cwd;          /* [cwd_lock] a leader's: its process's current directory (a
                                 * hold on it); NULL in the group's other threads */
    uint32_t umask;             /* [O] a leader's: the permission bits a new file or directory
                                 * of its process does not get (copied by fork, kept by exec) */
    struct file *trace;         /* [O] pipe its system calls are reported to, or NULL (trace.c) */
    int trace_flags;            /* [O] TRACE_FORK: its new children are traced too */
    char *kstack;               /* [I] bottom of the kernel stack (a guard page below) */
    struct trapframe *tf;       /* [O] user registers, top of kstack */
    struct context *context;    /* [runq] saved kernel registers for swtch (valid once sch.on_cpu is clear) */
    struct fpu_state fpu;       /* [O] x87/SSE registers while switched out */
    struct sem_undo *semundo;   /* [sem_lock] its System V undo records (sem_sysv.c) */
    struct cred cred;           /* [O] a leader's: its process's user and group ids, copied by
                                 * fork (proc_cred; cred.h: kill reads ruid/suid racily) */

    /* Thread groups (thread.c): a process is a group of threads sharing its
     * address space; its first thread, the leader, gives it its pid. */
    struct proc *leader;        /* [I] the group's leader (the process itself if single) */
    int nthreads;               /* [ptable_lock] in a leader: its group's threads that have not
                                 * begun to exit (file.c reads it racily: see table_shared) */
    int gstatus;                /* [ptable_lock] in a leader: the group's wait status once
                                 * exit or a fatal signal ended it, -1 before */
    bool ended;                 /* [ptable_lock] in a leader: its group's last thread has
                                 * exited (waitpid may reap it once it is a ZOMBIE too) */
    bool autoreap;              /* [ptable_lock] a ZOMBIE thread no one waits for: its slot
                                 * is free once no CPU is on its stack (sch.on_cpu) */
    uaddr_t ctid;               /* [O] user word zeroed and futex-woken at the thread's exit, or 0 */
    uaddr_t tls;                /* [O] base of the thread's %gs segment (thread-local storage) */
};

/* The process running on this CPU (NULL in the scheduler). Inline, as
 * the next two: the system-call path runs them on every call. */
static inline struct proc *myproc(void)
{
    return mycpu_proc();        /* mycpu()->proc, in one load */
}

/* The credentials of p's process: every thread of it uses its leader's.
 * Its threads change them ([O] for the process); each id is one word, so
 * a thread checking them while another changes them sees, for each id,
 * the old value or the new. */
static inline struct cred *proc_cred(const struct proc *p)
{
    return &p->leader->cred;
}
/* The current directory of p's process, with a hold the caller drops
 * (tmpfs_put). */
struct tnode *proc_cwd_hold(struct proc *p);
/* Make n (held: the process takes the hold) p's process's current
 * directory, dropping the old one. */
void proc_cwd_set(struct proc *p, struct tnode *n);

/* Boot: place every slot's kernel stack in the guarded window (its pages
 * come when the slot is first used). */
void proc_init(void);
/* The slot whose kernel stack's guard page holds addr, or NULL. Takes no
 * lock (the double-fault path): kstack is [I]. */
const struct proc *proc_of_kstack_guard(uintptr_t addr);
/* Create pid 1 running /bin/init with the given argument (may be NULL). */
void proc_start_init(const char *cmdline);
/* End the current thread with wait status wstatus; the last thread of
 * its group to end ends the process (whose status is then the group's,
 * if exit or a fatal signal set one, else wstatus). Never returns. */
NORETURN void proc_exit(int wstatus);
/* End the whole process: every thread of the caller's group, with wait
 * status wstatus (unless a status was already set). Never returns. */
NORETURN void proc_exit_group(int wstatus);
/* Must the current process's sleep end: has it been killed (it will exit
 * on its way to user mode), or has it a pending signal it does not block
 * (its handler runs on the way out)? Every interruptible sleeping loop
 * checks it. killed is set once and never cleared while the process
 * lives, pending bits only the process itself clears: a racy read is
 * fine. */
static inline bool proc_killed(void)
{
    struct proc *p = myproc();
    return p->killed != 0 || (p->sig.pending & ~p->sig.mask) != 0;
}
/* Exit the current process, now, if it has been killed. */
static inline void proc_check_killed(void)
{
    struct proc *p = myproc();
    if (p && p->killed)
        proc_exit(W_EXITCODE(0, p->killed));
}
/* Send sig to pid (> 0), to process group -pid, or (SIGNAL_ALL) to every
 * process but the caller; never to init. With siginfo why; from kill
 * (SI_USER) only to processes the caller may signal (cred_may_signal).
 * Returns 0, -EPERM (found only such others) or -ESRCH (none reached). */
#define SIGNAL_ALL INT32_MIN
int proc_signal(int pid, int sig, const struct sigwhy *why);
/* Does a live process belong to group pgid? */
bool proc_group_exists(int pgid);
/* Set p's name (for ps) to the last component of path, and its command
 * line to argv (NULL-terminated) joined by spaces, cut to fit. */
void proc_set_name(struct proc *p, const char *path, const char *const argv[]);
/* Copy live process pid's command line into line (PROC_CMDLINE_MAX
 * bytes, NUL-terminated); its length, or -ESRCH. */
int proc_cmdline(int pid, char *line);
/* The address space of live process pid in *out, with a reference the
 * caller drops (as_put): 0, -ESRCH (no such process, or it is exiting),
 * or -EPERM (the caller may not signal it: another user's, unless root).
 * Safe against the process exiting or exec'ing meanwhile. */
int proc_as_get(int pid, struct addrspace **out);
/* Fill up to max records for ps from the slots at *slot on, advancing
 * *slot past the slots looked at; returns how many (0: none left). */
int proc_snapshot(struct procinfo *out, int max, int *slot);
/* Processes in the table (leak checks). */
int proc_count(void);
#endif
