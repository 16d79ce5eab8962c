/* Several CPUs. The boot CPU reads the ACPI MADT; if it and the APICs are
 * usable, interrupts move from the 8259 to the local and I/O APICs and the
 * other CPUs (application processors, APs) are started one at a time with
 * INIT-SIPI-SIPI; each runs ap_main and then its own scheduler() loop.
 * Otherwise the machine stays as it booted: one CPU, 8259 PIC, PIT ticks.
 * cpus[0..ncpu-1] are exactly the CPUs that came up. */
#include "x86/smp.h"
#include "cpu.h"
#include "entry.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "x86/acpi.h"
#include "x86/fpu.h"
#include "x86/gdt.h"
#include "x86/idt.h"
#include "x86/ioapic.h"
#include "x86/lapic.h"
#include "x86/mmu.h"
#include "x86/pagetable.h"
#include "x86/pic.h"
#include "x86/sysenter.h"

#define AP_BOOT_PA 0x7000           /* real-mode entry page (apboot.S); below 1 MiB, never allocated */
#define AP_STACK_SIZE 8192          /* each AP's stack for ap_main and its scheduler loop */
#define INIT_WAIT_LEGACY_NS 10000000ull     /* MP spec: 10 ms after INIT (old machines only) */
#define SIPI_WAIT_NS 200000ull      /* MP spec: 200 us before a second SIPI */
#define AP_CLAIM_TIMEOUT_NS 1000000000ull   /* no sign of life after 1 s: left out */
#define AP_START_TIMEOUT_NS 1000000000ull   /* running our code but not started after 1 s: a bug */


/* All [I]: written by the boot CPU in smp_init, before any other CPU runs. */
static bool apic_mode;
static const char *up_reason = "not set up";   /* why there is one CPU */
static struct madt_info madt;
static char ap_stacks[NCPU - 1][AP_STACK_SIZE] __attribute__((aligned(16)));

/* The hand-over to the AP being started. The boot CPU sets ap_boot_cpu,
 * then offers a stack in ap_boot_stack; the AP takes it with an atomic
 * exchange (apboot.S), and the boot CPU, giving up, takes it back the
 * same way: whoever gets the non-zero value decides. */
volatile uint32_t ap_boot_stack;            /* [atomic] top of the offered stack; 0: none */
static struct cpu *volatile ap_boot_cpu;    /* [I] for each AP: stable until it has set started */

bool smp_apic_mode(void)
{
    return apic_mode;
}

static bool in_apic_window(paddr_t pa)
{
    return pa >= APIC_WINDOW_BASE && pa <= APIC_WINDOW_END - PAGE_SIZE;
}

void smp_init(void)
{
    up_reason = acpi_read_madt(&madt);
    if (up_reason)
        return;
    if (!lapic_setup(madt.lapic_addr)) {
        up_reason = "no usable local APIC";
        return;
    }
    for (int i = 0; i < madt.nioapic; i++) {
        if (!in_apic_window(madt.ioapic[i].addr)) {
            up_reason = "an I/O APIC lies outside the mapped window";
            return;
        }
    }
    ioapic_init(&madt);
    cpus[0].arch.apic_id = lapic_id();
    apic_mode = true;
    lapic_init_cpu(true);
    pic_handover();
}

static void wait_ns(uint64_t ns)
{
    uint64_t end = clock_ns() + ns;
    while (clock_ns() < end)
        cpu_relax();
}

/* Wait up to ns for the AP to take the offered stack. True if it did. */
static bool wait_claimed(uint64_t ns)
{
    uint64_t end = clock_ns() + ns;
    while (__atomic_load_n(&ap_boot_stack, __ATOMIC_ACQUIRE) != 0) {
        if (clock_ns() >= end)
            return false;
        cpu_relax();
    }
    return true;
}

/* Start the CPU with APIC id apic_id as cpus[slot] (slot == ncpu). True
 * once it has set started; false, with a message, if it never ran. */
