/* Thin wrappers around x86 instructions that only the port uses (the
 * ones the core needs too are in x86/machine.h). */
#ifndef KERNEL_X86_X86_H
#define KERNEL_X86_X86_H
#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "d"(port));
    return v;
}
static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "d"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "d"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "d"(port)); }
static inline void hlt(void) { __asm__ volatile("hlt"); }
static inline uint32_t rcr0(void) { uint32_t v; __asm__ volatile("movl %%cr0, %0" : "=r"(v)); return v; }
static inline void lcr0(uint32_t v) { __asm__ volatile("movl %0, %%cr0" : : "r"(v)); }
static inline uint32_t rcr2(void) { uint32_t v; __asm__ volatile("movl %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t rcr3(void) { uint32_t v; __asm__ volatile("movl %%cr3, %0" : "=r"(v)); return v; }
static inline void lcr3(uint32_t v) { __asm__ volatile("movl %0, %%cr3" : : "r"(v) : "memory"); }
static inline uint32_t rcr4(void) { uint32_t v; __asm__ volatile("movl %%cr4, %0" : "=r"(v)); return v; }
static inline void lcr4(uint32_t v) { __asm__ volatile("movl %0, %%cr4" : : "r"(v)); }
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
#endif
