/* The serial console as a terminal: output goes straight to the UART;
 * input goes through a line discipline ruled by its termios settings
 * (<shmos/termios.h>): canonical mode (ICANON: line editing with erase,
 * kill and word erase, read() returns completed lines, VEOF ends one)
 * or raw bytes (VMIN/VTIME decide when read() returns), echo (ECHO), the
 * signal characters (ISIG: VINTR -> SIGINT, VQUIT -> SIGQUIT, VSUSP ->
 * SIGTSTP to the foreground group) and CR/NL translation (ICRNL, INLCR,
 * IGNCR). Output is not post-processed beyond the UART's '\n' -> "\r\n".
 * A reader outside the foreground group gets SIGTTIN (or EIO), a writer
 * SIGTTOU under TOSTOP (jobctl.h). */
#include "console.h"
#include "file.h"
#include "jobctl.h"
#include "poll.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "time.h"
#include "uaccess.h"
#include "shmos/poll.h"
#include "shmos/signal.h"
#include "shmos/stat.h"
#include "shmos/termios.h"

#define LINE_MAX   256          /* longest line, '\n' included */
#define INPUT_SIZE 1024         /* bytes waiting for read() */
#define NLINES     32           /* completed lines waiting (canonical mode) */
#define OUT_CHUNK  256          /* write() bounces this much at a time */
#define CTRL(c)    ((c) - '@')
#define WIN_ROWS   24           /* what TIOCGWINSZ answers until told otherwise */
#define WIN_COLS   80

