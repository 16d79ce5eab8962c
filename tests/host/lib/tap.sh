# shellcheck shell=sh
# tests/host/lib/tap.sh - TAP for every test script (sourced, not run: it
# lives outside tests/host/*.sh on purpose): tests/host/*.sh,
# tests/host/libc/run.sh and, through tests/guest-cmd/lib/guest.sh, the
# boot scenarios. scripts/test.sh reads what they print.
# A script calls tap_init, then ok/not_ok/check/skip/tap_run, then tap_done
# last.

# tap_init [ROOT]: moves to the repository root, ROOT (default: two levels
# above the script, as for tests/host/NAME.sh), and loads the build's
# compiler flags (build/host/test-flags.sh, written by `make host-tests`).
# shellcheck disable=SC2120 # ROOT is optional
tap_init() {
    cd "${1:-$(dirname "$0")/../..}" || exit 1
    tap_n=0
    tap_failed=0
    if [ ! -f build/host/test-flags.sh ]; then
        ${MAKE:-make} -s --no-print-directory build/host/test-flags.sh >&2
    fi
    # shellcheck disable=SC1091
    . build/host/test-flags.sh || exit 1
}

ok() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $*"
}

not_ok() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $*"
}

skip() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n # SKIP $*"
}

# check DESCRIPTION COMMAND [ARG...]: ok when the command succeeds.
check() {
    _desc=$1
    shift
    if "$@"; then ok "$_desc"; else not_ok "$_desc"; fi
}

# program_sources NAME: the C files of program NAME as the Makefile builds
# it: user/NAME.c, or every user/NAME/*.c; then the helpers, user/lib/*.c.
program_sources() {
    if [ -f "user/$1.c" ]; then
        echo "user/$1.c"
    else
        echo user/"$1"/*.c
    fi
    echo user/lib/*.c
}

# tap_run DESCRIPTION COMMAND [ARG...]: runs a C test program that prints
# TAP through tests/lib/tap.c, its results numbered on from this script's
# (TAP_FIRST) and without a plan (TAP_NO_PLAN=1); shows them and counts
# them as this script's. A program that exits non-zero without a failed
# result adds the failure "DESCRIPTION exited with status N".
tap_run() {
    _desc=$1
    shift
    _run_log=$(mktemp "${TMPDIR:-/tmp}/tap-run.XXXXXX") || exit 1
    TAP_FIRST=$tap_n TAP_NO_PLAN=1 "$@" > "$_run_log"
    _run_status=$?
    cat "$_run_log"
    _run_bad=$(grep -Ec '^not ok [0-9]+' "$_run_log")
    tap_n=$((tap_n + $(grep -Ec '^(not )?ok [0-9]+' "$_run_log")))
    tap_failed=$((tap_failed + _run_bad))
    rm -f "$_run_log"
    if [ "$_run_status" -ne 0 ] && [ "$_run_bad" -eq 0 ]; then
        not_ok "$_desc exited with status $_run_status"
    fi
}

# Copies stdin to stdout as TAP diagnostics ("# " prefix), at most 40 lines.
diag() {
    head -n 40 | sed 's/^/# /'
}

# Shows a file as diagnostics under a title, if it is not empty.
diag_file() {
    if [ -s "$2" ]; then
        echo "# $1:"
        diag < "$2"
    fi
}

# same_file EXPECTED ACTUAL: true when identical; otherwise prints a diff
# as diagnostics.
same_file() {
    if cmp -s "$1" "$2"; then
        return 0
    fi
    diff -u "$1" "$2" | diag
    return 1
}

# Prints the plan and exits 0 only if every test passed.
tap_done() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}
