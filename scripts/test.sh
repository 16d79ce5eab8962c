#!/bin/sh
# scripts/test.sh - run every shmos test; `make test` calls it after
# `make all host-tests`.  Prints a line per test program, then every failing
# line, and as its very last line "N passed, N failed"; exits 1 if anything
# failed or timed out.
#
#   1. host tests: tests/host/*.sh in name order, then tests/host/libc/run.sh
#   2. the guest suite: /bin/tests under QEMU (scripts/qemu.sh --cmd tests)
#      with $SMP CPUs, then once more with each CPU count in $EXTRA_SMP;
#      the extra run with $NOSYSENTER_SMP CPUs (default 1) boots with
#      "nosysenter", so that libc makes every system call by int $0x80
#      (the others by sysenter); each run's log must say which it used
#   3. guest scenarios: tests/guest-cmd/*.sh, each booting QEMU itself
# The guest-suite runs boot one after another in the background while 1
# and 3 run, so two QEMUs share the machine at most.
#
# CPUs (environment; `make test SMP=4` passes it on): SMP, the CPU count of
# every boot (default 2); EXTRA_SMP, the CPU counts of the extra guest-suite
# runs (default "1 2 4", less SMP; empty for none); NOSYSENTER_SMP, the CPU
# count of the extra run that boots "nosysenter" (default 1; none if it is
# not an extra run).
#
# Every test program speaks TAP: "1..N", "ok N - ...", "not ok N - ...";
# each ok is a pass, each not ok a failure, and a program that times out,
# stops short of its plan or exits non-zero without saying why counts one
# failure more.
# Logs go to build/test-logs/.  Needs no terminal (CI=true, stdin not a tty).
#
# Time limits, in seconds (environment): HOST_TIMEOUT per host test (120),
# GUEST_TIMEOUT per guest-suite run (300), SCENARIO_TIMEOUT per scenario
# script (180), and TOTAL_TIMEOUT for the whole run (540): no test starts
# with a limit reaching past it, and one that cannot start counts as failed.
set -u
cd "$(dirname "$0")/.." || exit 2
# A fixed order for the globs and plain messages from the tools.
LC_ALL=C
export LC_ALL
# shellcheck source=SCRIPTDIR/../tests/host/lib/qemu-status.sh
. tests/host/lib/qemu-status.sh

: "${HOST_TIMEOUT:=120}" "${GUEST_TIMEOUT:=300}" "${SCENARIO_TIMEOUT:=180}"
: "${TOTAL_TIMEOUT:=540}"
deadline=$(($(date +%s) + TOTAL_TIMEOUT))

# CPU counts: SMP for every boot (the scenarios' boots read it through
# scripts/qemu.sh), and the extra guest-suite runs, each count once.
: "${SMP:=2}" "${EXTRA_SMP=1 2 4}" "${NOSYSENTER_SMP:=1}"
export SMP
extra_smp=""
for n in $SMP $EXTRA_SMP; do
    case $n in
        *[!0-9]*|0*) echo "test.sh: a CPU count must be a number from 1 up, not '$n'" >&2; exit 2 ;;
    esac
    case " $SMP $extra_smp " in
        *" $n "*) ;;
        *) extra_smp="$extra_smp $n" ;;
    esac
done

# budget LIMIT: LIMIT, or less if the total deadline is nearer; 0 if past.
budget() {
    _left=$((deadline - $(date +%s)))
    [ "$_left" -lt 0 ] && _left=0
    [ "$1" -lt "$_left" ] && _left=$1
    echo "$_left"
}
logs=build/test-logs

# Two runs in one tree would wipe each other's logs and fixtures under
# build/: the second one waits for the first.  Children get fd 9 closed, so
# a straggler cannot hold the lock after this script is gone.
mkdir -p build
exec 9> build/.test.lock
if command -v flock > /dev/null 2>&1 && ! flock -n 9; then
    echo "test.sh: another test run is using this tree; waiting for it" >&2
    flock -w 900 9 || { echo "test.sh: still busy, giving up" >&2; exit 2; }
fi
rm -rf "$logs"
mkdir -p "$logs"
failures=$logs/failures.txt
: > "$failures"
passed=0
failed=0

# descendants PID: every process below PID, from /proc (no ps needed).
descendants() {
    cat /proc/[0-9]*/stat 2>/dev/null |
        sed -n 's/^\([0-9]*\) (.*) [A-Za-z] \([0-9]*\) .*/\1 \2/p' | awk -v root="$1" '
        { parent[$1 + 0] = $2 + 0 }
        END {
            for (p in parent) {
                q = parent[p]
                while (q != root && q > 1 && (q in parent))
                    q = parent[q]
                if (q == root)
                    print p
            }
        }'
}

