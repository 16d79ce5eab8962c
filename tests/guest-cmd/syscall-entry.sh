#!/bin/sh
# tests/guest-cmd/syscall-entry.sh - the system-call entry a boot picks (TAP).
# A plain boot uses sysenter; one with "nosysenter" first on the command
# line (taken off by the kernel before init sees the rest) uses int $0x80:
# the kernel says so, libc follows its auxiliary vector, a raw sysenter is
# refused, and the command after the option still runs. The whole suite on
# int $0x80 is scripts/test.sh's 1-CPU run.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

if boot sysenter 'tests offer; echo "status $?"'; then
    expect_status sysenter 0
    expect_line sysenter "shmos: system calls by sysenter"
    expect_line sysenter "# libc enters the kernel by sysenter"
    expect_line sysenter "status 0"
fi

if boot nosysenter 'nosysenter tests offer; echo "status $?"'; then
    expect_status nosysenter 0
    expect_line nosysenter "shmos: system calls by int 0x80 (nosysenter)"
    expect_line nosysenter "# libc enters the kernel by int 0x80"
    expect_no_line nosysenter "# the kernel offers sysenter: only a nosysenter boot tests this"
    expect_line nosysenter "status 0"
fi
tap_done
