/* poll (poll.c): waiting for any of several files to become ready. */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H
/* A file's poll state may have changed: wake the pollers, if any (one
 * atomic load when there are none). Any context; take no lock but the
 * ones poll.c's lock-order row allows above it. */
void poll_notify(void);
#endif
