# shellcheck shell=sh
# tests/guest-cmd/lib/keyboard.sh - an interactive boot (no --cmd) whose
# keyboard is a fifo, for console.sh, tty.sh and lineedit.sh (sourced after
# guest.sh and guest_init). Keys are typed only once the output shows what
# they wait for, so the tests do not depend on timing.

# keyboard_boot NAME SECONDS: boots in the background; keys go to fd 3.
# Sets $raw (the output as it comes) and $log (written by keyboard_end).
keyboard_boot() {
    raw=$guest_logs/$1.raw
    log=$guest_logs/$1.log
    fifo=$guest_logs/$1.in
    rm -f "$fifo"
    mkfifo "$fifo"
    sh scripts/qemu.sh --timeout "$2" < "$fifo" > "$raw" 2>&1 &
    qemu_pid=$!
    exec 3> "$fifo"
}

# seen N TEXT: waits up to 60 s for the N-th line containing TEXT. 0 or 1.
seen() {
    _i=0
    while [ "$(tr -d '\r' < "$raw" | grep -c -F -- "$2")" -lt "$1" ]; do
        _i=$((_i + 1))
        [ $_i -gt 600 ] && return 1
        sleep 0.1
    done
}

# prompts N: waits up to 30 s for the N-th prompt ("# " as root, "$ "
# otherwise): a line that starts with it (the shell's line editor redraws
# its line after each key). 0 or 1.
prompts() {
    _i=0
    while [ "$(tr -d '\r' < "$raw" | grep -c '^[#$] ')" -lt "$1" ]; do
        _i=$((_i + 1))
        [ $_i -gt 300 ] && return 1
        sleep 0.1
    done
}

# type_at N KEYS: after the N-th prompt, types KEYS (printf escapes allowed).
type_at() {
    if prompts "$1"; then
        # shellcheck disable=SC2059 # KEYS holds the escapes on purpose
        printf "$2" >&3
    else
        not_ok "prompt $1 appeared (before typing '$2')"
    fi
}

# type_after N TEXT KEYS: once TEXT appeared N times, types KEYS.
type_after() {
    if seen "$1" "$2"; then
        # shellcheck disable=SC2059 # KEYS holds the escapes on purpose
        printf "$3" >&3
    else
        not_ok "'$2' appeared (before typing '$3')"
    fi
}

# keyboard_end: waits for QEMU to exit; sets $status and writes $log (the
# output without \r).
keyboard_end() {
    wait "$qemu_pid"
    status=$?
    exec 3>&-
    tr -d '\r' < "$raw" > "$log"
    rm -f "$fifo"
}
