#!/bin/sh
# tests/guest-cmd/shm.sh - /bin/shm on shmos against shm-posix on Linux
# (TAP).  Both are built from user/shm.c: the shmos trace, pids masked,
# must be tests/host/shm-posix.expected line for line, the same file
# tests/host/shm-posix.sh holds the Linux build to.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

expected=tests/host/shm-posix.expected

# expect_trace NAME: the boot's "[parent N]"/"[child N]" lines, pids masked,
# are exactly $expected (kernel messages may share the console: only the
# trace lines are kept).
expect_trace() {
    grep -E '^\[(parent|child) [0-9]+\] ' "$log" |
        sed -E 's/^\[parent [0-9]+\]/[parent P]/; s/^\[child [0-9]+\]/[child C]/' \
        > "$guest_logs/$1.masked"
    if cmp -s "$expected" "$guest_logs/$1.masked"; then
        ok "$1: trace matches $expected line for line (pids masked)"
    else
        not_ok "$1: trace matches $expected line for line (pids masked)"
        diff -u "$expected" "$guest_logs/$1.masked" | sed 's/^/# /'
    fi
}

if boot shm 'shm'; then
    expect_status shm 0
    if grep -Eq '^the [^ ]*shm command started with 1 parameters$' "$log"; then
        ok "shm: prints 'the ... command started with 1 parameters'"
    else
        not_ok "shm: prints 'the ... command started with 1 parameters'"
    fi
    expect_trace shm
fi

# Through a pipe: dprintf flushes every line, so the order survives.
if boot shm-pipe 'shm | cat'; then
    expect_status shm-pipe 0
    expect_trace shm-pipe
fi

# Twice in one boot: the second run must not trip over anything the first
# one left behind.
if boot shm-twice 'shm; shm'; then
    expect_status shm-twice 0
    n=$(grep -c '^\[parent [0-9]*\] destroyed the segment$' "$log")
    check "shm-twice: both runs destroy their segment ($n of 2)" test "$n" -eq 2
fi

# A global variable is copied by fork, not shared: both sides give up.
if boot shm-global 'shm --global'; then
    expect_status shm-global 3
    for who in "parent [0-9]+\] gave up after 2 s: the child's" \
               "child [0-9]+\] gave up after 2 s: the parent's"; do
        if grep -Eq "^\[$who store to the global variable was never seen$" "$log"; then
            ok "shm-global: ${who%% *} reports the store was never seen"
        else
            not_ok "shm-global: ${who%% *} reports the store was never seen"
            show_log
        fi
    done
    check "shm-global: the parent still destroys the segment" \
        grep -Eq '^\[parent [0-9]+\] destroyed the segment$' "$log"
fi

tap_done
