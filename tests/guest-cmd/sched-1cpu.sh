#!/bin/sh
# tests/guest-cmd/sched-1cpu.sh - the scheduler on one CPU (TAP): a switch
# costs the same with 300 more processes asleep in the table (the guest
# test "no table scan" of tests/guest/ptable.c, which measures only on
# one CPU, where every sched_yield switches).
set -u
: "${GUEST_CMD_TIMEOUT:=120}"
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

GUEST_QEMU_ARGS="--smp 1"
if boot switch-1cpu 'tests "no table scan"'; then
    expect_status "tests 'no table scan' on 1 CPU" 0
    if grep -q "^# 4 x 2000 yields: " "$log" && grep -q "^ok 1 - ptable: a switch costs the same" "$log"; then
        ok "switch-1cpu: measured, and no slower with 300 processes asleep"
    else
        not_ok "switch-1cpu: measured, and no slower with 300 processes asleep"
        show_log
    fi
fi
tap_done
