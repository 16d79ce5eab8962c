/* Interrupt, exception and system-call entry. 256 stubs, 16 bytes apart,
 * each pushing a zero error code when the CPU does not push one, then the
 * vector number; trap_common saves the rest of struct trapframe, makes
 * sure the kernel's segments are loaded, and calls trap(tf).
 * sysenter_entry builds the same frame for a system call made with
 * sysenter (the convention: x86/sysenter.h).
 * Segment registers are loaded only when they hold something else: each
 * load is a descriptor fetch (slow under QEMU's TCG). The kernel's %ds and
 * %es are UDATA_SEL, as user mode's normally are, %gs its per-CPU segment;
 * it never uses %fs. Whatever the user loaded is saved in the frame and
 * put back on the way out. */
#include "x86/mmu.h"
#include "x86/sysenter.h"

/* Load sel into sreg unless it is already there (clobbers %eax). */
.macro load_seg sreg, sel
    movl \sreg, %eax
    cmpw $\sel, %ax
    je 1f
    movl $\sel, %eax
    movl %eax, \sreg
1:
.endm

/* The kernel's segments, after the frame is saved. */
.macro kernel_segments
    load_seg %ds, UDATA_SEL
    load_seg %es, UDATA_SEL
    load_seg %gs, KCPU_SEL
.endm

/* The rest of struct trapframe, below the vector, then the kernel's
 * segments. */
.macro save_frame
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    pushal
    kernel_segments
.endm

/* Put back the frame's segment off(%esp) into sreg unless it is already
 * there (clobbers %eax; only %esp-relative accesses may follow). */
.macro restore_seg sreg, off
    movl \sreg, %eax
    cmpw \off(%esp), %ax
    je 1f
    movw \off(%esp), \sreg
1:
.endm

.macro user_segments
    restore_seg %gs, TF_GS
    restore_seg %fs, TF_FS
    restore_seg %es, TF_ES
    restore_seg %ds, TF_DS
.endm

    .text
    .align 16
    .globl trap_stubs
trap_stubs:
    .set vec, 0
    .rept 256
    .align 16
    .if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21)
    .else
    pushl $0
    .endif
    pushl $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    cld                             /* the user may have set DF: the kernel's rep movs/stos count up */
    save_frame
    pushl %esp
    call trap
    .globl trap_called
trap_called:                        /* trap()'s return address: backtrace_pcs and shmos.py look for it */
    addl $4, %esp
    .globl trap_return
trap_return:
    user_segments
    popal
    addl $24, %esp                  /* segments, vector and error code */
    iret

/* sysenter lands here (MSR_SYSENTER_EIP) in ring 0 with interrupts off,
 * on this CPU's current kernel stack top (MSR_SYSENTER_ESP, set with the
 * TSS's esp0), and everything else as the user left it, EFLAGS included.
 * The kernel must not run with the user's DF (its copies count up) or NT
 * (an iret would switch tasks); AC does nothing in ring 0. A user's TF
 * single-steps into this code and gets SIGTRAP (trap.c: sysenter_fault).
 * popfl ends QEMU's translation block, so it is only paid for NT. */
    .globl sysenter_entry
sysenter_entry:
    pushl $UDATA_SEL                /* ss */
    pushl %ebp                      /* esp: [ebp] and [ebp + 4] are popped below */
    pushfl                          /* eflags: the user's, but IF, which sysenter cleared */
    .globl sysenter_flags_clean
sysenter_flags_clean:
    cld
    testl $FL_NT, (%esp)
    jnz 4f
5:  orl $FL_IF, (%esp)              /* user mode always runs with interrupts on */
    pushl $UCODE_SEL                /* cs */
    pushl $0                        /* eip: [ebp], below */
    pushl $TF_SYSENTER              /* err: this frame may leave by sysexit */
    pushl $T_SYSCALL
    save_frame
    /* Only a user address may be read, and only a user address returned
     * to. The reads go through %ss (flat), whatever the user's %ds; a page
     * fault on them is the user's (sysenter_fault). */
    cmpl $(SYSENTER_USER_TOP - 8), %ebp
    ja 2f
    .globl sysenter_uread
sysenter_uread:
    movl 0(%ebp), %ecx              /* the return address */
    movl 4(%ebp), %edx              /* the sixth argument: the ebp to return */
    .globl sysenter_uread_end
sysenter_uread_end:
    cmpl $SYSENTER_USER_TOP, %ecx
    jae 2f
    movl %ecx, TF_EIP(%esp)
    movl %edx, TF_EBP(%esp)
    leal 8(%ebp), %eax
    movl %eax, TF_ESP(%esp)
    sti                             /* system calls run with interrupts on, as through int $0x80 */
    .globl sysenter_call_trap
sysenter_call_trap:                 /* for gdb's backtrace, which names the caller by pc - 1 */
    pushl %esp
    call sysenter_trap
    .globl sysenter_called
sysenter_called:                    /* its return address (scripts/gdb/shmos.py) */
    addl $4, %esp
    cli
    cmpl $TF_SYSENTER, TF_ERR(%esp)
    jne trap_return                 /* the frame was rewritten (exec): only iret restores it all */
    user_segments
    popal
    addl $24, %esp                  /* segments, vector and error code */
    movl 0(%esp), %edx              /* sysexit: eip from edx, esp from ecx */
    movl 12(%esp), %ecx
    addl $8, %esp                   /* eip, cs */
    popfl                           /* the user's flags, IF on: an interrupt here */
    sysexit                         /* returns to this sysexit (it saves ecx, edx) */
4:  pushl $FL_FIXED                 /* NT set: the kernel's flags all clear */
    popfl
    jmp 5b
2:  pushl %ecx                      /* the return address, if read */
    pushl %ebp                      /* the user stack */
    pushl %esp
    addl $8, (%esp)                 /* tf */
    call sysenter_reject            /* kills the process: never returns */
3:  hlt
    jmp 3b

    .section .note.GNU-stack, "", @progbits
