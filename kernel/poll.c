/* poll: a poller checks each file's poll op; if none is ready it sleeps
 * on one channel that every file kind's state change bumps
 * (poll_notify). A generation counter closes the race between a poller's
 * checks and its sleep: a change after the checks bumps it, so the
 * poller does not sleep (or is woken). poll_notify costs one atomic load
 * while nobody polls. */
#include "poll.h"
#include "file.h"
#include "kalloc.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "time.h"
#include "uaccess.h"
#include "shmos/poll.h"

#define POLL_MAX (PAGE_SIZE / sizeof(struct shmos_pollfd))   /* descriptors per call */

static struct spinlock poll_lock = SPINLOCK_INIT("poll");
static uint32_t poll_gen;       /* [poll_lock] bumped at every notify; [atomic] reads */
static uint32_t npollers;       /* [atomic] processes inside poll */

void poll_notify(void)
{
    if (!__atomic_load_n(&npollers, __ATOMIC_SEQ_CST))
        return;
    spin_lock(&poll_lock);
    __atomic_store_n(&poll_gen, poll_gen + 1, __ATOMIC_SEQ_CST);
    wakeup(&poll_gen);
    spin_unlock(&poll_lock);
}

/* Fill each entry's revents; returns how many are non-zero. */
static int poll_scan(struct shmos_pollfd *fds, uint32_t n)
{
    int ready = 0;
    for (uint32_t i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        struct file *f = fd_hold(fds[i].fd);    /* many: held and let go one by one */
        short ev = !f ? POLLNVAL : f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;
        if (f)
            file_close(f);
        if (ev & POLLIN)
            ev |= POLLRDNORM;
        if (ev & POLLOUT)
            ev |= POLLWRNORM;
        fds[i].revents = ev & (fds[i].events | POLLERR | POLLHUP | POLLNVAL);
        if (fds[i].revents)
            ready++;
    }
    return ready;
}

/* poll: waits until one of the nfds files has an event asked for (or an
 * error, hang-up, bad fd), timeout ms pass (< 0: forever; 0: do not wait)
 * or a signal comes. The number of entries with events, 0 on a timeout,
 * -EINTR (never restarted, as on Linux), -EINVAL (more than POLL_MAX),
 * -EFAULT, -ENOMEM. */
long sys_poll(uaddr_t ufds, uint32_t nfds, int timeout)
{
    if (nfds > POLL_MAX)
        return -EINVAL;
    struct shmos_pollfd *fds = kalloc();
    if (!fds)
        return -ENOMEM;
    size_t bytes = nfds * sizeof(*fds);
    long r = -EFAULT;
    if (nfds && copyin(fds, ufds, bytes) < 0)
        goto free_fds;
    uint64_t deadline = timeout > 0 ? time_ns() + (uint64_t)timeout * 1000000ull : 0;
    __atomic_add_fetch(&npollers, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        uint32_t gen = __atomic_load_n(&poll_gen, __ATOMIC_SEQ_CST);
        r = poll_scan(fds, nfds);
        if (r > 0 || timeout == 0 || (deadline && time_ns() >= deadline))
            break;
        if (proc_killed()) {
            r = -EINTR;
            break;
        }
        spin_lock(&poll_lock);
        if (poll_gen == gen)
            sleep_until(&poll_gen, &poll_lock, deadline);
        spin_unlock(&poll_lock);
    }
    __atomic_sub_fetch(&npollers, 1, __ATOMIC_SEQ_CST);
    if (r >= 0 && nfds && copyout(ufds, fds, bytes) < 0)
        r = -EFAULT;
free_fds:
    kfree(fds);
    return r;
}
