#!/bin/sh
# tests/guest-cmd/gdb.sh - gdb on the kernel through QEMU's stub (TAP).
#   1. shm-posix under gdb in batch mode, with scripts/gdbinit (what make gdb
#      runs): a breakpoint in sys_getpid (only for shm-posix), shmos-bt
#      prints the kernel's frames, the trap frame, and the user program's
#      frames up to main; gdb continues and the guest finishes normally.
#   2. PANIC=halt: the selftest panic stops at the breakpoint gdbinit puts
#      on panic, with the deliberate call chain in the backtrace; continued,
#      the kernel halts (cpu_halt_forever) instead of powering off.
# Skipped if gdb is missing (scripts/deps.sh installs it).
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

if ! command -v gdb > /dev/null 2>&1; then
    skip "gdb tests (no gdb: apt-get install gdb)"
    tap_done
    exit 0
fi

# free_port: a TCP port nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
        2>/dev/null || echo $((20000 + $$ % 20000))
}

# gdb_boot NAME QEMU_CMD GDB_SCRIPT [ENV=VALUE]: boots QEMU_CMD stopped
# with the stub on a free port, runs gdb in batch mode with scripts/gdbinit
# and then GDB_SCRIPT, and waits for QEMU. Sets $log (gdb's output),
# $qlog (the console) and $status (qemu.sh's exit status).
gdb_boot() {
    port=$(free_port)
    log=$guest_logs/$1.gdb.log
    qlog=$guest_logs/$1.console.log
    printf '%s\n' "$3" > "$guest_logs/$1.gdb"
    env ${4:-} sh scripts/qemu.sh --gdb "$port" --smp 1 --cmd "$2" \
        --timeout "$GUEST_CMD_TIMEOUT" > "$guest_logs/$1.raw" 2>&1 < /dev/null &
    qpid=$!
    timeout "$GUEST_CMD_TIMEOUT" gdb -q -batch -nx -ex "set \$shmos_port = $port" \
        -x scripts/gdbinit -x "$guest_logs/$1.gdb" > "$log" 2>&1 < /dev/null
    wait "$qpid"
    status=$?
    tr -d '\r' < "$guest_logs/$1.raw" > "$qlog"
}

# ---------------------------------------------------------------- 1
gdb_boot getpid shm-posix '
shmos-user shm-posix
break sys_getpid if $_streq($shmos_proc()->name, "shm-posix")
continue
shmos-bt
delete
continue'
check "gdb: the breakpoint in sys_getpid is hit for shm-posix" \
    grep -q '^Breakpoint 2, sys_getpid ()' "$log"
check "gdb: shmos-bt goes from sys_getpid through the trap frame to shm-posix's main" \
    match_in_order "$log" '^#0  sys_getpid \(\)' '(sysenter_trap|trap) \(tf=' \
        '^--- user mode \(trap frame at 0x[0-9a-f]+: system call 9, ' \
        '^#0  0x[0-9a-f]+ in __syscall0 \(\)' ' in create_segment \(\) at user/shm-posix\.c:' \
        ' in main \(.*\) at user/shm-posix\.c:'
check "gdb: continued, shm-posix finishes and the guest powers off with status 0 ($status)" \
    test "$status" -eq 0
check "gdb: the console shows shm-posix's last line" \
    grep -q '^\[parent [0-9]*\] destroyed the segment$' "$qlog"
[ "$tap_failed" -eq 0 ] || { sed 's/^/# /' "$log" | tail -n 30; }

# ---------------------------------------------------------------- 2
gdb_boot panic selftest=panic '
continue
bt
delete
break cpu_halt_forever
continue
bt
kill' PANIC=halt
check "PANIC=halt: gdb stops at the breakpoint on panic" grep -q '^Breakpoint 1, panic (' "$log"
check "PANIC=halt: gdb's backtrace has the deliberate chain" \
    match_in_order "$log" '^#0  panic \(' ' in panic_inner \(' ' in panic_middle \(' ' in panic_outer \('
check "PANIC=halt: after the report the kernel halts, it does not power off" \
    match_in_order "$log" '^Breakpoint 2, cpu_halt_forever \(' ' in panic \('
check "PANIC=halt: the console says it halted for gdb" \
    grep -q 'halted after the panic (panic=halt)' "$qlog"
check "PANIC=halt: QEMU did not exit with the panic's power-off status 126 ($status)" \
    test "$status" -ne 126
tap_done
