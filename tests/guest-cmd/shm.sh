#!/bin/sh
# tests/guest-cmd/shm.sh - the lab program on shmos against Linux (TAP):
# /bin/shm (the xv6 lab's calls, user/shm.c) and /bin/shm-posix (POSIX
# shared memory, user/shm-posix.c, the same source Linux builds as
# build/host/shm-posix). Their traces, pids masked, must be
# tests/host/shm-posix.expected line for line, the same file
# tests/host/shm-posix.sh holds the Linux build to; the --global trace is
# fixed too. Also: a parent that fails while its child is attached still
# destroys the segment.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

expected=tests/host/shm-posix.expected

# The --global trace, pids masked: the child gives up and exits while the
# parent is silent; the parent then reports.
global_expected=tests/host/shm-posix-global.expected

# expect_trace NAME [EXPECTED]: the boot's "[parent N]"/"[child N]" lines,
# pids masked, are exactly EXPECTED (default $expected; kernel messages
# may share the console: only the trace lines are kept).
expect_trace() {
    _want=${2:-$expected}
    grep -E '^\[(parent|child) [0-9]+\] ' "$log" |
        sed -E 's/^\[parent [0-9]+\]/[parent P]/; s/^\[child [0-9]+\]/[child C]/' \
        > "$guest_logs/$1.masked"
    if cmp -s "$_want" "$guest_logs/$1.masked"; then
        ok "$1: trace matches $_want line for line (pids masked)"
    else
        not_ok "$1: trace matches $_want line for line (pids masked)"
        diff -u "$_want" "$guest_logs/$1.masked" | sed 's/^/# /'
    fi
}

# segments_after MARK: the segment lines of the first ipcs listing after
# the line MARK.
segments_after() {
    ipcs_rows "$1" "Shared Memory Segments"
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

# The Linux program, unchanged: the same trace, and its /dev/shm name gone.
if boot shm-posix 'shm-posix; echo MARK; ls /dev/shm; echo END'; then
    expect_status shm-posix 0
    expect_trace shm-posix
    _left=$(sed -n '/^MARK$/,/^END$/p' "$log" | grep -v '^MARK$\|^END$')
    if [ -z "$_left" ]; then
        ok "shm-posix: /dev/shm is empty afterwards"
    else
        not_ok "shm-posix: /dev/shm is empty afterwards (has: $_left)"
    fi
fi

if boot shm-posix-global 'shm-posix --global'; then
    expect_status shm-posix-global 3
    expect_trace shm-posix-global "$global_expected"
fi

# ipcs lists a live POSIX object: shm-posix --global keeps its segment
# mapped by both processes for 2 s.
if boot shm-posix-ipcs 'shm-posix --global & sleep 1; ipcs; wait'; then
    if grep -Eq '^/shmos-shm-posix-[0-9]+ +8192 +2 +2$' "$log"; then
        ok "shm-posix-ipcs: ipcs lists the object, 8192 bytes, 2 pages, 2 mappings"
    else
        not_ok "shm-posix-ipcs: ipcs lists the object, 8192 bytes, 2 pages, 2 mappings"
        show_log
    fi
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
    expect_trace shm-global "$global_expected"
fi

# The parent fails while the child is attached: on its way out it kills
# and reaps the child, so shm_destroy is not refused (EBUSY) and ipcs
# lists no segment afterwards.
if boot shm-fail 'shm --fail-after-call; echo "shm $?"; echo MARK; ipcs'; then
    expect_status shm-fail 0
    expect_line shm-fail "shm 1"
    check "shm-fail: the parent says it failed on purpose" \
        grep -Eq '^shm: \[parent [0-9]+\] failing on purpose after the call \(--fail-after-call\)$' "$log"
    check "shm-fail: the child did not report a failure of its own" \
        test -z "$(grep -E '^shm: \[child ' "$log")"
    _segs=$(segments_after MARK)
    if [ -z "$_segs" ] && grep -q '^free pages: ' "$log"; then
        ok "shm-fail: ipcs afterwards lists no segment"
    else
        not_ok "shm-fail: ipcs afterwards lists no segment"
        show_log
    fi
fi

tap_done
