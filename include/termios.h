/* Terminal settings of the console (POSIX <termios.h>): glibc's struct
 * layout and Linux's flag values (<shmos/termios.h>). The console honours
 * ICANON, ECHO, ECHOE, ECHONL, ISIG, NOFLSH, IEXTEN (Ctrl-W), ICRNL,
 * INLCR, IGNCR and c_cc's VINTR, VQUIT, VSUSP, VERASE, VKILL, VEOF, VEOL,
 * VWERASE, VMIN and VTIME; the rest are stored and read back. */
#ifndef _TERMIOS_H
#define _TERMIOS_H
#include <sys/types.h>
#include <shmos/termios.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

struct termios {
    tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
    cc_t c_line;
    cc_t c_cc[NCCS];
    speed_t c_ispeed, c_ospeed;
};

struct winsize {
    unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* tcsetattr's when. */
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2
/* tcflush's queue. */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* 0, or -1 with EBADF or ENOTTY (not the console). */
int tcgetattr(int fd, struct termios *t);
/* when: TCSANOW, TCSADRAIN (output is never queued: the same), TCSAFLUSH
 * (typed input not yet read is dropped). 0, or -1 with EBADF, ENOTTY,
 * EINVAL. */
int tcsetattr(int fd, int when, const struct termios *t);
/* Raw mode: no echo, no line editing, no signal characters, no CR/NL
 * translation, 8-bit bytes, read() returns each byte (VMIN 1, VTIME 0). */
void cfmakeraw(struct termios *t);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int cfsetispeed(struct termios *t, speed_t s);
int cfsetospeed(struct termios *t, speed_t s);
int tcflush(int fd, int queue);
int tcdrain(int fd);
pid_t tcgetpgrp(int fd);
#endif
