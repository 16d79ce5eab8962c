#!/bin/sh
# tests/guest-cmd/lockcheck.sh - the kernel's lock checking fires (TAP).
# Boots with the command line "selftest=NAME" (kernel/selftest.c), which
# makes the boot CPU break a locking rule on purpose; the kernel must panic
# (qemu.sh status 126) with a message that names the rule and the lock.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

# selftest NAME EXPECTED-PANIC-TEXT
selftest() {
    log=$guest_logs/$1.log
    sh scripts/qemu.sh --cmd "selftest=$1" --timeout "$GUEST_CMD_TIMEOUT" \
        > "$guest_logs/$1.raw" 2>&1 < /dev/null
    status=$?
    tr -d '\r' < "$guest_logs/$1.raw" > "$log"
    expect_status "selftest $1: the kernel panics" 126
    if grep -F -q -- "$2" "$log"; then
        ok "selftest $1: the panic says '$2'"
    else
        not_ok "selftest $1: the panic says '$2'"
        show_log
    fi
}

selftest lock-twice "lock 'selftest-a' acquired twice on cpu 0"
selftest sleep-locked "sleep with spinlock 'selftest-a' held"
selftest unlock-unheld "lock 'selftest-a' not held by cpu 0"
tap_done
