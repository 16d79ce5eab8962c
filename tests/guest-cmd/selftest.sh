#!/bin/sh
# tests/guest-cmd/selftest.sh - the kernel's boot self-tests (TAP). Each
# boots with the command line "selftest=NAME" (kernel/selftest.c):
#   - the lock checks: the boot CPU breaks a locking rule on purpose, and
#     the kernel must panic (qemu.sh status 126) with a message that names
#     the rule and the lock;
#   - the page allocator: kalloc-all takes every free page (each must come
#     zero-filled), frees them all and powers off with status 0 if the
#     counts agree; kfree-unused frees the last page of RAM, which nothing
#     has taken yet, and the allocator must see a double free and panic
#     (pages never handed out are free pages too);
#   - the kernel-stack guard pages: kstack-overflow recurses on a kernel
#     stack into its guard page, and the double fault must panic clearly;
#   - the panic report: a deliberate panic three calls deep must name
#     them in its backtrace; a deliberate fault in kernel mode must decode
#     its trap frame and name the faulting function.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

# selftest NAME STATUS TEXT: boot selftest=NAME; expect STATUS and TEXT.
selftest() {
    log=$guest_logs/$1.log
    sh scripts/qemu.sh --cmd "selftest=$1" --timeout "$GUEST_CMD_TIMEOUT" \
        > "$guest_logs/$1.raw" 2>&1 < /dev/null
    status=$?
    tr -d '\r' < "$guest_logs/$1.raw" > "$log"
    expect_status "selftest $1: status $2" "$2"
    if grep -F -q -- "$3" "$log"; then
        ok "selftest $1: the console says '$3'"
    else
        not_ok "selftest $1: the console says '$3'"
        show_log
    fi
}

selftest lock-twice 126 "lock 'selftest-a' acquired twice on cpu 0"
selftest sleep-locked 126 "sleep with spinlock 'selftest-a' held"
selftest unlock-unheld 126 "lock 'selftest-a' not held by cpu 0"
selftest kalloc-all 0 "selftest kalloc-all: passed"
selftest kfree-unused 126 "kfree: double free of page"
# A kernel stack that overflows hits its guard page: the double-fault task
# (its own stack) reports it and names the function that overflowed.
selftest kstack-overflow 126 "kernel panic on cpu 0: kernel stack overflow, on an unused process's stack: esp 0x"
check "selftest kstack-overflow: the panic names kstack_deep" \
    grep -Eq 'kernel stack overflow.*eip 0x[0-9a-f]+ kstack_deep\+0x[0-9a-f]+$' "$log"
# A panic names the functions of its backtrace (the kernel's own symbol
# table), innermost first, with their offsets.
selftest panic 126 "kernel panic on cpu 0: selftest panic: deliberate, 2 calls deep"
check "selftest panic: the backtrace names panic_inner, panic_middle, panic_outer, selftest_run in order" \
    awk '/^  #[0-9]+ 0x[0-9a-f]+ panic_inner\+0x[0-9a-f]+$/ { a = NR }
         /^  #[0-9]+ 0x[0-9a-f]+ panic_middle\+0x[0-9a-f]+$/ && a { b = NR }
         /^  #[0-9]+ 0x[0-9a-f]+ panic_outer\+0x[0-9a-f]+$/ && b { c = NR }
         /^  #[0-9]+ 0x[0-9a-f]+ selftest_run\+0x[0-9a-f]+$/ && c { d = NR }
         END { exit !(a && a < b && b < c && c < d) }' "$log"
# A fault in kernel mode: the frame decoded, and the backtrace goes through
# it to the function that faulted.
selftest fault 126 "kernel fault: page fault in kernel mode, frame:"
for line in "  trap 14 (page fault) err 0x2 cr2 0x10 (not present, write, kernel mode)" \
        "kernel panic on cpu 0: fault in kernel mode"; do
    check "selftest fault: the console says '$line'" grep -Fxq -- "$line" "$log"
done
check "selftest fault: the frame's eip is named fault_write" \
    grep -Eq '^  eip 0x[0-9a-f]+ fault_write\+0x[0-9a-f]+ cs 0x8 \(kernel mode\)' "$log"
check "selftest fault: the backtrace goes through the trap frame to fault_write, then selftest_run" \
    awk '/ trap_called\+0x0$/ { a = NR } / fault_write\+0x/ && a { b = NR }
         / selftest_run\+0x/ && b { c = NR } END { exit !(a && b == a + 1 && c == b + 1) }' "$log"
tap_done
