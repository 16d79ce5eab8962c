#!/bin/sh
# tests/guest-cmd/shm.sh - /bin/shm on shmos against shm-posix on Linux
# (TAP).  user/shm.c is the shmos port of user/shm-posix.c: its trace, pids
# masked, must be tests/host/shm-posix.expected line for line, the same
# file tests/host/shm-posix.sh holds the Linux program to.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

expected=tests/host/shm-posix.expected

if boot shm 'shm'; then
    expect_status shm 0
    if grep -Eq '^the [^ ]*shm command started with 1 parameters$' "$log"; then
        ok "shm: prints 'the ... command started with 1 parameters'"
    else
        not_ok "shm: prints 'the ... command started with 1 parameters'"
        show_log
    fi
    # Kernel messages may share the console: keep only the trace lines.
    grep -E '^\[(parent|child) [0-9]+\] ' "$log" |
        sed -E 's/^\[parent [0-9]+\]/[parent P]/; s/^\[child [0-9]+\]/[child C]/' \
        > "$guest_logs/shm.masked"
    if cmp -s "$expected" "$guest_logs/shm.masked"; then
        ok "shm: trace matches $expected line for line (pids masked)"
    else
        not_ok "shm: trace matches $expected line for line (pids masked)"
        diff -u "$expected" "$guest_logs/shm.masked" | sed 's/^/# /'
    fi
fi

# Twice in one boot: the second run must not trip over anything the first
# one left behind.
if boot shm-twice 'shm && shm'; then
    expect_status shm-twice 0
    n=$(grep -c '^\[parent [0-9]*\] destroyed the segment$' "$log")
    check "shm-twice: both runs destroy their segment ($n of 2)" test "$n" -eq 2
fi

tap_done
