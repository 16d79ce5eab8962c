#!/bin/sh
# tests/host/bench-measure.sh - bench's measuring harness on Linux (TAP):
#  - user/bench/measure.c driven by tests/host/bench/fixture.c's made-up
#    figures: each figure line carries its spread; an attempt whose rounds
#    are more than 2x apart (and only then) is measured again, up to -a
#    attempts, each noisy one announced; a figure noisy in every attempt is
#    printed from its best-agreeing attempt and marked noisy; -i idles after
#    "bench: done";
#  - the real bench, built for Linux (build/host/static/bench, the
#    reference's /init), with the shortest rounds: every figure, among them
#    clock_gettime_ns, in the format scripts/bench.sh reads.
# No time is asserted: the fixture's times are made up, and the real run
# is only checked for its shape.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init

out=build/host/tests/bench-measure
rm -rf "$out"
mkdir -p "$out"

# shellcheck disable=SC2086 # HOST_CFLAGS is a list of flags
if $CC $HOST_CFLAGS -iquote user/bench -o "$out/fixture" tests/host/bench/fixture.c \
        user/bench/measure.c user/lib/monotime.c 2> "$out/cc.log"; then
    ok "the fixture builds with user/bench/measure.c"
else
    not_ok "the fixture builds with user/bench/measure.c"
    diag < "$out/cc.log"
    tap_done
    exit 1
fi

# has FILE LINE DESCRIPTION: ok when FILE has exactly LINE as a line.
has() {
    if grep -qxF -- "$2" "$1"; then
        ok "$3"
    else
        not_ok "$3"
        echo "# no line '$2' in:"
        diag < "$1"
    fi
}

# count_of FILE PATTERN: the number of lines matching the extended regex.
count_of() {
    grep -cE -- "$2" "$1"
}

"$out/fixture" -t 1 -r 5 -a 3 -i 1 > "$out/a3.log" 2>&1
check "the fixture run exits 0" [ $? -eq 0 ]
has "$out/a3.log" "steady_us 30000.0 us spread 1.00" \
    "quiet rounds: the fastest, with spread 1.00, not noisy"
check "quiet rounds are measured once" [ "$(count_of "$out/a3.log" '^bench: steady_us noisy')" -eq 0 ]
has "$out/a3.log" "edge_us 30000.0 us spread 2.00" \
    "rounds exactly 2x apart are not noisy"
check "rounds exactly 2x apart are not measured again" \
    [ "$(count_of "$out/a3.log" '^bench: edge_us noisy')" -eq 0 ]
has "$out/a3.log" "bench: once_us noisy (slowest round 3.00 x the fastest), measuring again" \
    "a noisy attempt is announced and measured again"
has "$out/a3.log" "once_us 33000.0 us spread 1.00" \
    "a figure quiet in its second attempt is printed from that attempt, not noisy"
check "a figure quiet in its second attempt is measured twice only" \
    [ "$(count_of "$out/a3.log" '^bench: once_us noisy')" -eq 1 ]
check "a figure noisy every time is measured -a times" \
    [ "$(count_of "$out/a3.log" '^bench: always_us noisy')" -eq 3 ]
has "$out/a3.log" "bench: always_us noisy (slowest round 3.33 x the fastest), giving up" \
    "the last noisy attempt says the harness gives up"
has "$out/a3.log" "always_us 30000.0 us spread 2.33 noisy" \
    "a figure noisy every time: its best-agreeing attempt, marked noisy"
has "$out/a3.log" "rate_per_s 33.3 items/s spread 1.00" \
    "a rate is printed per second, with its spread"
done_line=$(grep -nxF "bench: done" "$out/a3.log" | cut -d: -f1)
idle_line=$(grep -nxF "bench: idle 1 s" "$out/a3.log" | cut -d: -f1)
if [ -n "$done_line" ] && [ -n "$idle_line" ] && [ "$idle_line" -gt "$done_line" ]; then
    ok "-i 1 says it idles, after bench: done"
else
    not_ok "-i 1 says it idles, after bench: done"
    diag < "$out/a3.log"
fi
has "$out/a3.log" "bench: clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo 'unknown (no sysfs)')" \
    "on Linux it reports the kernel's clock source"

"$out/fixture" -t 1 -r 5 -a 1 > "$out/a1.log" 2>&1
check "-a 1: a noisy figure is measured once" \
    [ "$(count_of "$out/a1.log" '^bench: always_us noisy')" -eq 1 ]
has "$out/a1.log" "always_us 30000.0 us spread 3.00 noisy" \
    "-a 1: the noisy figure is printed, marked noisy"

# The real program, as the Linux reference runs it, with the shortest rounds.
if ${MAKE:-make} -s --no-print-directory build/host/static/bench > "$out/make.log" 2>&1; then
    timeout 120 build/host/static/bench -t 1 -r 2 -a 1 > "$out/bench.log" 2>&1
    check "build/host/static/bench -t 1 -r 2 -a 1 exits 0" [ $? -eq 0 ]
    bad=$(grep -vE '^bench: |^[a-z0-9_]+_(ns|us|per_s) [0-9]+\.[0-9] (ns|us|items/s) spread [0-9]+\.[0-9]{2}( noisy)?$' "$out/bench.log")
    if [ -z "$bad" ]; then
        ok "every line of the real bench is a figure with its spread, or a bench: line"
    else
        not_ok "every line of the real bench is a figure with its spread, or a bench: line"
        printf '%s\n' "$bad" | diag
    fi
    for f in getppid_ns clock_gettime_ns fork_exit_wait_us pipe_rtt_us sem_rtt_us \
             sem_pair_ns sem_counter4_ns sysv_sem_rtt_us pc_items_per_s \
             pc_unnamed_items_per_s pc_sysv_items_per_s; do
        check "the real bench prints $f" grep -qE "^$f [0-9]" "$out/bench.log"
    done
else
    not_ok "build/host/static/bench builds"
    diag < "$out/make.log"
fi

tap_done
