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
#     (pages never handed out are free pages too).
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
tap_done
