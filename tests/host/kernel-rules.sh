#!/bin/sh
# tests/host/kernel-rules.sh - the rules of the kernel's structure that the
# compiler and a search of the tree can check (TAP):
#  - a system call handler whose parameters differ from kernel/syscalls.list,
#    or a handler file that does not include the generated prototypes,
#    does not compile (each paired with the unmodified file, which must);
#  - the core (kernel/*.c, kernel/*.h) reaches the machine only through
#    kernel/arch.h: no header of kernel/x86/ but x86/machine.h (included by
#    arch.h), no inline assembly, no x86-only names;
#  - kernel/x86/ calls up into the core only through kernel/entry.h and
#    the core's services (kprintf/panic, kernel symbols, kalloc, spinlocks,
#    strings);
#  - every core .c file has a header of its own name, except the files that
#    hold nothing but system call handlers (declared in syscall_proto.h).
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init
LC_ALL=C        # the compiler's messages in plain ASCII quotes
export LC_ALL
${MAKE:-make} -s --no-print-directory build/gen/syscall_proto.h build/host/test-flags.sh >&2 || exit 2
. build/host/test-flags.sh || exit 2

out=build/host/tests/kernel-rules
rm -rf "$out"
mkdir -p "$out/kernel"

# compile NAME FILE: compiles FILE as a kernel file (its messages in
# $out/NAME.log); succeeds if the compiler did.
compile() {
    # shellcheck disable=SC2086
    $CC $KERNEL_CFLAGS -c -o "$out/$1.o" "$2" > "$out/$1.log" 2>&1
}

# variant NAME SED-SCRIPT: kernel/shm_sysv.c edited by SED-SCRIPT, in $out/kernel/.
variant() {
    sed "$2" kernel/shm_sysv.c > "$out/kernel/$1.c"
    if cmp -s kernel/shm_sysv.c "$out/kernel/$1.c"; then
        echo "# the edit '$2' changed nothing: kernel/shm_sysv.c no longer has what it edits"
        return 1
    fi
}

if compile unmodified kernel/shm_sysv.c; then
    ok "kernel/shm_sysv.c compiles with the kernel's flags"
else
    not_ok "kernel/shm_sysv.c compiles with the kernel's flags"
    diag < "$out/unmodified.log"
fi

# refused NAME SED-SCRIPT MESSAGE DESCRIPTION: kernel/shm_sysv.c edited by
# SED-SCRIPT must fail to compile, with the compiler saying MESSAGE.
refused() {
    if ! variant "$1" "$2"; then
        not_ok "$4"
    elif compile "$1" "$out/kernel/$1.c"; then
        not_ok "$4"
        echo "# it compiled"
    elif grep -q "$3" "$out/$1.log"; then
        ok "$4"
    else
        not_ok "$4 (for the right reason: $3)"
        diag < "$out/$1.log"
    fi
}

refused extra-param 's/^long sys_shmdt(uaddr_t addr)$/long sys_shmdt(uaddr_t addr, int extra)/' \
    "conflicting types for 'sys_shmdt'" \
    "a handler with a parameter the list does not have (sys_shmdt) does not compile"
refused wrong-type 's/^long sys_shmctl(int id, int cmd, uaddr_t ubuf)$/long sys_shmctl(int id, long cmd, uaddr_t ubuf)/' \
    "conflicting types for 'sys_shmctl'" \
    "a handler with a parameter of another type (sys_shmctl) does not compile"
refused no-proto '/#include "syscall_proto.h"/d' \
    "no previous prototype for 'sys_shm" \
    "a handler file without the generated prototypes does not compile"

# found_none TITLE: ok when $out/found.txt is empty, else not ok with what
# was found (a file, not a pipe: ok and not_ok must run in this shell).
found_none() {
    if [ -s "$out/found.txt" ]; then
        not_ok "$1"
        diag < "$out/found.txt"
    else
        ok "$1"
    fi
}

core_files=$(ls kernel/*.c kernel/*.h)
# shellcheck disable=SC2086
grep -n '#include "x86/' $core_files | grep -v '^kernel/arch.h:[0-9]*:#include "x86/machine.h"' \
    > "$out/found.txt"
found_none "the core includes no header of kernel/x86/ (only arch.h includes x86/machine.h)"
# shellcheck disable=SC2086
grep -nE '__asm__|\basm\b' $core_files > "$out/found.txt"
found_none "the core has no inline assembly"
# shellcheck disable=SC2086
grep -nwE 'PTE_[A-Z]+|PDX|PTX|[lr]cr[0-4]|invlpg|inb|outb|outw|outl|FL_IF|[UK](CODE|DATA)_SEL|T_IPI_[A-Z]+|T_PGFLT|lapic_[a-z_]+|ioapic_[a-z_]+|pic_[a-z_]+|uart_[a-z_]+|smp_[a-z_]+|kernel_pgdir|tf->e[a-z]+' \
    $core_files > "$out/found.txt"
found_none "the core uses no x86-only names (page-table bits, control registers, ports, APICs, registers)"

# Core headers that kernel/x86/ may include: the port interface and the
# entry points, the per-CPU record, and the services.
allowed=' types.h arch.h entry.h cpu.h printk.h ksyms.h lib.h kalloc.h spinlock.h '
for f in kernel/x86/*.c kernel/x86/*.h kernel/x86/*.S; do
    sed -n 's/^#include "\([^"/]*\)".*/\1/p' "$f" | while read -r h; do
        case $allowed in
            *" $h "*) ;;
            *) echo "$f includes core header $h" ;;
        esac
    done
done > "$out/found.txt"
found_none "kernel/x86/ includes only the port interface, entry.h and the core's services"

for c in kernel/*.c; do
    h=${c%.c}.h
    [ -f "$h" ] && continue
    # Without a header, a file may define only system call handlers.
    grep -nE '^[a-z][a-z_0-9 *]*\b[a-z_][a-z_0-9]*\(' "$c" | grep -vE '^[0-9]+:(static |long sys_)' |
        sed "s|^|$c:|"
done > "$out/found.txt"
found_none "every core file has its own header, or defines only system call handlers"

tap_done
