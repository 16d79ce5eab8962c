/* <termios.h> over the console's ioctls. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

_Static_assert(sizeof(struct termios) == sizeof(struct shmos_termios), "termios layout");
_Static_assert(sizeof(struct winsize) == sizeof(struct shmos_winsize), "winsize layout");

int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int when, const struct termios *t)
{
    static const unsigned long req[] = { [TCSANOW] = TCSETS, [TCSADRAIN] = TCSETSW,
                                         [TCSAFLUSH] = TCSETSF };
    if (when < TCSANOW || when > TCSAFLUSH) {
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, req[when], t);
}

void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(unsigned)OPOST;
    t->c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(unsigned)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

speed_t cfgetispeed(const struct termios *t)
{
    return t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
    return t->c_ospeed;
}

/* A speed is one of the B* codes (CBAUD's bits). */
static int set_speed(speed_t *field, struct termios *t, speed_t s)
{
    if (s & ~(speed_t)CBAUD) {
        errno = EINVAL;
        return -1;
    }
    *field = s;
    t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | s;
    return 0;
}

int cfsetispeed(struct termios *t, speed_t s)
{
    return set_speed(&t->c_ispeed, t, s);
}

int cfsetospeed(struct termios *t, speed_t s)
{
    return set_speed(&t->c_ospeed, t, s);
}

int tcflush(int fd, int queue)
{
    return ioctl(fd, TCFLSH, queue);
}

/* Output is written synchronously: nothing to wait for once fd is a
 * terminal. */
int tcdrain(int fd)
{
    struct termios t;
    return tcgetattr(fd, &t);
}

pid_t tcgetpgrp(int fd)
{
    int pgrp;
    return ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}
