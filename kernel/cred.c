/* Credentials: the get/set id system calls with Linux's rules, and the
 * permission checks of cred.h. Privilege is euid 0 (Linux: CAP_SETUID,
 * CAP_SETGID, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_KILL, all of which root
 * has). Each call changes only the calling process (Linux's kernel does
 * the same per thread; its libc then repeats the call in every thread). */
#include "cred.h"
#include "proc.h"
#include "syscall_proto.h"
#include "uaccess.h"
#include "lib.h"
#include "shmos/errno.h"
#include "shmos/stat.h"

bool cred_in_group(const struct cred *c, uint32_t gid)
{
    if (c->egid == gid)
        return true;
    for (uint32_t i = 0; i < c->ngroups; i++)
        if (c->groups[i] == gid)
            return true;
    return false;
}

int cred_permit(const struct cred *c, uint32_t uid, uint32_t gid, uint32_t mode, int want)
{
    if (c->euid == 0) {
        bool dir = (mode & S_IFMT) == S_IFDIR;
        return !(want & MAY_EXEC) || dir || (mode & 0111) ? 0 : -EACCES;
    }
    uint32_t bits = c->euid == uid ? mode >> 6 : cred_in_group(c, gid) ? mode >> 3 : mode;
    return ((uint32_t)want & ~bits & 7) ? -EACCES : 0;
}

int cred_owns(const struct cred *c, uint32_t uid, uint32_t cuid)
{
    return c->euid == 0 || c->euid == uid || c->euid == cuid ? 0 : -EPERM;
}

int cred_may_chown(const struct cred *c, uint32_t uid, uint32_t gid, uint32_t nuid, uint32_t ngid)
{
    if (c->euid == 0)
        return 0;
    bool uid_ok = nuid == CRED_ID_KEEP || (nuid == uid && c->euid == uid);
    bool gid_ok = ngid == CRED_ID_KEEP || (c->euid == uid && (ngid == gid || cred_in_group(c, ngid)));
    return uid_ok && gid_ok ? 0 : -EPERM;
}

bool cred_may_signal(const struct cred *s, const struct cred *t)
{
    uint32_t truid = __atomic_load_n(&t->ruid, __ATOMIC_RELAXED);
    uint32_t tsuid = __atomic_load_n(&t->suid, __ATOMIC_RELAXED);
    return s->euid == 0 || s->ruid == truid || s->ruid == tsuid
        || s->euid == truid || s->euid == tsuid;
}

/* One id triple (real, effective, saved) of a process: user or group. */
struct idset { uint32_t *r, *e, *s; };

static struct idset ids_of(struct cred *c, bool group)
{
    return group ? (struct idset){ &c->rgid, &c->egid, &c->sgid }
                 : (struct idset){ &c->ruid, &c->euid, &c->suid };
}

/* Is id CRED_ID_KEEP or one of the set's current ids? */
static bool is_own(struct idset t, uint32_t id)
{
    return id == CRED_ID_KEEP || id == *t.r || id == *t.e || id == *t.s;
}

/* Store the three ids (CRED_ID_KEEP: unchanged), each one aligned word (kill
 * reads ruid and suid racily). */
static void store_ids(struct idset t, uint32_t r, uint32_t e, uint32_t s)
{
    if (r != CRED_ID_KEEP)
        __atomic_store_n(t.r, r, __ATOMIC_RELAXED);
    if (e != CRED_ID_KEEP)
        __atomic_store_n(t.e, e, __ATOMIC_RELAXED);
    if (s != CRED_ID_KEEP)
        __atomic_store_n(t.s, s, __ATOMIC_RELAXED);
}