# On an interrupt, stop what this script started (QEMU runs under timeout,
# which puts itself in its own process group, out of reach of Ctrl-C).
on_interrupt() {
    trap - INT TERM HUP
    kids=$(descendants $$)
    # shellcheck disable=SC2086
    [ -n "$kids" ] && kill -TERM $kids 2>/dev/null
    echo "test.sh: interrupted" >&2
    exit 130
}
trap on_interrupt INT TERM HUP

# run_logged LOG COMMAND...: runs COMMAND with stdin from /dev/null and
# stdout+stderr into LOG; returns its status.  Run as a background job and
# waited for, so an interrupt reaches on_interrupt at once.
run_logged() {
    _log=$1
    shift
    "$@" > "$_log" 2>&1 < /dev/null 9>&- &
    wait $!
}

# fail LINE: records one failure.
fail() {
    failed=$((failed + 1))
    echo "$1" >> "$failures"
}

# tally NAME LOG STATUS LIMIT [plan]: counts the TAP results of one test
# program (its LOG, from which \r characters are removed) and the failures
# its exit status adds; prints a line.  With "plan", a missing plan line is
# a failure; without, only a program that reports nothing at all is.
tally() {
    _name=$1
    _tap=$2
    [ -f "$_tap" ] || : > "$_tap"
    tr -d '\r' < "$_tap" > "$_tap.tmp" && mv "$_tap.tmp" "$_tap"
    _ok=$(grep -Ec '^ok [0-9]+' "$_tap")
    _skip=$(grep -Eic '^ok [0-9]+ *(- .*)?# *skip' "$_tap")
    _bad=$(grep -Ec '^not ok [0-9]+' "$_tap")
    _plan=$(sed -n -E 's/^1\.\.([0-9]+).*/\1/p' "$_tap" | head -n 1)
    _before=$failed
    passed=$((passed + _ok))
    grep -E '^not ok [0-9]+' "$_tap" | while IFS= read -r _line; do
        echo "$_name: $_line"
    done >> "$failures"
    failed=$((failed + _bad))
    _bail=$(grep -m 1 -E '^Bail out!' "$_tap")
    [ -n "$_bail" ] && fail "$_name: $_bail"
    if [ "$3" -eq 124 ] || [ "$3" -eq 137 ]; then
        fail "$_name: timed out after $4 s"
    elif [ -n "$_plan" ] && [ $((_ok + _bad)) -lt "$_plan" ]; then
        fail "$_name: only $((_ok + _bad)) of $_plan planned results"
    elif [ -z "$_plan" ] && [ "${5:-}" = plan ]; then
        fail "$_name: no TAP plan line (1..N)"
    elif [ $((_ok + _bad)) -eq 0 ] && [ "$_plan" != 0 ]; then
        fail "$_name: printed no TAP results"
    fi
    if [ "$3" -ne 0 ] && [ "$_bad" -eq 0 ] && [ "$failed" -eq "$_before" ]; then
        fail "$_name: exited with status $3 without reporting a failure"
    fi
    _extra=""
    [ "$_skip" -gt 0 ] && _extra=", $_skip of them skipped"
    if [ "$failed" -eq "$_before" ]; then
        echo "PASS $_name: $_ok passed$_extra"
    else
        echo "FAIL $_name: $_ok passed$_extra, $((failed - _before)) failed (log: $2)"
        # Each failure with the diagnostics ("# ...") printed after it.
        awk '/^not ok [0-9]+/ { show = 1; print "   " $0; next }
             /^#/ && show     { print "   " $0; next }
                              { show = 0 }' "$_tap" | head -n 60
    fi
}

# ---------------------------------------------------------------- guest suite
# Started first: it takes longest.  One boot per CPU count, in turn: the
# main run with $SMP CPUs (logs guest-tests.*), then each extra count N
# (logs guest-tests-Ncpu.*).  qemu.sh enforces each limit; the outer
# timeout only guards against qemu.sh itself getting stuck.

# guest_log_name N: the log name of the guest-suite run with N CPUs.
guest_log_name() {
    if [ "$1" = "$SMP" ]; then echo guest-tests; else echo "guest-tests-$1cpu"; fi
}

# guest_entry N: the system-call entry the run with N CPUs uses.
guest_entry() {
    if [ "$1" != "$SMP" ] && [ "$1" = "$NOSYSENTER_SMP" ]; then echo nosysenter; else echo sysenter; fi
}

