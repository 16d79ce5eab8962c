/* The PC devices shmos drives: 8259 PIC, 8254 PIT, 16550 UART, power-off,
 * and for several CPUs the ACPI MADT, local APICs and I/O APICs. */
#ifndef KERNEL_X86_DEVICES_H
#define KERNEL_X86_DEVICES_H
#include "types.h"

#define NISA_IRQ 16

void pic_init(void);                 /* remap IRQs to T_IRQ0.., all masked */
/* Let ISA IRQ irq in as vector T_IRQ0 + irq: unmasked on the 8259, or in
 * APIC mode routed by the I/O APIC to the boot CPU. Boot CPU only. */
void pic_enable(int irq);
void pic_eoi(int irq);
/* APIC mode: mask the 8259 for good and route the IRQs enabled so far
 * through the I/O APIC (ioapic_init first). Boot CPU, once. */
void pic_handover(void);

#define TIMER_HZ 100
/* Calibrate the TSC; then TIMER_HZ ticks on IRQ 0 from the PIT, or in APIC
 * mode from this CPU's local APIC timer (calibrated here for all CPUs). */
void timer_init(void);
uint64_t time_ns(void);              /* nanoseconds since boot (TSC-based) */
void timer_tick(void);               /* time.c: count a tick, wake sleepers (CPU 0's timer IRQ) */

void uart_init(void);                /* COM1, 115200 8N1, receive interrupts on */
void uart_putc(int c);               /* blocking; '\n' is sent as "\r\n" */
void uart_intr(void);                /* IRQ 4: feeds received bytes to console_input() */

/* kvm_init maps this 4 MiB window uncached at VA == PA: the usual home of
 * the I/O APIC (0xFEC00000) and the local APIC (0xFEE00000). APIC mode is
 * used only if every APIC the MADT names lies inside it. */
#define APIC_WINDOW_BASE 0xFEC00000u
#define APIC_WINDOW_END  0xFF000000u

/* What the ACPI MADT says about the interrupt hardware (acpi.c). */
#define MADT_MAX_CPUS 32
#define MAX_IOAPIC 4
struct ioapic_desc {
    uint8_t id;
    paddr_t addr;
    uint32_t gsi_base;              /* first global system interrupt of its pins */
};
struct isa_route {
    uint32_t gsi;                   /* global system interrupt of the ISA IRQ */
    uint16_t flags;                 /* MPS INTI polarity and trigger; 0: ISA default */
};
struct madt_info {
    paddr_t lapic_addr;
    int ncpu;                       /* enabled processors (may exceed MADT_MAX_CPUS) */
    uint8_t apic_ids[MADT_MAX_CPUS];    /* their APIC ids, in MADT order */
    int nioapic;
    struct ioapic_desc ioapic[MAX_IOAPIC];
    struct isa_route isa[NISA_IRQ];
};
/* Find and summarize the MADT. NULL on success, else why there is none. */
const char *acpi_read_madt(struct madt_info *m);

/* Local APIC (lapic.c). All but lapic_setup act on the calling CPU's APIC. */
bool lapic_setup(paddr_t pa);        /* base address (in the window); false if no APIC */
uint8_t lapic_id(void);
void lapic_init_cpu(bool boot_cpu);  /* enable, spurious vector, LVTs masked, timer stopped */
/* Boot CPU, after the TSC: measure the APIC timer against it and start this
 * CPU's periodic TIMER_HZ tick. Returns the timer's input clock in Hz. */
uint64_t lapic_timer_calibrate(void);
void lapic_timer_start(void);        /* periodic TIMER_HZ tick (after calibration) */
void lapic_eoi(void);
/* Fixed-delivery IPI with the given vector to cpus[cpu]; a no-op unless
 * smp_apic_mode(). Any context, interrupts on or off. */
void lapic_send_ipi(int cpu, int vector);
void lapic_send_init(uint8_t apic_id);               /* INIT assert + de-assert */
void lapic_send_startup(uint8_t apic_id, uint32_t pa);   /* SIPI: start at pa (page aligned, < 1 MiB) */
/* Does this machine need the MP spec's full 10 ms wait after INIT? Only
 * a discrete 82489DX APIC or a CPU older than the P6 family does. */
bool lapic_legacy_startup(void);

/* I/O APIC (ioapic.c). */
void ioapic_init(const struct madt_info *m);   /* every pin masked */
/* Route ISA IRQ irq (through its MADT override) to vector T_IRQ0 + irq on
 * the CPU with APIC id dest. False if no I/O APIC has that pin. */
bool ioapic_route_isa(int irq, uint8_t dest);

/* CPUs (smp.c). */
/* Boot CPU, after kvm_init and idt_load: read the MADT and, if it and the
 * APICs are usable, switch interrupts to the APICs (else keep the 8259). */
void smp_init(void);
/* Are the APICs in use? If not, there is one CPU and no IPI may be sent. */
bool smp_apic_mode(void);
/* Boot CPU, before the first process: start the other CPUs (each runs
 * scheduler()), set ncpu, and print how many came up. */
void smp_start_aps(void);
/* Panic: send T_IPI_STOP to every other started CPU. */
void smp_stop_others(void);

/* Stop the machine; QEMU exits with status (status << 1) | 1 through
 * isa-debug-exit, else ACPI power-off, else halt. */
NORETURN void machine_poweroff(int status);
/* Stop this CPU for good: interrupts off, halted (a stopped CPU after
 * another one panicked, or a failed power-off). */
NORETURN void cpu_halt_forever(void);
#endif