/* Every field is [cons.lock]. */
static struct {
    struct spinlock lock;
    struct shmos_termios tio;   /* the settings */
    struct shmos_winsize win;
    char edit[LINE_MAX];        /* the line being typed (canonical mode) */
    uint32_t edit_len;
    char input[INPUT_SIZE];     /* bytes for read(), a ring */
    uint32_t in_r, in_w;        /* bytes consumed / produced (wrap) */
    uint16_t line_left[NLINES]; /* canonical: unread bytes of each completed line, a ring */
    uint32_t line_r, line_w;    /* lines consumed / produced (wrap) */
    uint64_t last_byte_ns;      /* raw: time_ns() of the last byte queued (VTIME) */
    bool last_cr;               /* previous byte was '\r': a following '\n' is the same Enter */
    int fg_pgid;                /* foreground process group (Ctrl-C), 0 = none */
} cons = {
    .lock = SPINLOCK_INIT("console"),
    .tio = {
        .c_iflag = ICRNL | IXON,
        .c_oflag = OPOST | ONLCR,
        .c_cflag = B38400 | CS8 | CREAD | HUPCL,
        .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
        .c_cc = {
            [VINTR] = CTRL('C'), [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = CTRL('U'),
            [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1, [VSTART] = CTRL('Q'),
            [VSTOP] = CTRL('S'), [VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
            [VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
        },
        .c_ispeed = B38400, .c_ospeed = B38400,
    },
    .win = { .ws_row = WIN_ROWS, .ws_col = WIN_COLS },
};

static const struct file_ops console_ops;

struct file *console_open(void)
{
    return file_alloc(FT_CONSOLE, &console_ops, true, true);
}

static void echo_str(const char *s)
{
    while (*s)
        serial_putc(*s++);
}

static bool canonical(void)
{
    return cons.tio.c_lflag & ICANON;
}

static bool echoing(void)
{
    return cons.tio.c_lflag & ECHO;
}

/* Readers and pollers: input arrived. Needs cons.lock. */
static void input_ready(void)
{
    wakeup(&cons.in_w);
    poll_notify();
}

/* Queue the edit buffer as a completed line and wake readers. When the queue
 * is full the line is dropped: nobody has been reading for 32 lines / 1 KiB.
 * Needs cons.lock. */
static void commit_line(void)
{
    uint32_t len = cons.edit_len;
    cons.edit_len = 0;
    if (cons.line_w - cons.line_r == NLINES || cons.in_w - cons.in_r + len > INPUT_SIZE)
        return;
    for (uint32_t i = 0; i < len; i++)
        cons.input[cons.in_w++ % INPUT_SIZE] = cons.edit[i];
    cons.line_left[cons.line_w++ % NLINES] = (uint16_t)len;
    input_ready();
}

/* Remove the last character typed from the edit buffer (and the screen,
 * when echoing). Needs cons.lock. */
static void erase_char(void)
{
    if (cons.edit_len > 0) {
        cons.edit_len--;
        if (echoing())
            echo_str("\b \b");
    }
}

/* Ctrl-W: the blanks before the cursor, then the word. Needs cons.lock. */
static void erase_word(void)
{
    while (cons.edit_len > 0 && (cons.edit[cons.edit_len - 1] == ' ' ||
                                 cons.edit[cons.edit_len - 1] == '\t'))
        erase_char();
    while (cons.edit_len > 0 && cons.edit[cons.edit_len - 1] != ' ' &&
           cons.edit[cons.edit_len - 1] != '\t')
        erase_char();
}

/* The signal character c stands for under ISIG, or 0. Needs cons.lock. */
static int signal_char(int c)
{
    const uint8_t *cc = cons.tio.c_cc;
    if (!(cons.tio.c_lflag & ISIG) || c == 0)
        return 0;       /* (a c_cc entry of 0 is disabled: _POSIX_VDISABLE) */
    return c == cc[VINTR] ? SIGINT : c == cc[VQUIT] ? SIGQUIT : c == cc[VSUSP] ? SIGTSTP : 0;
}

/* Drop every byte waiting to be read, and the line being typed. Needs
 * cons.lock. */
static void flush_input(void)
{
    cons.in_r = cons.in_w;
    cons.line_r = cons.line_w;
    cons.edit_len = 0;
}

/* Canonical mode: edit the line with byte c. Needs cons.lock. */
static void canonical_input(int c)
{
    const uint8_t *cc = cons.tio.c_cc;
    bool ext = cons.tio.c_lflag & IEXTEN;
    if (c == '\n' || (c == cc[VEOL] && c)) {
        if (echoing() || (c == '\n' && (cons.tio.c_lflag & ECHONL)))
            serial_putc('\n');
        cons.edit[cons.edit_len++] = (char)c;   /* room kept below */
        commit_line();
    } else if (c == cc[VEOF] && c) {
        commit_line();
    } else if (c == cc[VKILL] && c) {
        while (cons.edit_len > 0)
            erase_char();
    } else if (c == cc[VERASE] || c == '\b') {
        erase_char();
    } else if (ext && c == cc[VWERASE] && c) {
        erase_word();
    } else if ((c == '\t' || (c >= ' ' && c != 0x7f) || c == '\r') && cons.edit_len < LINE_MAX - 1) {
        cons.edit[cons.edit_len++] = (char)c;
        if (echoing())
            serial_putc(c);
    }
}

/* Raw mode: queue byte c as it is. Needs cons.lock. */
static void raw_input(int c)
{
    if (cons.in_w - cons.in_r == INPUT_SIZE)
        return;                 /* nobody reads: drop */
    cons.input[cons.in_w++ % INPUT_SIZE] = (char)c;
    cons.last_byte_ns = time_ns();
    if (echoing())
        serial_putc(c);
    input_ready();
}

void console_input(int c)
{
    int sig = 0, pgid = 0;
    spin_lock(&cons.lock);
    uint32_t iflag = cons.tio.c_iflag;
    bool after_cr = cons.last_cr;
    cons.last_cr = c == '\r';
    if (c == '\r' && (iflag & IGNCR))
        goto unlock;
    if (c == '\r' && (iflag & ICRNL))
        c = '\n';
    else if (c == '\n' && after_cr && (iflag & ICRNL) && canonical())
        goto unlock;            /* "\r\n" is one Enter */
    else if (c == '\n' && (iflag & INLCR))
        c = '\r';
    if ((sig = signal_char(c)) != 0) {
        if (echoing()) {
            char s[] = { '^', (char)(c == 0x7f ? '?' : c + '@'), '\n', 0 };
            echo_str(s);
        }
        if (!(cons.tio.c_lflag & NOFLSH))
            flush_input();
        pgid = cons.fg_pgid;
    } else if (canonical()) {
        canonical_input(c);
    } else {
        raw_input(c);
    }
unlock:
    spin_unlock(&cons.lock);
    /* After unlocking: proc_signal takes ptable_lock. */
    if (sig && pgid > 0) {
        struct sigwhy why = { .code = SI_KERNEL };
        proc_signal(-pgid, sig, &why);
    }
}

/* Bytes a read may take now (canonical: of the first completed line;
 * raw: all queued), and whether a canonical read has a line (an empty one
 * is end of file). Needs cons.lock. */
static uint32_t readable(bool *line)
{
    if (canonical()) {
        *line = cons.line_r != cons.line_w;
        return *line ? cons.line_left[cons.line_r % NLINES] : 0;
    }
    *line = false;
    return cons.in_w - cons.in_r;
}

/* Raw mode: may a read return with avail bytes queued now? (VMIN, VTIME:
 * POSIX's four cases.) *deadline gets the time to wake up at (0: none).
 * start is when the read began. Needs cons.lock. */
static bool raw_done(uint32_t avail, uint32_t n, uint64_t start, uint64_t *deadline)
{
    uint32_t min = cons.tio.c_cc[VMIN];
    uint64_t t = (uint64_t)cons.tio.c_cc[VTIME] * 100000000ull;
    *deadline = 0;
    if (avail >= n || (min > 0 && avail >= min))
        return true;
    if (t == 0)
        return min == 0;        /* MIN 0 TIME 0: a poll */
    uint64_t from = min == 0 ? start : avail ? cons.last_byte_ns : 0;
    if (!from)
        return false;           /* MIN > 0: the timer starts with the first byte */
    if (min == 0 && avail)
        return true;
    *deadline = from + t;
    return time_ns() >= *deadline;
}

/* Job control: may the caller read (sig SIGTTIN), or write (SIGTTOU: only
 * checked under TOSTOP)? 0, or jobctl_tty_access's -ERESTART or -EIO for
 * a process outside the foreground group. Takes cons.lock, then
 * ptable_lock without it. */
static long tty_check(int sig)
{
    spin_lock(&cons.lock);
    int fg = cons.fg_pgid;
    bool check = sig == SIGTTIN || (cons.tio.c_lflag & TOSTOP);
    spin_unlock(&cons.lock);
    return check ? jobctl_tty_access(fg, sig) : 0;
}

/* Block until input is ready (a completed line, or raw bytes as VMIN and
 * VTIME say), then return up to n bytes (a line's rest stays for the next
 * read). An empty line (VEOF) reads as 0 = end of file. -ERESTART if a
 * signal came while waiting, -EFAULT if buf is bad (the bytes are lost);
 * a background reader: tty_check's. */
static long console_read(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f;
    char kbuf[LINE_MAX];
    long err = tty_check(SIGTTIN);
    if (err < 0)
        return err;
    if (n == 0)
        return 0;
    n = MIN(n, (uint32_t)LINE_MAX);
    uint64_t start = time_ns(), deadline = 0;
    spin_lock(&cons.lock);
    for (;;) {
        bool line;
        uint32_t avail = readable(&line);
        if (canonical() ? line : raw_done(avail, n, start, &deadline))
            break;
        if (proc_killed()) {
            spin_unlock(&cons.lock);
            return -ERESTART;
        }
        sleep_until(&cons.in_w, &cons.lock, deadline);
    }
    bool line;
    uint32_t take = MIN(n, readable(&line));
    for (uint32_t i = 0; i < take; i++)
        kbuf[i] = cons.input[cons.in_r++ % INPUT_SIZE];
    if (line) {
        uint16_t *left = &cons.line_left[cons.line_r % NLINES];
        *left -= take;
        if (*left == 0)
            cons.line_r++;
    }
    spin_unlock(&cons.lock);
    if (take > 0 && copyout(buf, kbuf, take) < 0)
        return -EFAULT;
    return take;
}

/* Send n bytes to the UART, a chunk at a time: copyin never runs under
 * cons.lock, and the lock keeps each chunk apart from input echo. Each
 * chunk (~0.5 ms under QEMU) ends at a preemption point. A background
 * writer under TOSTOP: tty_check's. */
static long console_write(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f;
    char kbuf[OUT_CHUNK];
    long err = tty_check(SIGTTOU);
    if (err < 0)
        return err;
    for (uint32_t done = 0; done < n; ) {
        uint32_t chunk = MIN(n - done, (uint32_t)OUT_CHUNK);
        if (copyin(kbuf, buf + done, chunk) < 0)
            return done > 0 ? (long)done : -EFAULT;
        spin_lock(&cons.lock);
        for (uint32_t i = 0; i < chunk; i++)
            serial_putc(kbuf[i]);
        spin_unlock(&cons.lock);
        done += chunk;
        if (done < n && preempt_point())
            return (long)done;  /* killed: it will not write the rest */
    }
    return n;
}

static void console_stat(struct file *f, struct stat *st)
{
    (void)f;
    st->st_mode = S_IFCHR | 0620;
    st->st_nlink = 1;
}

static short console_poll(struct file *f)
{
    (void)f;
    bool line;
    spin_lock(&cons.lock);
    uint32_t avail = readable(&line);
    short ev = POLLOUT | ((line || (!canonical() && avail)) ? POLLIN : 0);
    spin_unlock(&cons.lock);
    return ev;
}

static const struct file_ops console_ops = {
    .read = console_read,
    .write = console_write,
    .stat = console_stat,
    .poll = console_poll,
};

/* Make pgrp the console's foreground group: Ctrl-C sends it SIGINT.
 * Needs fd to be the console (checked by the caller). -EINVAL if
 * pgrp <= 0, -EPERM if no process is in that group. */
static long set_foreground(int pgrp)
{
    if (pgrp <= 0)
        return -EINVAL;
    if (!proc_group_exists(pgrp))
        return -EPERM;
    spin_lock(&cons.lock);
    cons.fg_pgid = pgrp;
    spin_unlock(&cons.lock);
    return 0;
}

/* Is fd the console? 0, -EBADF or -ENOTTY. */
static long console_fd(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    return f->type == FT_CONSOLE ? 0 : -ENOTTY;
}

/* tcsetpgrp: -EBADF, -ENOTTY (not the console), or set_foreground's. */
long sys_tcsetpgrp(int fd, int pgrp)
{
    long err = console_fd(fd);
    return err < 0 ? err : set_foreground(pgrp);
}

/* New settings from user space: switching canonical mode on or off
 * keeps what was typed (the half-typed line becomes raw bytes; raw bytes
 * become one line). Needs cons.lock. */
static void set_termios(const struct shmos_termios *t)
{
    bool was_canon = canonical();
    cons.tio = *t;
    if (was_canon && !canonical()) {
        for (uint32_t i = 0; i < cons.edit_len && cons.in_w - cons.in_r < INPUT_SIZE; i++)
            cons.input[cons.in_w++ % INPUT_SIZE] = cons.edit[i];
        cons.edit_len = 0;
        cons.line_r = cons.line_w;
    } else if (!was_canon && canonical()) {
        cons.line_r = cons.line_w;
        if (cons.in_w != cons.in_r && cons.in_w - cons.in_r < LINE_MAX)
            cons.line_left[cons.line_w++ % NLINES] = (uint16_t)(cons.in_w - cons.in_r);
        else
            cons.in_r = cons.in_w;
    }
    input_ready();
}

/* ioctl on the console: TCGETS, TCSETS/TCSETSW/TCSETSF (output is
 * synchronous, so nothing to drain; F flushes input), TCFLSH,
 * TIOCGWINSZ/TIOCSWINSZ, TIOCGPGRP/TIOCSPGRP, FIONREAD. -EBADF, -ENOTTY
 * (not the console, or an unknown request), -EFAULT, -EINVAL. */
long sys_ioctl(int fd, uint32_t req, uaddr_t arg)
{
    long err = console_fd(fd);
    if (err < 0)
        return err;
    struct shmos_termios t;
    struct shmos_winsize w;
    int v;
    bool line;
    switch (req) {
    case TCGETS:
        spin_lock(&cons.lock);
        t = cons.tio;
        spin_unlock(&cons.lock);
        return copyout(arg, &t, sizeof(t)) < 0 ? -EFAULT : 0;
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        if (copyin(&t, arg, sizeof(t)) < 0)
            return -EFAULT;
        spin_lock(&cons.lock);
        if (req == TCSETSF)
            flush_input();
        set_termios(&t);
        spin_unlock(&cons.lock);
        return 0;
    case TCFLSH:
        if (arg > 2)
            return -EINVAL;
        if (arg != 1) {         /* TCIFLUSH 0, TCOFLUSH 1 (nothing queued), TCIOFLUSH 2 */
            spin_lock(&cons.lock);
            flush_input();
            spin_unlock(&cons.lock);
        }
        return 0;
    case TIOCGWINSZ:
        spin_lock(&cons.lock);
        w = cons.win;
        spin_unlock(&cons.lock);
        return copyout(arg, &w, sizeof(w)) < 0 ? -EFAULT : 0;
    case TIOCSWINSZ:
        if (copyin(&w, arg, sizeof(w)) < 0)
            return -EFAULT;
        spin_lock(&cons.lock);
        cons.win = w;
        spin_unlock(&cons.lock);
        return 0;
    case TIOCGPGRP:
        spin_lock(&cons.lock);
        v = cons.fg_pgid;
        spin_unlock(&cons.lock);
        return copyout(arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
    case TIOCSPGRP:
        if (copyin(&v, arg, sizeof(v)) < 0)
            return -EFAULT;
        return set_foreground(v);
    case FIONREAD:
        spin_lock(&cons.lock);
        v = (int)readable(&line);
        spin_unlock(&cons.lock);
        return copyout(arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
    default:
        return -ENOTTY;
    }
}
