/* Boot-time self-tests: with the command line "selftest=NAME"
 * (scripts/qemu.sh --cmd), the boot CPU runs test NAME instead of starting
 * init. The lock-checking tests break a locking rule on purpose, and the
 * check must panic with a message naming the lock
 * (tests/guest-cmd/selftest.sh); the page-allocator tests take every
 * page, or free one never handed out (selftest.sh too); "panic" and
 * "fault" panic on purpose, for the report's function names and decoded
 * trap frame (selftest.sh); "kstack-overflow" overflows a kernel stack
 * into its guard page, for the double fault's clear panic. Only the
 * boot command line can ask for this, never a user program. */
#include "selftest.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "proc.h"
#include "ptable.h"
#include "sched.h"
#include "spinlock.h"

#define PREFIX "selftest="

static struct spinlock lock_a = SPINLOCK_INIT("selftest-a");
static struct spinlock lock_b = SPINLOCK_INIT("selftest-b");

/* Take every free page not promised to a memory object (kalloc may not
 * take those), each of which must come zero-filled, chaining them through
 * their first word; then free them all (kfree panics if one was handed
 * out twice) and power off with status 0 if exactly the promised pages
 * were left and the free count afterwards is the count before. */
NORETURN static void kalloc_all(void)
{
    uint32_t before = kalloc_free_pages(), promised = kalloc_reserved_pages(), taken = 0;
    void **chain = NULL, **page;
    while ((page = kalloc())) {
        for (size_t i = 0; i < PAGE_SIZE / sizeof(*page); i++)
            if (page[i])
                panic("selftest kalloc-all: page %p is not zero-filled", (void *)page);
        *page = chain;
        chain = page;
        taken++;
    }
    uint32_t empty = kalloc_free_pages();
    while (chain) {
        page = chain;
        chain = *page;
        kfree(page);
    }
    uint32_t after = kalloc_free_pages();
    if (taken != before - promised || empty != promised || after != before)
        panic("selftest kalloc-all: %u pages free (%u promised), %u taken, %u left, %u free after",
              before, promised, taken, empty, after);
    kprintf("selftest kalloc-all: passed (%u pages)\n", taken);
    power_off(0);
}

/* A panic three calls deep, for the backtrace's names (selftest.sh
 * expects them in this order). noipa (no inlining, no cloning) keeps
 * the frames apart at any optimisation level. */
__attribute__((noipa)) NORETURN static void panic_inner(int depth)
{
    panic("selftest panic: deliberate, %d calls deep", depth);
}

__attribute__((noipa)) static int panic_middle(int depth)
{
    panic_inner(depth + 1);
}

__attribute__((noipa)) static int panic_outer(void)
{
    return panic_middle(1) + 1;
}

/* A write through a pointer to page 0 (never mapped) in kernel mode:
 * the fault's report must decode the frame and name this function. */
__attribute__((noipa)) static void fault_write(void)
{
    volatile uintptr_t addr = 0x10;
    *(volatile int *)addr = 1;
}

/* Recursion with 512-byte frames: on a kernel stack, into its guard page
 * (the bound is unreachable; it only tells the compiler this ends). */
__attribute__((noipa)) static int kstack_deep(int depth)
{
    volatile char frame[512];
    frame[0] = (char)depth;
    if (depth > 1000000)
        return 0;
    return kstack_deep(depth + 1) + frame[0];
}

__attribute__((noipa)) static void kstack_overflow(void)
{
    kstack_deep(0);
}

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
    } else if (strcmp(name, "kalloc-all") == 0) {
        kalloc_all();
    } else if (strcmp(name, "panic") == 0) {
        panic_outer();
    } else if (strcmp(name, "fault") == 0) {
        fault_write();
    } else if (strcmp(name, "kstack-overflow") == 0) {
        /* On the stack of the last process slot (unused this early, so
         * given its pages here). */
        if (kstack_back(procs[NPROC - 1].kstack, KSTACK_SIZE) < 0)
            panic("selftest kstack-overflow: no pages for the stack");
        call_on_stack(procs[NPROC - 1].kstack + KSTACK_SIZE, kstack_overflow);
    } else if (strcmp(name, "kfree-unused") == 0) {
        /* The last page of RAM: never handed out this early in boot. */
        kfree(P2V(kalloc_top() - PAGE_SIZE));
    } else {
        panic("selftest: unknown test '%s'", name);
    }
    panic("selftest %s: the check did not fire", name);
}