void cred_exec(struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid, bool setid_ok)
{
    uint32_t euid = c->euid, egid = c->egid;
    if (setid_ok && (mode & S_ISUID))
        euid = uid;
    if (setid_ok && (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
        egid = gid;
    store_ids(ids_of(c, false), CRED_ID_KEEP, euid, euid);
    store_ids(ids_of(c, true), CRED_ID_KEEP, egid, egid);
}

static bool privileged(void)
{
    return proc_cred(myproc())->euid == 0;
}

/* setresuid/setresgid: root sets any; others each id only to one of the
 * three current ones. 0 or -EPERM. */
static long set_res(bool group, uint32_t r, uint32_t e, uint32_t s)
{
    struct idset t = ids_of(proc_cred(myproc()), group);
    if (!privileged() && !(is_own(t, r) && is_own(t, e) && is_own(t, s)))
        return -EPERM;
    store_ids(t, r, e, s);
    return 0;
}

/* setuid/setgid: root sets all three; others only the effective id, to
 * the real or saved one. 0 or -EPERM. */
static long set_one(bool group, uint32_t id)
{
    struct idset t = ids_of(proc_cred(myproc()), group);
    if (id == CRED_ID_KEEP)
        return -EINVAL;
    if (privileged()) {
        store_ids(t, id, id, id);
        return 0;
    }
    if (id != *t.r && id != *t.s)
        return -EPERM;
    store_ids(t, CRED_ID_KEEP, id, CRED_ID_KEEP);
    return 0;
}

/* setreuid/setregid: root sets any; others the real id to the real or
 * effective one, the effective to any of the three. The saved id becomes
 * the new effective one if the real id is set or the effective one is
 * set to something other than the old real id. 0 or -EPERM. */
static long set_re(bool group, uint32_t r, uint32_t e)
{
    struct idset t = ids_of(proc_cred(myproc()), group);
    if (!privileged()) {
        bool r_ok = r == CRED_ID_KEEP || r == *t.r || r == *t.e;
        if (!r_ok || !is_own(t, e))
            return -EPERM;
    }
    uint32_t s = CRED_ID_KEEP;
    if (r != CRED_ID_KEEP || (e != CRED_ID_KEEP && e != *t.r))
        s = e != CRED_ID_KEEP ? e : *t.e;
    store_ids(t, r, e, s);
    return 0;
}

long sys_getuid(void)  { return proc_cred(myproc())->ruid; }
long sys_geteuid(void) { return proc_cred(myproc())->euid; }
long sys_getgid(void)  { return proc_cred(myproc())->rgid; }
long sys_getegid(void) { return proc_cred(myproc())->egid; }
long sys_setuid(uint32_t uid) { return set_one(false, uid); }
long sys_setgid(uint32_t gid) { return set_one(true, gid); }
long sys_setreuid(uint32_t r, uint32_t e) { return set_re(false, r, e); }
long sys_setregid(uint32_t r, uint32_t e) { return set_re(true, r, e); }
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s) { return set_res(false, r, e, s); }
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s) { return set_res(true, r, e, s); }

/* getgroups: size 0 asks for the count; else the groups into list, or
 * -EINVAL if size is smaller than the count (or negative), -EFAULT. */
long sys_getgroups(int size, uaddr_t list)
{
    const struct cred *c = proc_cred(myproc());
    if (size == 0)
        return (long)c->ngroups;
    if (size < 0 || (uint32_t)size < c->ngroups)
        return -EINVAL;
    int err = copyout(list, c->groups, c->ngroups * sizeof(uint32_t));
    return err < 0 ? err : (long)c->ngroups;
}

/* setgroups: root only (-EPERM); at most CRED_NGROUPS (-EINVAL); -EFAULT. */
long sys_setgroups(int size, uaddr_t list)
{
    if (!privileged())
        return -EPERM;
    if (size < 0 || size > CRED_NGROUPS)
        return -EINVAL;
    uint32_t g[CRED_NGROUPS];
    int err = copyin(g, list, (uint32_t)size * sizeof(uint32_t));
    if (err < 0)
        return err;
    struct cred *c = proc_cred(myproc());
    memcpy(c->groups, g, (uint32_t)size * sizeof(uint32_t));
    c->ngroups = (uint32_t)size;
    return 0;
}
