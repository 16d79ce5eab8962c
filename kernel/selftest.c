/* Boot-time self-tests of the kernel's lock checking: with the command
 * line "selftest=NAME" (scripts/qemu.sh --cmd), the boot CPU breaks a
 * locking rule on purpose instead of starting init, and the check must
 * panic with a message naming the lock (tests/guest-cmd/lockcheck.sh).
 * Only the boot command line can ask for this, never a user program. */
#include "selftest.h"
#include "lib.h"
#include "printk.h"
#include "sched.h"
#include "spinlock.h"

#define PREFIX "selftest="

static struct spinlock lock_a = SPINLOCK_INIT("selftest-a");
static struct spinlock lock_b = SPINLOCK_INIT("selftest-b");

void selftest_run(const char *cmdline)
{
    size_t n = strlen(PREFIX);
    if (!cmdline || strlen(cmdline) < n || memcmp(cmdline, PREFIX, n) != 0)
        return;
    const char *name = cmdline + n;
    kprintf("selftest: %s\n", name);
    if (strcmp(name, "lock-twice") == 0) {
        spin_lock(&lock_a);
        spin_lock(&lock_a);
    } else if (strcmp(name, "sleep-locked") == 0) {
        spin_lock(&lock_a);
        spin_lock(&lock_b);
        sleep(&lock_a, &lock_b);        /* lock_a is still held */
    } else if (strcmp(name, "unlock-unheld") == 0) {
        spin_unlock(&lock_a);
    } else {
        panic("selftest: unknown test '%s'", name);
    }
    panic("selftest %s: the check did not fire", name);
}
