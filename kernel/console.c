/* The serial console as a file: output goes straight to the UART; input
 * goes through a line discipline (echo, backspace, Ctrl-U, Ctrl-D, Ctrl-C)
 * and read() returns completed lines. */
#include "console.h"
#include "file.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "syscall_proto.h"
#include "uaccess.h"
#include "shmos/signal.h"
#include "shmos/stat.h"

#define LINE_MAX   256          /* longest line, '\n' included */
#define INPUT_SIZE 1024         /* completed lines waiting for read() */
#define NLINES     32           /* how many of them */
#define OUT_CHUNK  256          /* write() bounces this much at a time */
#define CTRL(c)    ((c) - '@')

/* Every field is [cons.lock]. */
static struct {
    struct spinlock lock;
    char edit[LINE_MAX];        /* the line being typed */
    uint32_t edit_len;
    char input[INPUT_SIZE];     /* completed lines, a byte ring */
    uint32_t in_r, in_w;        /* bytes consumed / produced (wrap) */
    uint16_t line_left[NLINES]; /* unread bytes of each completed line, a ring */
    uint32_t line_r, line_w;    /* lines consumed / produced (wrap) */
    bool last_cr;               /* previous byte was '\r': a following '\n' is the same Enter */
    int fg_pgid;                /* foreground process group (Ctrl-C), 0 = none */
} cons = { .lock = SPINLOCK_INIT("console") };

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

/* Queue the edit buffer as a completed line and wake readers. When the queue
 * is full the line is dropped: nobody has been reading for 32 lines / 1 KiB.
 * Called with cons.lock held. */
static void commit_line(void)
{
    uint32_t len = cons.edit_len;
    cons.edit_len = 0;
    if (cons.line_w - cons.line_r == NLINES || cons.in_w - cons.in_r + len > INPUT_SIZE)
        return;
    for (uint32_t i = 0; i < len; i++)
        cons.input[cons.in_w++ % INPUT_SIZE] = cons.edit[i];
    cons.line_left[cons.line_w++ % NLINES] = (uint16_t)len;
    wakeup(&cons.line_w);
}

/* Remove the last character typed from the edit buffer and the screen.
 * Called with cons.lock held. */
static void erase_char(void)
{
    if (cons.edit_len > 0) {
        cons.edit_len--;
        echo_str("\b \b");
    }
}

void console_input(int c)
{
    int interrupt_pgid = 0;
    spin_lock(&cons.lock);
    bool after_cr = cons.last_cr;
    cons.last_cr = c == '\r';
    switch (c) {
    case '\n':
        if (after_cr)
            break;
        /* fall through */
    case '\r':
        serial_putc('\n');
        cons.edit[cons.edit_len++] = '\n';  /* room kept by the default case */
        commit_line();
        break;
    case CTRL('D'):
        commit_line();
        break;
    case CTRL('C'):
        echo_str("^C\n");
        cons.edit_len = 0;
        interrupt_pgid = cons.fg_pgid;
        break;
    case CTRL('U'):
        while (cons.edit_len > 0)
            erase_char();
        break;
    case '\b':
    case 0x7f:
        erase_char();
        break;
    default:
        if ((c == '\t' || (c >= ' ' && c <= '~')) && cons.edit_len < LINE_MAX - 1) {
            cons.edit[cons.edit_len++] = (char)c;
            serial_putc(c);
        }
        break;
    }
    spin_unlock(&cons.lock);
    /* After unlocking: proc_kill takes ptable_lock. */
    if (interrupt_pgid > 0) {
        struct sigwhy why = { .code = SI_KERNEL };
        proc_signal(-interrupt_pgid, SIGINT, &why);
    }
}

/* Block until a line is complete, then return up to n bytes of it (the rest
 * stays for the next read). An empty line (Ctrl-D) reads as 0 = end of file.
 * -ERESTART if a signal came while waiting, -EFAULT if buf is bad (the bytes are lost). */
static long console_read(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f;
    char kbuf[LINE_MAX];
    if (n == 0)
        return 0;
    spin_lock(&cons.lock);
    while (cons.line_r == cons.line_w) {
        if (proc_killed()) {
            spin_unlock(&cons.lock);
            return -ERESTART;
        }
        sleep(&cons.line_w, &cons.lock);
    }
    uint16_t *left = &cons.line_left[cons.line_r % NLINES];
    uint32_t take = MIN(n, (uint32_t)*left);
    for (uint32_t i = 0; i < take; i++)
        kbuf[i] = cons.input[cons.in_r++ % INPUT_SIZE];
    *left -= take;
    if (*left == 0)
        cons.line_r++;
    spin_unlock(&cons.lock);
    if (take > 0 && copyout(buf, kbuf, take) < 0)
        return -EFAULT;
    return take;
}

/* Send n bytes to the UART, a chunk at a time: copyin never runs under
 * cons.lock, and the lock keeps each chunk apart from input echo. */
static long console_write(struct file *f, uaddr_t buf, uint32_t n)
{
    (void)f;
    char kbuf[OUT_CHUNK];
    for (uint32_t done = 0; done < n; ) {
        uint32_t chunk = MIN(n - done, (uint32_t)OUT_CHUNK);
        if (copyin(kbuf, buf + done, chunk) < 0)
            return done > 0 ? (long)done : -EFAULT;
        spin_lock(&cons.lock);
        for (uint32_t i = 0; i < chunk; i++)
            serial_putc(kbuf[i]);
        spin_unlock(&cons.lock);
        done += chunk;
    }
    return n;
}

static void console_stat(struct file *f, struct stat *st)
{
    (void)f;
    st->st_mode = S_IFCHR | 0620;
    st->st_nlink = 1;
}

static const struct file_ops console_ops = {
    .read = console_read,
    .write = console_write,
    .stat = console_stat,
};

/* Make pgrp the console's foreground group: Ctrl-C sends it SIGINT.
 * -EBADF, -ENOTTY if fd is not the console, -EINVAL if pgrp <= 0, -EPERM
 * if no process is in that group. */
long sys_tcsetpgrp(int fd, int pgrp)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f->type != FT_CONSOLE)
        return -ENOTTY;
    if (pgrp <= 0)
        return -EINVAL;
    if (!proc_group_exists(pgrp))
        return -EPERM;
    spin_lock(&cons.lock);
    cons.fg_pgid = pgrp;
    spin_unlock(&cons.lock);
    return 0;
}
