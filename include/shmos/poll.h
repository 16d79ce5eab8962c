/* poll (kernel/poll.c): struct pollfd and the event bits, Linux's. */
#ifndef SHMOS_POLL_H
#define SHMOS_POLL_H
#include <stdint.h>
struct shmos_pollfd {
    int32_t fd;
    int16_t events, revents;
};
#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#endif
