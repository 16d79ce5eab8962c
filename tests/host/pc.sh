#!/bin/sh
# tests/host/pc.sh - user/producer.c and user/consumer.c on Linux (TAP).
# Builds both with the Makefile's host flags and runs them the way the lab
# does: every value 0..N-1 is printed exactly once across the consumers,
# each consumer's values increase, everyone exits 0, and afterwards no
# segment with the run's key and no semaphore with its names is left.
# Also: a consumer that starts first, N = 0, a closed output pipe, usage
# errors, a second producer refused, leftovers of a killed run removed by
# --clean, and a consumer that finds no producer.
# Runs use run numbers (-k) derived from this shell's pid, so parallel runs
# of this test cannot meet; run 0 (the default) is tried only if free.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init

out=build/host/tests/pc
rm -rf "$out"
mkdir -p "$out"
base=$(($$ % 60000 + 1))         # run numbers base .. base+9
PC_KEY=$((0x50430000))

# ---------------------------------------------------------------- helpers
# build NAME: compiles user/NAME.c for Linux into $out/NAME.
build() {
    # shellcheck disable=SC2086
    $CC $HOST_CFLAGS -o "$out/$1" "user/$1.c" -lrt > "$out/$1.build.log" 2>&1
}

# names RUN: the three semaphore files of run RUN under /dev/shm.
names() {
    if [ "$1" -eq 0 ]; then
        _sfx=""
    else
        _sfx="-$1"
    fi
    for _n in empty full mutex; do
        echo "/dev/shm/sem.shmos-pc-$_n$_sfx"
    done
}

# segment_exists RUN: true if a System V segment has RUN's key.
segment_exists() {
    _key=$((PC_KEY + $1))
    if [ -r /proc/sysvipc/shm ]; then
        awk -v k="$_key" 'NR > 1 && $1 == k { found = 1 } END { exit !found }' /proc/sysvipc/shm
    else
        ipcs -m | grep -qi "$(printf '0x%08x' "$_key")"
    fi
}

# leftovers RUN: prints what of run RUN exists (nothing if all is gone).
leftovers() {
    segment_exists "$1" && printf 'segment key 0x%08x\n' $((PC_KEY + $1))
    for _f in $(names "$1"); do
        [ -e "$_f" ] && echo "$_f"
    done
    return 0
}

# nothing_left DESC RUN: a test that run RUN left nothing behind.
nothing_left() {
    _left=$(leftovers "$2")
    if [ -z "$_left" ]; then
        ok "$1: no segment or semaphore of the run is left"
    else
        not_ok "$1: no segment or semaphore of the run is left"
        echo "$_left" | diag
    fi
}

# remove_run RUN: removes whatever is left of run RUN (after a failure).
remove_run() {
    "$out/producer" -k "$1" --clean > /dev/null 2>&1
}

# check_items N FILE...: the "pid: value" lines of the FILEs hold each of
# 0..N-1 exactly once and each pid's values increase; every other line is
# an error.  Prints the problems (none when it succeeds).
check_items() {
    _n=$1
    shift
    awk -v n="$_n" '
        /^[0-9]+: [0-9]+$/ {
            split($0, f, ": ")
            pid = f[1]; v = f[2] + 0
            if ((pid in last) && v <= last[pid])
                printf "pid %s printed %d after %d\n", pid, v, last[pid]
            last[pid] = v
            seen[v]++
            next
        }
        { printf "unexpected line: %s\n", $0 }
        END {
            for (v in seen)
                if (v + 0 < 0 || v + 0 >= n)
                    printf "value %s is outside 0..%d\n", v, n - 1
            bad = 0
            for (v = 0; v < n; v++)
                if (seen[v] != 1 && bad++ < 10)
                    printf "value %d printed %d times\n", v, seen[v]
        }' "$@"
}

# expect_items DESC N FILE...: check_items as a test.
expect_items() {
    items_desc=$1
    items_n=$2
    shift 2
    check_items "$items_n" "$@" > "$out/check.log"
    if [ -s "$out/check.log" ]; then
        not_ok "$items_desc"
        diag < "$out/check.log"
    else
        ok "$items_desc"
    fi
}

# one_pid FILE: FILE's lines all carry the same pid, which is printed.
one_pid() {
    sed -n 's/^\([0-9]*\): .*/\1/p' "$1" | sort -u
}

# run_lab TAG RUN N CONSUMERS: "producer -c CONSUMERS N" and CONSUMERS
# consumers of run RUN, all started together (-c: none of them can come
# after the end, however fast the run); consumer i writes $out/TAG.c<i>
# (stderr to $out/TAG.c<i>.err).  Sets $bad_status to the processes that
# did not exit 0 and $files to the consumers' output files.
run_lab() {
    timeout 60 "$out/producer" -k "$2" -c "$4" "$3" 2> "$out/$1.p.err" &
    _pp=$!
    _pids=""
    files=""
    _i=1
    while [ "$_i" -le "$4" ]; do
        timeout 60 "$out/consumer" -k "$2" > "$out/$1.c$_i" 2> "$out/$1.c$_i.err" &
        _pids="$_pids $!"
        files="$files $out/$1.c$_i"
        _i=$((_i + 1))
    done
    bad_status=""
    wait "$_pp" || bad_status="producer($?)"
    _i=1
    for _p in $_pids; do
        wait "$_p" || bad_status="$bad_status consumer$_i($?)"
        _i=$((_i + 1))
    done
}

