/* Kernel stacks with guard pages, and the double-fault task that reports
 * an overflow. Every process's kernel stack is mapped a second time, with
 * 4 KiB pages, into a window above the direct map where an unmapped page
 * lies below each one, and the kernel runs on the window's address. An
 * overflow writes the guard page; the page fault cannot push its frame
 * there either, so the CPU raises a double fault, which an interrupt gate
 * would take on the same broken stack: vector 8 is a task gate instead
 * (idt.c). The task switch saves the broken state in this CPU's TSS and
 * runs double_fault on a stack of its own, which hands the facts to the
 * core (kernel_double_fault: "kernel stack overflow, pid N").
 * The window's page tables are made at boot, before the first process
 * directory, so every directory shares them (pagetable.c). A slot's stack
 * pages are allocated when a process first uses the slot and stay mapped
 * for the slot's next users: a mapping never changes once made, so no
 * TLB shootdown is ever needed for them. Slots are taken lowest first, so
 * the pages held are those of the most processes ever alive at once
 * (meminfo's kstack_pages counts them). */
#include "x86/kstack.h"
#include "arch.h"
#include "cpu.h"
#include "entry.h"
#include "kalloc.h"
#include "printk.h"
#include "x86/mmu.h"
#include "x86/pagetable.h"
#include "x86/x86.h"

#define DF_STACK_SIZE 4096
static char df_stacks[NCPU][DF_STACK_SIZE] __attribute__((aligned(16)));
static uint32_t backed_pages;       /* [atomic] pages mapped in the window, for meminfo */

char *kstacks_window(size_t size, int n)
{
    assert(!(size & (PAGE_SIZE - 1)));
    uint64_t bytes = (uint64_t)n * (size + PAGE_SIZE);
    if (bytes > KSTACK_WINDOW_END - KSTACK_WINDOW)
        panic("kstacks_window: %d stacks of %u bytes do not fit the window", n, (unsigned)size);
    kvm_prepare(KSTACK_WINDOW, KSTACK_WINDOW + (uintptr_t)bytes);
    return (char *)(KSTACK_WINDOW + PAGE_SIZE);
}

int kstack_back(char *stack, size_t size)
{
    uintptr_t va = (uintptr_t)stack;
    for (size_t off = 0; off < size; off += PAGE_SIZE) {
        if (kvm_mapped(va + off))
            continue;           /* backed by an earlier user of the slot */
        void *page = kalloc();
        if (!page)
            return -ENOMEM;     /* the pages mapped so far stay, for next time */
        kvm_map_page(va + off, V2P(page));
        __atomic_add_fetch(&backed_pages, 1, __ATOMIC_RELAXED);
    }
    return 0;
}

uint32_t kstack_pages(void)
{
    return __atomic_load_n(&backed_pages, __ATOMIC_RELAXED);
}

/* The double-fault task's code: interrupts off, on this CPU's own stack;
 * the interrupted state is in the CPU's main TSS, and %cr2 still holds the
 * address whose page fault could not be delivered. */
NORETURN static void double_fault(void)
{
    const struct taskstate *t = &mycpu()->arch.ts;
    kernel_double_fault(rcr2(), t->esp, t->eip);
}

void double_fault_task_init(struct cpu *c)
{
    struct taskstate *t = &c->arch.dfts;
    t->cr3 = kvm_pgdir_pa();
    t->eip = (uint32_t)(uintptr_t)double_fault;
    t->eflags = FL_FIXED;
    t->esp = (uint32_t)(uintptr_t)(df_stacks[c - cpus] + DF_STACK_SIZE);
    t->ebp = 0;                     /* the backtrace stops here */
    t->cs = KCODE_SEL;
    t->ss = KDATA_SEL;
    t->ds = t->es = t->fs = UDATA_SEL;
    t->gs = KCPU_SEL;
    t->iomb = sizeof(*t);
}

void call_on_stack(char *top, void (*fn)(void))
{
    __asm__ volatile("movl %0, %%esp\n\tcall *%1\n\t1: hlt\n\tjmp 1b" : : "r"(top), "r"(fn) : "memory");
    __builtin_unreachable();
}
