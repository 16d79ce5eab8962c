/* Kernel console output: a small printf and panic. */
#include "printk.h"
#include "cpu.h"
#include "ksyms.h"
#include "lib.h"
#include "proc.h"
#include "spinlock.h"

/* print_lock makes each kprintf call's text one unbroken run on the
 * console. Once a CPU panics (panic_cpu), it alone prints, without the
 * lock: any other CPU that tries to print halts instead. */
static struct spinlock print_lock = SPINLOCK_INIT("print");
static int panic_cpu = -1;          /* [atomic] id of the CPU that panicked, or -1 */
static bool panic_halts;            /* [I] set at boot: a panic halts instead of powering off */

struct outbuf {
    char *buf;
    size_t size, len;       /* len counts every byte produced, even past size */
};

static void emit(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

/* Format an unsigned number in base 10 or 16 with width and padding. */
static void emit_number(struct outbuf *o, unsigned long long v, int base, bool neg,
                        int width, char pad, bool left)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        digits[n++] = '-';
    if (neg && pad == '0') {           /* sign goes before zero padding */
        emit(o, '-');
        n--;
        width--;
    }
    for (int i = n; !left && i < width; i++)
        emit(o, pad);
    while (n)
        emit(o, digits[--n]);
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(&o, *fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        int width = 0, longs = 0;
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = true;
            else
                pad = '0';
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        for (; *fmt == 'l'; fmt++)
            longs++;
        size_t start = o.len;
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = longs >= 2 ? va_arg(ap, long long) : longs ? va_arg(ap, long) : va_arg(ap, int);
            emit_number(&o, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, v < 0,
                        width, left ? ' ' : pad, left);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long)
                                 : longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            emit_number(&o, v, *fmt == 'u' ? 10 : 16, false, width, left ? ' ' : pad, left);
            break;
        }
        case 'p':
            emit(&o, '0');
            emit(&o, 'x');
            emit_number(&o, (uint32_t)va_arg(ap, void *), 16, false, 8, '0', false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t len = strlen(s);
            for (size_t i = len; !left && (int)i < width; i++)
                emit(&o, ' ');
            while (*s)
                emit(&o, *s++);
            break;
        }
        case 'c':
            emit(&o, (char)va_arg(ap, int));
            break;
        case '%':
            emit(&o, '%');
            break;
        default:
            emit(&o, '%');
            if (*fmt)
                emit(&o, *fmt);
            else
                fmt--;
            break;
        }
        while (left && (int)(o.len - start) < width)
            emit(&o, ' ');
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

static void kvprintf(const char *fmt, va_list ap)
{
    char line[256];
    int n = kvsnprintf(line, sizeof(line), fmt, ap);
    if (n >= (int)sizeof(line))
        n = sizeof(line) - 1;
    int panicker = __atomic_load_n(&panic_cpu, __ATOMIC_ACQUIRE);
    bool locked = panicker < 0;
    if (locked) {
        spin_lock(&print_lock);
        /* A panic that began while we waited prints without the lock. */
        if (__atomic_load_n(&panic_cpu, __ATOMIC_ACQUIRE) >= 0) {
            spin_unlock(&print_lock);
            cpu_halt_forever();
        }
    } else if (panicker != mycpu()->id) {
        cpu_halt_forever();            /* it is about to stop us anyway; do not garble its report */
    }
    for (int i = 0; i < n; i++)
        serial_putc(line[i]);
    if (locked)
        spin_unlock(&print_lock);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* The current call chain, a line per frame with the function's name and
 * the offset in it ("  #2 0xc0101234 kfree+0x3c"). */
static void backtrace(void)
{
    uintptr_t pcs[16];
    int n = backtrace_pcs(pcs, (int)ARRAY_SIZE(pcs));
    char buf[96];
    kprintf("backtrace:\n");
    for (int i = 0; i < n; i++)
        kprintf("  #%d %s\n", i, ksym_format(buf, sizeof(buf), pcs[i]));
}

/* Let the line another CPU is printing finish (it holds print_lock with
 * interrupts off, so it cannot take the stop IPI before it is done), but do
 * not wait forever: that CPU may itself be stuck. */
static void wait_for_printer(void)
{
    for (int i = 0; i < 20000000 && print_lock.locked && print_lock.cpu != mycpu(); i++)
        cpu_relax();
}

void power_off(int status)
{
    kprintf("shmos: power off (status %d)\n", status & 0xFF);
    machine_poweroff(status);
}

void panic(const char *fmt, ...)
{
    intr_off();
    int self = mycpu()->id, first = -1;
    if (!__atomic_compare_exchange_n(&panic_cpu, &first, self, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        if (first != self)
            cpu_halt_forever();        /* another CPU panicked first: its report is what counts */
        machine_poweroff(126);  /* the report itself failed */
    }
    cpu_stop_others();
    wait_for_printer();
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct proc *p = myproc();
    if (p)
        kprintf("\nkernel panic on cpu %d (pid %d, %s): %s\n", self, p->pid, p->name, msg);
    else
        kprintf("\nkernel panic on cpu %d: %s\n", self, msg);
    backtrace();
    if (p && p->tf) {
        kprintf("the process entered the kernel with this frame:\n");
        tf_print(p->tf);
    }
    if (panic_halts) {
        kprintf("shmos: halted after the panic (panic=halt): attach gdb with 'make gdb'\n");
        cpu_halt_forever();
    }
    machine_poweroff(126);
}

void panic_halt_on(void)
{
    panic_halts = true;
}
