/* TLB shootdown. Each CPU has a request counter (tlb_req, bumped by any CPU
 * that needs it to flush) and a done counter (tlb_done, written only by the
 * CPU itself: the last request it has served). A flush reloads CR3, which
 * drops every user translation (kernel mappings are global and never
 * change); before acking, the core may load the kernel directory instead
 * (kernel_tlb_flush: a CPU that keeps a directory only lazily leaves its
 * mask, so that the directory may be freed). The initiator waits for the acks with interrupts off, so every
 * CPU that spins with interrupts off — on a spinlock, or waiting for acks
 * of its own — serves requests while it spins (tlb_poll): no two CPUs can
 * wait for each other. */
#include "x86/tlb.h"
#include "cpu.h"
#include "entry.h"
#include "spinlock.h"
#include "x86/lapic.h"
#include "x86/mmu.h"
#include "x86/x86.h"

static uint32_t shootdowns;        /* [atomic] flush requests sent, for meminfo */

void tlb_poll(void)
{
    struct arch_cpu *a = &mycpu()->arch;
    uint32_t req = __atomic_load_n(&a->tlb_req, __ATOMIC_ACQUIRE);
    if (req == a->tlb_done)
        return;
    lcr3(rcr3());
    kernel_tlb_flush();
    __atomic_store_n(&a->tlb_done, req, __ATOMIC_RELEASE);
}

void tlb_ipi(void)
{
    tlb_poll();
}

void tlb_shootdown(uint32_t cpumask)
{
    push_cli();
    uint32_t mask = cpumask & ~(1u << mycpu()->id);
    uint32_t want[NCPU];
    for (int i = 0; i < ncpu; i++) {
        if (!(mask & (1u << i)))
            continue;
        want[i] = __atomic_add_fetch(&cpus[i].arch.tlb_req, 1, __ATOMIC_SEQ_CST);
        lapic_send_ipi(i, T_IPI_TLB);
        __atomic_add_fetch(&shootdowns, 1, __ATOMIC_RELAXED);
    }
    for (int i = 0; i < ncpu; i++) {
        if (!(mask & (1u << i)))
            continue;
        while ((int32_t)(__atomic_load_n(&cpus[i].arch.tlb_done, __ATOMIC_ACQUIRE) - want[i]) < 0) {
            tlb_poll();
            cpu_relax();
        }
    }
    pop_cli();
}

uint32_t tlb_shootdown_count(void)
{
    return __atomic_load_n(&shootdowns, __ATOMIC_RELAXED);
}
