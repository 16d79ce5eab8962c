/* futex() operations and flags (Linux's numbers), shared by the kernel
 * and the C library. */
#ifndef SHMOS_FUTEX_H
#define SHMOS_FUTEX_H
#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET   10
#define FUTEX_PRIVATE_FLAG  128     /* the word is not shared with another process */
#define FUTEX_CLOCK_REALTIME 256    /* WAIT_BITSET: the deadline is on CLOCK_REALTIME */
#define FUTEX_CMD_MASK      (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#endif
