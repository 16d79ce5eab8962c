/* ioctl (the console's requests: <shmos/termios.h>; TIOCGWINSZ answers
 * 80x24 unless TIOCSWINSZ set another size). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#include <termios.h>
/* -1 with ENOTTY when fd is not the console or req unknown. */
int ioctl(int fd, unsigned long req, ...);
#endif
