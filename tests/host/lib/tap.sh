# tests/host/lib/tap.sh - TAP helpers for the host test scripts (sourced,
# not run: it lives outside tests/host/*.sh on purpose).
# A script calls tap_init, then ok/not_ok/check/skip, then tap_done last.

# Moves to the repository root and loads the build's compiler flags
# (build/host/test-flags.sh, written by `make host-tests`).
tap_init() {
    cd "$(dirname "$0")/../.." || exit 1
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
