/* poll over pipes, the console and files (POSIX <poll.h>; Linux's values). */
#ifndef _POLL_H
#define _POLL_H
#include <shmos/poll.h>

typedef unsigned int nfds_t;
struct pollfd {
    int fd;                     /* < 0: skipped */
    short events;               /* POLLIN, POLLOUT, ... asked for */
    short revents;              /* what holds (POLLERR, POLLHUP, POLLNVAL always reported) */
};
/* Waits up to timeout ms (< 0: forever) for an event; the number of
 * entries with events, 0 on a timeout, or -1 with EINTR (a signal),
 * EINVAL (more than 512 entries), EFAULT. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
#endif
