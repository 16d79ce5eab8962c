/* The sysenter/sysexit system-call path: the MSRs on every CPU, what user
 * space is told about it (AT_HWCAP), and the checks on what the user hands
 * the entry stub (trapentry.S). The convention is in x86/sysenter.h. */
#include "x86/sysenter.h"
#include "cpu.h"
#include "entry.h"
#include "printk.h"
#include "shmos/signal.h"
#include "x86/mmu.h"
#include "x86/x86.h"

_Static_assert(offsetof(struct trapframe, ebp) == TF_EBP, "TF_EBP");
_Static_assert(offsetof(struct trapframe, gs) == TF_GS, "TF_GS");
_Static_assert(offsetof(struct trapframe, fs) == TF_FS, "TF_FS");
_Static_assert(offsetof(struct trapframe, es) == TF_ES, "TF_ES");
_Static_assert(offsetof(struct trapframe, ds) == TF_DS, "TF_DS");
_Static_assert(offsetof(struct trapframe, err) == TF_ERR, "TF_ERR");
_Static_assert(offsetof(struct trapframe, eip) == TF_EIP, "TF_EIP");
_Static_assert(offsetof(struct trapframe, esp) == TF_ESP, "TF_ESP");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");
_Static_assert(SYSENTER_USER_TOP == USER_TOP, "the stub's idea of user space");
/* sysenter loads CS and SS from MSR_SYSENTER_CS and the next slot; sysexit
 * the two after those, with RPL 3 (SDM vol. 2, SYSENTER/SYSEXIT). */
_Static_assert(SEG_KDATA == SEG_KCODE + 1 && SEG_UCODE == SEG_KCODE + 2 &&
               SEG_UDATA == SEG_KCODE + 3, "the GDT order sysenter and sysexit use");

static bool enabled;            /* [I] set on the boot CPU before the others start */
static uint32_t cpu_features;   /* [I] CPUID leaf 1 EDX */

/* CPUID leaf: r gets EAX EBX ECX EDX. */
static void cpuid_leaf(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

/* Does this CPU really have sysenter? (The Pentium Pro's family 6,
 * model < 3, stepping < 3 report SEP without it.) */
static bool cpu_has_sep(void)
{
    uint32_t r[4];
    cpuid_leaf(0, r);
    if (r[0] < 1)
        return false;
    cpuid_leaf(1, r);
    cpu_features = r[3];
    uint32_t family = (r[0] >> 8) & 0xF, model = (r[0] >> 4) & 0xF, stepping = r[0] & 0xF;
    if (family == 6 && model < 3 && stepping < 3)
        return false;
    return r[3] & CPUID1_EDX_SEP;
}

void sysenter_init_cpu(void)
{
    if (!enabled)
        return;         /* MSR_SYSENTER_CS stays 0: sysenter raises #GP (SIGSEGV) */
    wrmsr(MSR_SYSENTER_CS, KCODE_SEL);
    wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
    wrmsr(MSR_SYSENTER_ESP, mycpu()->arch.ts.esp0);
}

void sysenter_init(bool enable)
{
    bool have = cpu_has_sep();
    enabled = enable && have;
    kprintf("shmos: system calls by %s\n", enabled ? "sysenter" :
            have ? "int 0x80 (nosysenter)" : "int 0x80 (the CPU has no sysenter)");
    sysenter_init_cpu();
}

void sysenter_set_kstack(uintptr_t top)
{
    if (enabled)
        wrmsr(MSR_SYSENTER_ESP, top);
}

uint32_t machine_hwcap(void)
{
    return enabled ? cpu_features | CPUID1_EDX_SEP : cpu_features & ~CPUID1_EDX_SEP;
}

void sysenter_reject(struct trapframe *tf, uint32_t addr, uint32_t ret)
{
    (void)tf;
    bool bad_stack = addr > USER_TOP - 8;       /* else ret was read, and is no user address */
    struct user_fault f = {
        .signal = SIGSEGV, .trap = T_SYSCALL, .addr = addr, .pc = bad_stack ? 0 : ret,
        .trap_name = bad_stack ? "sysenter: bad user stack" : "sysenter: bad return address",
    };
    kernel_user_fault(&f);      /* not resolvable: does not return */
    panic("sysenter_reject: the process survived");
}

bool sysenter_fault(const struct trapframe *tf, const char *trap_name)
{
    uint32_t pc = tf->eip;
    struct user_fault f = { .trap = tf->trapno, .trap_name = trap_name };
    if (tf->trapno == T_PGFLT && pc >= (uint32_t)sysenter_uread && pc < (uint32_t)sysenter_uread_end) {
        /* Reading [ebp] as the user would have: a page not yet filled is
         * filled (and the read retried), anything else kills. */
        f.signal = SIGSEGV;
        f.trap_name = "page fault reading the sysenter stack";
        f.page_fault = true;
        f.addr = rcr2();
        f.write = false;
        kernel_user_fault(&f);
        return true;
    }
    if (tf->trapno == T_DEBUG && pc >= (uint32_t)sysenter_entry && pc <= (uint32_t)sysenter_flags_clean) {
        /* sysenter keeps EFLAGS.TF: the user single-steps into the stub
         * until it clears the flags. Through int $0x80 the same program
         * would get SIGTRAP after the call; here it gets it before. */
        f.signal = SIGTRAP;
        kernel_user_fault(&f);
        panic("sysenter_fault: the process survived");
    }
    return false;
}
