/* kmain: bring the machine up on the boot CPU and start init. */
#include "lib.h"
#include "kalloc.h"
#include "proc.h"
#include "shm.h"
#include "sem.h"
#include "x86/devices.h"
#include "x86/multiboot.h"
#include "x86/pagetable.h"

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
    if (!(mbi->flags & MBI_FLAG_MODS) || mbi->mods_count < 1)
        panic("no initrd: boot with -initrd build/initrd.cpio");
    const struct multiboot_module *mod = P2V(mbi->mods_addr);
    paddr_t initrd_start = mod->mod_start, initrd_end = mod->mod_end;

    kvm_init();
    /* Everything below reserved_end stays out of the allocator: low memory,
     * the kernel, the boot information and the modules. */
    paddr_t reserved_end = MAX(V2P(kernel_end), 0x100000u);
    for (uint32_t i = 0; i < mbi->mods_count; i++)
        reserved_end = MAX(reserved_end, ((const struct multiboot_module *)P2V(mbi->mods_addr))[i].mod_end);
    reserved_end = MAX(reserved_end, mbi_pa + (uint32_t)sizeof(*mbi));
    reserved_end = MAX(reserved_end, mbi->mmap_addr + mbi->mmap_length);
    initrd_init(P2V(initrd_start), initrd_end - initrd_start);   /* before the pages are reused */
    paddr_t top = kalloc_init(mbi, PG_ROUND_UP(reserved_end));

    idt_init();
    idt_load();
    fpu_init_cpu();
    smp_init();             /* APICs or the 8259: before the timer picks its tick source */
    timer_init();
    proc_init();
    shm_init();
    sem_init();
    kprintf("shmos: %u MiB RAM (%u pages free), top 0x%x, initrd %u KiB\n",
            (kalloc_total_pages() * PAGE_SIZE) >> 20, kalloc_free_pages(), top,
            (initrd_end - initrd_start) >> 10);
    cpus[0].started = 1;
    smp_start_aps();        /* they idle in scheduler() until init exists */
    selftest_run(cmdline);
    proc_start_init(cmdline);
    scheduler();
}