# lab TAG DESC RUN N CONSUMERS: run_lab plus its checks, named DESC.
lab() {
    lab_tag=$1
    lab_desc=$2
    shift 2
    run_lab "$lab_tag" "$@"
    if [ -z "$bad_status" ]; then
        ok "$lab_desc: producer and $3 consumer(s) exit 0"
    else
        not_ok "$lab_desc: producer and $3 consumer(s) exit 0 (failed:$bad_status)"
        cat "$out/$lab_tag".*.err 2> /dev/null | diag
    fi
    # shellcheck disable=SC2086
    expect_items "$lab_desc: 0..$(($2 - 1)) each printed once, each consumer's values increasing" \
        "$2" $files
    lab_multi=""
    for lab_f in $files; do
        [ "$(one_pid "$lab_f" | wc -l)" -le 1 ] || lab_multi="$lab_multi $lab_f"
    done
    check "$lab_desc: each consumer prints its own pid on every line" test -z "$lab_multi"
    nothing_left "$lab_desc" "$1"
    remove_run "$1"
}

# ---------------------------------------------------------------- build
built=1
for p in producer consumer; do
    if build "$p"; then
        ok "user/$p.c builds for Linux with HOST_CFLAGS"
    else
        not_ok "user/$p.c builds for Linux with HOST_CFLAGS"
        diag < "$out/$p.build.log"
        built=0
    fi
done
if [ "$built" -eq 0 ]; then
    tap_done
    exit 1
fi

# The consumer that never finds a producer waits 10 s: start it now and
# look at it at the end.
lonely=$((base + 9))
remove_run "$lonely"
( start=$(date +%s)
  "$out/consumer" -k "$lonely" > "$out/lonely.out" 2> "$out/lonely.err"
  echo "$? $(($(date +%s) - start))" > "$out/lonely.status" ) &
lonely_job=$!

# ---------------------------------------------------------------- the lab
lab one "500 items, 1 consumer" "$base" 500 1
lab three "2000 items, 3 consumers" $((base + 1)) 2000 3
lab five "10 items, 5 consumers" $((base + 2)) 10 5

if [ -z "$(leftovers 0)" ]; then
    timeout 60 "$out/producer" 2> "$out/default.p.err" &
    pp=$!
    timeout 60 "$out/consumer" > "$out/default.c1" 2> "$out/default.c1.err"
    cstatus=$?
    wait "$pp"
    pstatus=$?
    check "default run (run 0, 500 items): both exit 0 ($pstatus, $cstatus)" \
        test "$pstatus" -eq 0 -a "$cstatus" -eq 0
    expect_items "default run: 0..499 each printed once, increasing" 500 "$out/default.c1"
    nothing_left "default run" 0
else
    skip "run 0 is in use on this machine: default run not tried"
fi

# The consumer may start first: it waits for the producer.
r=$((base + 3))
"$out/consumer" -k "$r" > "$out/first.c1" 2> "$out/first.c1.err" &
cpid=$!
sleep 0.3
timeout 60 "$out/producer" -k "$r" 100 2> "$out/first.p.err"
pstatus=$?
wait "$cpid"
cstatus=$?
check "consumer started 0.3 s before the producer: both exit 0 ($pstatus, $cstatus)" \
    test "$pstatus" -eq 0 -a "$cstatus" -eq 0
expect_items "consumer started first: 0..99 each printed once, increasing" 100 "$out/first.c1"
nothing_left "consumer started first" "$r"
remove_run "$r"

# N = 0: consumers end at once with nothing printed.
lab zero "0 items, 2 consumers" $((base + 4)) 0 2
check "0 items: nothing printed" test ! -s "$out/zero.c1" -a ! -s "$out/zero.c2"

# A producer told not to wait for consumers (-c 0) that finishes alone (10
# items fit in the ring; 0 items) does not end the run: the run waits for
# a consumer, who gets everything.
for n in 10 0; do
    r=$((base + 8))
    timeout 20 "$out/producer" -k "$r" -c 0 "$n" 2> "$out/alone.p.err"
    st=$?
    left=$(leftovers "$r" | wc -l)
    check "producer -c 0 $n, no consumer: exits 0 ($st), leaving the run for one ($left objects)" \
        test "$st" -eq 0 -a "$left" -eq 4
    timeout 20 "$out/consumer" -k "$r" > "$out/alone.c1" 2> "$out/alone.c1.err"
    st=$?
    check "a consumer started after that producer exited exits 0 ($st)" test "$st" -eq 0
    expect_items "... and gets 0..$((n - 1)), each once, increasing" "$n" "$out/alone.c1"
    nothing_left "producer -c 0 $n alone, then a consumer" "$r"
    remove_run "$r"
done

