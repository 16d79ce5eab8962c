# shellcheck shell=sh
# tests/guest-cmd/lib/guest.sh - helpers for the guest scenario tests
# (sourced by tests/guest-cmd/*.sh; kept out of that glob on purpose).
# A scenario boots shmos with scripts/qemu.sh --cmd 'CMDS', which runs
# sh -c 'CMDS' as init's child, powers off and exits with its status, then
# checks the exit status and the serial output, printing TAP with the
# helpers of tests/host/lib/tap.sh (ok, not_ok, check, tap_done, ...).

# shellcheck source=SCRIPTDIR/../../host/lib/tap.sh
. "$(dirname "$0")/../host/lib/tap.sh"
# shellcheck source=SCRIPTDIR/../../host/lib/qemu-status.sh
. "$(dirname "$0")/../host/lib/qemu-status.sh"

# Moves to the repository root and prepares the log directory.
guest_init() {
    cd "$(dirname "$0")/../.." || exit 1
    tap_n=0
    tap_failed=0
    guest_dead=""
    guest_logs=build/test-logs/guest-cmd/$(basename "$0" .sh)
    rm -rf "$guest_logs"
    mkdir -p "$guest_logs"
    : "${GUEST_CMD_TIMEOUT:=30}"
}

# boot NAME CMDS: boots the guest running CMDS.  Sets $status (the guest's
# exit status, 124 timeout, 125 died, 126 panic) and $log, the serial output
# with the \r characters removed (raw copy in $guest_logs/NAME.raw).
# Returns 1, with a failed test, when the guest did not run the command to
# its end (qemu_failure: QEMU failed, the guest timed out, died or
# panicked): the caller then skips its checks.  After one such failure the
# guest is assumed broken and later boots are not tried, so a kernel that
# hangs costs one timeout, not one per scenario.
# GUEST_QEMU_ARGS adds qemu.sh options (e.g. --initrd FILE). With GUEST_ISO
# set, the guest boots that CD image instead (qemu.sh --iso), which runs
# its own command: CMDS then only describes it.
boot() {
    log=$guest_logs/$1.log
    if [ -n "$guest_dead" ]; then
        not_ok "$1: not run, an earlier boot failed ($guest_dead)"
        status=125
        : > "$log"
        return 1
    fi
    if [ -n "${GUEST_ISO:-}" ]; then
        set -- "$1" "$2" --iso "$GUEST_ISO"
    else
        set -- "$1" "$2" --cmd "$2"
    fi
    # shellcheck disable=SC2086 # GUEST_QEMU_ARGS: extra qemu.sh options
    sh scripts/qemu.sh "$3" "$4" --timeout "$GUEST_CMD_TIMEOUT" \
        ${GUEST_QEMU_ARGS:-} > "$guest_logs/$1.raw" 2>&1 < /dev/null
    status=$?
    tr -d '\r' < "$guest_logs/$1.raw" > "$log"
    _why=$(qemu_failure "$status" "$log" "$GUEST_CMD_TIMEOUT")
    if [ -n "$_why" ]; then
        not_ok "$1: the guest runs '$2' and powers off ($_why)"
        show_log
        guest_dead="$1: $_why"
        return 1
    fi
    return 0
}

# Prints the last 40 lines of the current boot's output as diagnostics.
show_log() {
    echo "# last lines of $log:"
    tail -n 40 "$log" | sed 's/^/#   /'
}

# expect_status NAME WANT: the boot's exit status is WANT.
expect_status() {
    if [ "$status" -eq "$2" ]; then
        ok "$1: exit status $2"
    else
        not_ok "$1: exit status $2 (got $status)"
        show_log
    fi
}

# has_line TEXT: the output has a line exactly equal to TEXT.
has_line() {
    grep -Fxq -- "$1" "$log"
}

# line_no TEXT: number of the first line equal to TEXT, 0 if none.
line_no() {
    awk -v t="$1" '$0 == t { print NR; f = 1; exit } END { if (!f) print 0 }' "$log"
}

# expect_line NAME TEXT: the output has the line TEXT.
expect_line() {
    if has_line "$2"; then
        ok "$1: prints '$2'"
    else
        not_ok "$1: prints '$2'"
        show_log
    fi
}

# expect_no_line NAME TEXT: the output has no line TEXT.
expect_no_line() {
    if has_line "$2"; then
        not_ok "$1: does not print '$2'"
        show_log
    else
        ok "$1: does not print '$2'"
    fi
}

# expect_lines_in_order NAME LINE...: each LINE is present, in this order.
expect_lines_in_order() {
    _name=$1
    shift
    _prev=0
    _good=1
    _what=""
    for _l in "$@"; do
        _what="$_what${_what:+, }'$_l'"
        _n=$(line_no "$_l")
        if [ "$_n" -eq 0 ] || [ "$_n" -le "$_prev" ]; then
            _good=0
        fi
        _prev=$_n
    done
    if [ "$_good" -eq 1 ]; then
        ok "$_name: prints $_what in order"
    else
        not_ok "$_name: prints $_what in order"
        show_log
    fi
}

# match_in_order FILE ERE...: each extended regular expression matches a
# line of FILE, each on a later line than the one before (awk's regular
# expressions, passed through the environment, so "\(" stays as written).
match_in_order() {
    _file=$1
    shift
    _from=0
    for _re in "$@"; do
        _n=$(RE=$_re awk -v from="$_from" 'NR > from && $0 ~ ENVIRON["RE"] { print NR; exit }' "$_file")
        [ -n "$_n" ] || return 1
        _from=$_n
    done
}

# ipcs_rows MARK TITLE: the object lines of section TITLE ("Shared Memory
# Segments", "Semaphore Arrays", "POSIX Shared Memory Objects", "POSIX
# Named Semaphores") in the first ipcs listing after the line MARK (from
# the start of the output if MARK is empty): the lines after its
# "------ TITLE --------" line and column header, up to the blank line
# that ends the section.
ipcs_rows() {
    awk -v mark="$1" -v t="------ $2 --------" '
        BEGIN { on = mark == "" }
        !on && $0 == mark { on = 1; next }
        on && !sec && $0 == t { sec = 1; getline; next }
        sec && $0 == "" { exit }
        sec { print }' "$log"
}