(
    for n in $SMP $extra_smp; do
        _name=$(guest_log_name "$n")
        _limit=$(budget "$GUEST_TIMEOUT")
        echo "$_limit" > "$logs/$_name.limit"
        if [ "$_limit" -eq 0 ]; then
            echo 124 > "$logs/$_name.status"
            continue
        fi
        _cmd=tests
        [ "$(guest_entry "$n")" = nosysenter ] && _cmd='nosysenter tests'
        timeout -k 5 $((_limit + 30)) \
            sh scripts/qemu.sh --cmd "$_cmd" --timeout "$_limit" --smp "$n" \
            > "$logs/$_name.raw" 2>&1 < /dev/null 9>&-
        echo $? > "$logs/$_name.status"
    done
) &
guest_job=$!

# run_scripts PREFIX DIR LIMIT SCRIPT...: runs each test script with a time
# limit (LIMIT, or less near the total deadline) and tallies it as
# PREFIX/<its path under DIR>.
run_scripts() {
    _prefix=$1 _dir=$2 _limit=$3
    shift 3
    for t in "$@"; do
        [ -f "$t" ] || continue
        name=$_prefix/${t#"$_dir"/}
        log=$logs/$(echo "$name" | tr '/' '-').log
        limit=$(budget "$_limit")
        if [ "$limit" -eq 0 ]; then
            fail "$name: not run, past the total limit of $TOTAL_TIMEOUT s"
            continue
        fi
        run_logged "$log" timeout -k 5 "$limit" sh "$t"
        tally "$name" "$log" $? "$limit"
    done
}

echo "== host tests"
run_scripts host tests/host "$HOST_TIMEOUT" tests/host/*.sh tests/host/libc/run.sh
echo "== guest scenarios"
run_scripts guest-cmd tests/guest-cmd "$SCENARIO_TIMEOUT" tests/guest-cmd/*.sh

# ---------------------------------------------------------------- guest suite

# cpus N: "N CPU" or "N CPUs".
cpus() {
    if [ "$1" -eq 1 ]; then echo "1 CPU"; else echo "$1 CPUs"; fi
}

# tally_guest N: counts the guest-suite run with N CPUs, named guest/tests
# (the main run) or guest/tests-Ncpu, with the checks only a whole boot
# needs (qemu_failure: QEMU errors, a time-out, a dead guest, a kernel
# panic; then /bin/tests's own exit status).
tally_guest() {
    _base=$(guest_log_name "$1")
    _gname=guest/${_base#guest-}
    _limit=$(cat "$logs/$_base.limit" 2>/dev/null || echo "$GUEST_TIMEOUT")
    _status=$(cat "$logs/$_base.status" 2>/dev/null || echo 125)
    _glog=$logs/$_base.log
    if [ "$_limit" -eq 0 ]; then
        fail "$_gname: not run, past the total limit of $TOTAL_TIMEOUT s"
        echo "FAIL $_gname: not run"
        return
    fi
    tr -d '\r' < "$logs/$_base.raw" > "$_glog" 2>/dev/null || : > "$_glog"
    _gbefore=$failed
    tally "$_gname" "$_glog" 0 "$_limit" plan > /dev/null
    if _why=$(qemu_failure "$_status" "$_glog" "$_limit"); then
        fail "$_gname: $_why"
    elif [ "$_status" -ne 0 ]; then
        fail "$_gname: /bin/tests exited with status $_status"
    fi
    if [ "$(guest_entry "$1")" = nosysenter ]; then
        _entry="int 0x80"
    else
        _entry=sysenter
    fi
    grep -Fxq "# libc enters the kernel by $_entry" "$_glog" ||
        fail "$_gname: libc did not make its system calls by $_entry"
    _oks=$(grep -Ec '^ok [0-9]+' "$_glog")
    if [ "$failed" -eq "$_gbefore" ]; then
        echo "PASS $_gname: $_oks passed"
    else
        echo "FAIL $_gname: $_oks passed, $((failed - _gbefore)) failed (exit status $_status, log: $_glog)"
        echo "-- last 40 lines of guest output:"
        tail -n 40 "$_glog" | sed 's/^/   /'
        echo "--"
    fi
}

wait "$guest_job"
echo "== guest suite (/bin/tests), $(cpus "$SMP")"
tally_guest "$SMP"
for n in $extra_smp; do
    _by=""
    [ "$(guest_entry "$n")" = nosysenter ] && _by=", nosysenter (int \$0x80)"
    echo "== guest suite, $(cpus "$n")$_by"
    tally_guest "$n"
done

# ---------------------------------------------------------------- summary
if [ -s "$failures" ]; then
    echo "== failures"
    cat "$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
