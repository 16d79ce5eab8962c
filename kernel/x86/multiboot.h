/* The Multiboot v1 information structure (only the fields shmos reads). */
#ifndef KERNEL_X86_MULTIBOOT_H
#define KERNEL_X86_MULTIBOOT_H
#include <stdint.h>
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_FLAG_MODS    (1u << 3)
#define MBI_FLAG_MMAP    (1u << 6)
struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;                 /* physical address of a C string */
    uint32_t mods_count, mods_addr;   /* physical address of struct multiboot_module[] */
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;  /* physical address of the memory map */
} __attribute__((packed));
struct multiboot_module {
    uint32_t mod_start, mod_end;      /* physical [start, end) */
    uint32_t string, reserved;
} __attribute__((packed));
struct multiboot_mmap_entry {
    uint32_t size;                    /* of the rest of this entry */
    uint64_t addr, len;
    uint32_t type;                    /* 1 = available RAM */
} __attribute__((packed));
#define MMAP_AVAILABLE 1
#endif
