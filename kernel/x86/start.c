/* kmain: bring the PC up on the boot CPU — segments, the serial console,
 * paging, the page allocator from the Multiboot memory map,
 * interrupts, CPUs and clocks — and hand over to the core (kernel_main). */
#include "x86/start.h"
#include "cpu.h"
#include "entry.h"
#include "kalloc.h"
#include "lib.h"
#include "printk.h"
#include "x86/fpu.h"
#include "x86/gdt.h"
#include "x86/idt.h"
#include "x86/multiboot.h"
#include "x86/pagetable.h"
#include "x86/pic.h"
#include "x86/smp.h"
#include "x86/sysenter.h"
#include "x86/timer.h"
#include "x86/uart.h"

extern char kernel_end[];
static char cmdline[2048];

/* Copy the part of the boot command line after the kernel's own path: that
 * is what `make run CMD=...` passed with QEMU's -append. */
static void save_cmdline(const struct multiboot_info *mbi)
{
    if (!(mbi->flags & MBI_FLAG_CMDLINE))
        return;
    const char *s = P2V(mbi->cmdline);
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    strlcpy(cmdline, s, sizeof(cmdline));
}

/* Take the kernel's own options off the front of the command line (the
 * rest goes to init): "nosysenter" makes int $0x80 the only system-call
 * path; "panic=halt" keeps the machine halted after a panic. Returns whether it was there. */
static bool take_option(const char *opt)
{
    size_t n = strlen(opt);
    if (strlen(cmdline) < n || memcmp(cmdline, opt, n) != 0)
        return false;
    if (cmdline[n] != ' ' && cmdline[n] != '\0')
        return false;               /* a longer word */
    const char *rest = cmdline + n;
    while (*rest == ' ')
        rest++;
    memmove(cmdline, rest, strlen(rest) + 1);
    return true;
}

/* Give the allocator every available RAM range of the memory map above
 * reserved_end (low memory, the kernel, the boot information and the
 * modules stay out). Returns the highest usable physical address. */
static paddr_t add_free_memory(const struct multiboot_info *mbi, paddr_t reserved_end)
{
    paddr_t top = 0;
    if (!(mbi->flags & MBI_FLAG_MMAP))
        panic("kalloc: the boot loader gave no memory map");
    uint32_t off = 0;
    while (off < mbi->mmap_length) {
        const struct multiboot_mmap_entry *e = P2V(mbi->mmap_addr + off);
        off += e->size + sizeof(e->size);
        if (e->type != MMAP_AVAILABLE || e->addr >= PHYS_LIMIT)
            continue;
        uint64_t end64 = e->addr + e->len;
        paddr_t start = MAX((paddr_t)e->addr, reserved_end);
        paddr_t end = end64 > PHYS_LIMIT ? PHYS_LIMIT : (paddr_t)end64;
        if (start < end) {
            kalloc_add_range(start, end);
            top = MAX(top, end);
        }
    }
    if (kalloc_free_pages() == 0)
        panic("kalloc: no usable memory");
    return top;
}

/* Everything below the returned address stays out of the allocator: low
 * memory, the kernel, the boot information and the modules. */
static paddr_t reserved_end(const struct multiboot_info *mbi, paddr_t mbi_pa)
{
    paddr_t end = MAX(V2P(kernel_end), 0x100000u);
    const struct multiboot_module *mods = P2V(mbi->mods_addr);
    for (uint32_t i = 0; i < mbi->mods_count; i++)
        end = MAX(end, mods[i].mod_end);
    end = MAX(end, mbi_pa + (uint32_t)sizeof(*mbi));
    end = MAX(end, mbi->mmap_addr + mbi->mmap_length);
    return PG_ROUND_UP(end);
}

void kmain(uint32_t magic, uint32_t mbi_pa)
{
    gdt_init_cpu(&cpus[0]);
    pic_init();
    uart_init();
    kprintf("\nshmos: booting\n");
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not loaded by a Multiboot loader (magic 0x%x)", magic);
    const struct multiboot_info *mbi = P2V(mbi_pa);
    save_cmdline(mbi);
    bool sysenter = true;
    for (;;) {                      /* the options, in any order */
        if (take_option("nosysenter"))
            sysenter = false;
        else if (take_option("panic=halt"))
            panic_halt_on();        /* a panic waits for gdb instead of powering off */
        else
            break;
    }
    sysenter_init(sysenter);
    if (!(mbi->flags & MBI_FLAG_MODS) || mbi->mods_count < 1)
        panic("no initrd: boot with -initrd build/initrd.cpio");
    const struct multiboot_module *mod = P2V(mbi->mods_addr);
    paddr_t initrd_start = mod->mod_start, initrd_end = mod->mod_end;

    kvm_init();
    paddr_t top = add_free_memory(mbi, reserved_end(mbi, mbi_pa));

    idt_init();
    idt_load();
    fpu_init_cpu();
    smp_init();             /* APICs or the 8259: before the timer picks its tick source */
    timer_init();
    kprintf("shmos: %u MiB RAM (%u pages free), top 0x%x, initrd %u KiB\n",
            (kalloc_total_pages() * PAGE_SIZE) >> 20, kalloc_free_pages(), top,
            (initrd_end - initrd_start) >> 10);
    kernel_main(cmdline, P2V(initrd_start), initrd_end - initrd_start);
}