static bool start_ap(int slot, uint8_t apic_id, bool legacy)
{
    struct cpu *c = &cpus[slot];
    c->id = slot;
    c->arch.apic_id = apic_id;
    ap_boot_cpu = c;
    __atomic_store_n(&ap_boot_stack, (uint32_t)ap_stacks[slot - 1] + AP_STACK_SIZE, __ATOMIC_SEQ_CST);
    /* INIT, then SIPI; a second SIPI only if the first went unanswered
     * for the 200 us the MP spec asks (a running CPU ignores SIPIs). */
    lapic_send_init(apic_id);
    if (legacy)
        wait_ns(INIT_WAIT_LEGACY_NS);
    lapic_send_startup(apic_id, AP_BOOT_PA);
    if (!wait_claimed(SIPI_WAIT_NS)) {
        lapic_send_startup(apic_id, AP_BOOT_PA);
        wait_claimed(AP_CLAIM_TIMEOUT_NS);
    }
    if (__atomic_exchange_n(&ap_boot_stack, 0, __ATOMIC_SEQ_CST) != 0) {
        kprintf("smp: the CPU with APIC id %u did not start: left out\n", apic_id);
        return false;
    }
    uint64_t end = clock_ns() + AP_START_TIMEOUT_NS;
    while (!__atomic_load_n(&c->started, __ATOMIC_ACQUIRE)) {
        if (clock_ns() >= end)
            panic("smp: cpu %d (APIC id %u) hung while starting", slot, apic_id);
        cpu_relax();
    }
    return true;
}

/* Append the decimal v and a space to buf (of size n) at *len. */
static void append_id(char *buf, size_t n, size_t *len, unsigned v)
{
    char digits[4];
    int k = 0;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k && *len + 2 < n)
        buf[(*len)++] = digits[--k];
    if (*len + 1 < n)
        buf[(*len)++] = ' ';
    buf[*len] = '\0';
}

void cpus_start(void)
{
    if (!apic_mode) {
        kprintf("shmos: 1 CPU (uniprocessor: %s; 8259 PIC and PIT ticks)\n", up_reason);
        return;
    }
    size_t size = ap_boot_end - ap_boot_start;
    assert(size <= PAGE_SIZE);
    memcpy(P2V(AP_BOOT_PA), ap_boot_start, size);
    bool legacy = lapic_legacy_startup();
    int listed = MIN(madt.ncpu, MADT_MAX_CPUS), ignored = madt.ncpu - listed;
    for (int i = 0; i < listed; i++) {
        uint8_t id = madt.apic_ids[i];
        if (id == cpus[0].arch.apic_id)
            continue;
        if (ncpu == NCPU)
            ignored++;
        else if (start_ap(ncpu, id, legacy))
            ncpu++;
    }
    if (ignored)
        kprintf("smp: %d more CPU%s ignored (NCPU is %d)\n", ignored, ignored == 1 ? "" : "s", NCPU);
    char ids[NCPU * 4 + 1];
    size_t len = 0;
    for (int i = 0; i < ncpu; i++)
        append_id(ids, sizeof(ids), &len, cpus[i].arch.apic_id);
    if (len > 0)
        ids[len - 1] = '\0';         /* the last space */
    kprintf("shmos: %d CPU%s (APIC id%s %s)\n", ncpu, ncpu == 1 ? "" : "s", ncpu == 1 ? "" : "s", ids);
}

/* First C code of an AP (apboot.S): on its own stack, boot_pgdir loaded,
 * interrupts off. Never returns. */
void ap_main(void)
{
    struct cpu *c = ap_boot_cpu;
    gdt_init_cpu(c);
    sysenter_init_cpu();
    kvm_load();
    idt_load();
    fpu_init_cpu();
    lapic_init_cpu(false);
    c->arch.apic_id = lapic_id();   /* the truth, even for a CPU that woke up late */
    lapic_timer_start();
    kernel_cpu_main();              /* sets c->started */
}

void cpu_stop_others(void)
{
    if (!apic_mode)
        return;
    int self = mycpu()->id;
    for (int i = 0; i < ncpu; i++)
        if (i != self && __atomic_load_n(&cpus[i].started, __ATOMIC_ACQUIRE))
            lapic_send_ipi(i, T_IPI_STOP);
}

void cpu_kick(int cpu)
{
    lapic_send_ipi(cpu, T_IPI_WAKE);
}
