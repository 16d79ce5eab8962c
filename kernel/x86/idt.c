/* The interrupt descriptor table: every vector goes to its stub in
 * trapentry.S. Only the system call gate may be invoked from user mode. */
#include "x86/idt.h"
#include "types.h"
#include "x86/mmu.h"
#include "x86/trap.h"

static uint64_t idt[256];

/* The gate for the stub of vector v: an interrupt gate (interrupts off on
 * entry) for hardware and exceptions; a trap gate for system calls, so the
 * kernel runs them with interrupts on. */
static uint64_t gate(int v, int dpl)
{
    uint64_t type = v == T_SYSCALL ? 0xF : 0xE;
    uint32_t off = (uint32_t)trap_stubs + 16 * v;
    uint64_t g = off & 0xFFFF;
    g |= (uint64_t)KCODE_SEL << 16;
    g |= type << 40;
    g |= (uint64_t)(dpl & 3) << 45;
    g |= (uint64_t)1 << 47;                /* present */
    g |= (uint64_t)(off >> 16) << 48;
    return g;
}

void idt_init(void)
{
    /* User mode may raise the system call and, as on Linux, int3 and into
     * (SIGTRAP, SIGSEGV); any other int n from user mode is a #GP. */
    for (int v = 0; v < 256; v++)
        idt[v] = gate(v, (v == T_SYSCALL || v == T_BRKPT || v == T_OFLOW) ? DPL_USER : 0);
    /* A double fault (a kernel stack overflow, say) cannot trust the
     * stack: a task gate switches to the double-fault task (x86/kstack.c). */
    idt[T_DBLFLT] = (uint64_t)DFTSS_SEL << 16 | (uint64_t)0x5 << 40 | (uint64_t)1 << 47;
}

void idt_load(void)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr = {
        sizeof(idt) - 1, (uint32_t)idt
    };
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