# A closed output pipe: the consumer keeps taking items (so the run still
# ends and is removed) and exits 1. 100000 lines overflow any pipe buffer,
# so the consumer surely writes after head is gone. The producer waits for
# its consumer (-c 1 is the default), so this also checks the default.
r=$((base + 5))
timeout 60 "$out/producer" -k "$r" 100000 2> "$out/pipe.p.err" &
ppid=$!
( timeout 60 "$out/consumer" -k "$r" 2> "$out/pipe.c1.err"; echo $? > "$out/pipe.status" ) |
    head -n 3 > "$out/pipe.head"
wait "$ppid"
pstatus=$?
n=0
while [ ! -s "$out/pipe.status" ] && [ "$n" -lt 100 ]; do
    sleep 0.05
    n=$((n + 1))
done
check "consumer | head -n 3: the producer still finishes (status $pstatus)" test "$pstatus" -eq 0
check "consumer | head -n 3: the consumer says why it stopped printing" \
    grep -q '^consumer: write: ' "$out/pipe.c1.err"
check "consumer | head -n 3: consumer status 1" test "$(cat "$out/pipe.status")" = 1
check "consumer | head -n 3: head got 3 lines" test "$(wc -l < "$out/pipe.head")" -eq 3
nothing_left "consumer | head -n 3" "$r"
remove_run "$r"

# ---------------------------------------------------------------- errors
for args in "abc" "-5" "10 20" "-k" "-k 70000" "-k x 5" "--bogus" "-c" "-c x" "-c 5000" \
        "--clean 5" "5 --clean"; do
    # shellcheck disable=SC2086
    "$out/producer" $args > /dev/null 2> "$out/usage.err"
    st=$?
    check "producer $args: usage error, status 2 (got $st)" \
        test "$st" -eq 2 -a -n "$(grep '^usage: producer' "$out/usage.err")"
done
for args in "5" "-k" "-k 70000" "-k 1 2"; do
    # shellcheck disable=SC2086
    "$out/consumer" $args > /dev/null 2> "$out/usage.err"
    st=$?
    check "consumer $args: usage error, status 2 (got $st)" \
        test "$st" -eq 2 -a -n "$(grep '^usage: consumer' "$out/usage.err")"
done

# A second producer of a live run is refused and changes nothing; the
# first run then completes normally.
r=$((base + 6))
timeout 60 "$out/producer" -k "$r" 50 2> "$out/second.p1.err" &
p1=$!
n=0
while ! segment_exists "$r" && [ "$n" -lt 100 ]; do
    sleep 0.05
    n=$((n + 1))
done
sleep 0.2
"$out/producer" -k "$r" 5 2> "$out/second.p2.err"
st=$?
check "a second producer of a live run exits 1 ($st)" test "$st" -eq 1
check "... and says the run exists already" grep -q 'exists already' "$out/second.p2.err"
timeout 60 "$out/consumer" -k "$r" > "$out/second.c1" 2> "$out/second.c1.err"
st=$?
wait "$p1"
pst=$?
check "the first run completes (producer $pst, consumer $st)" test "$pst" -eq 0 -a "$st" -eq 0
expect_items "the first run's 50 items arrive intact" 50 "$out/second.c1"
nothing_left "second producer refused" "$r"
remove_run "$r"

# A killed run leaves everything behind; --clean removes it, and the run
# number works again. (A producer with no consumer blocks once the ring is
# full: a sure moment to kill it.)
r=$((base + 7))
"$out/producer" -k "$r" 1000 2> /dev/null &
p1=$!
n=0
while [ "$(leftovers "$r" | wc -l)" -lt 4 ] && [ "$n" -lt 100 ]; do
    sleep 0.05
    n=$((n + 1))
done
sleep 0.1
kill -KILL "$p1" 2> /dev/null
wait "$p1" 2> /dev/null
left=$(leftovers "$r" | wc -l)
check "a killed producer leaves its segment and 3 semaphores ($left objects)" test "$left" -eq 4
"$out/producer" -k "$r" 5 > /dev/null 2> "$out/killed.p2.err"
st=$?
check "a new producer of that run number is refused ($st) and points at --clean" \
    test "$st" -eq 1 -a -n "$(grep -e "-k $r --clean" "$out/killed.p2.err")"
"$out/producer" -k "$r" --clean > "$out/clean.out" 2>&1
st=$?
check "producer --clean exits 0 and reports 4 objects removed" \
    test "$st" -eq 0 -a -n "$(grep 'removed 4 of its 4 objects' "$out/clean.out")"
nothing_left "after --clean" "$r"
lab again "after --clean, 100 items" "$r" 100 1

# ---------------------------------------------------------------- no producer
wait "$lonely_job"
read -r st elapsed < "$out/lonely.status"
check "a consumer with no producer exits 1 ($st)" test "$st" -eq 1
check "... after its 10 s wait (${elapsed} s)" test "$elapsed" -ge 9 -a "$elapsed" -le 20
check "... saying there was no producer" grep -q '^consumer: no producer for run' "$out/lonely.err"
check "... printing nothing on stdout" test ! -s "$out/lonely.out"
nothing_left "a consumer with no producer" "$lonely"

tap_done
