/* Power-off. QEMU's isa-debug-exit device (iobase 0xf4) makes QEMU exit
 * with status (value << 1) | 1; without it, QEMU's ACPI PM1a control port
 * powers off (status lost); failing both, halt forever. */
#include "arch.h"
#include "x86/x86.h"

#define DEBUG_EXIT_PORT 0xF4
#define QEMU_PIIX4_PM1A 0x604     /* PM1a_CNT of QEMU's PIIX4 ACPI (i440fx) */
#define QEMU_ICH9_PM1A 0xB004     /* older QEMU / q35 */
#define PM1_SLP_EN_S5 0x2000

void cpu_halt_forever(void)
{
    for (;;) {
        intr_off();
        hlt();
    }
}

void machine_poweroff(int status)
{
    intr_off();
    outl(DEBUG_EXIT_PORT, (uint32_t)status & 0x7F);
    outw(QEMU_PIIX4_PM1A, PM1_SLP_EN_S5);
    outw(QEMU_ICH9_PM1A, PM1_SLP_EN_S5);
    cpu_halt_forever();
}
