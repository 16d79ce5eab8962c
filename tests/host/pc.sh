#!/bin/sh
# tests/host/pc.sh - user/producer.c and user/consumer.c on Linux (TAP).
# Builds both with the Makefile's host flags and runs them the way the lab
# does: every value 0..N-1 is printed exactly once across the consumers,
# each consumer's values increase, everyone exits 0, and afterwards no
# segment with the run's key and no semaphore with its names is left.
# Also: a consumer that starts first, N = 0, a closed output pipe, usage
# errors, a second producer refused, leftovers of a killed run removed by
# --clean, and a consumer that finds no producer. And no one waits forever
# or leaves the run behind when a partner fails or dies: a producer short
# of consumers gives up after 10 s; a killed producer (even one left a
# zombie) is noticed by its consumers, also by one that joins its
# leftovers; a killed consumer is noticed by the producer; a producer
# whose setup fails or dies is reported for what it is.
# The same runs with each kind of semaphores (--unnamed, --sysv beside the
# default named ones): several consumers, exactly-once delivery, nothing
# left (no segment or System V set with the run's key, no semaphore file
# in /dev/shm); a consumer of the wrong kind refused; a killed producer
# noticed; with --sysv, a process killed while it holds the mutex does not
# block the run (SEM_UNDO gives the unit back).
# Runs use run numbers (-k) derived from this shell's pid, so parallel runs
# of this test cannot meet; run 0 (the default) is tried only if free.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init

out=build/host/tests/pc
rm -rf "$out"
mkdir -p "$out"
base=$(($$ % 60000 + 1))         # run numbers base .. base+31
PC_KEY=$((0x50430000))

# ---------------------------------------------------------------- helpers
# build OUT NAME [FLAG...]: compiles program NAME for Linux into $out/OUT
# as the Makefile does (HOST_CFLAGS, then the FLAGs); the compiler's
# messages go to $out/OUT.build.log.
build() {
    _out=$1 _name=$2
    shift 2
    # shellcheck disable=SC2046,SC2086
    $CC $HOST_CFLAGS "$@" -o "$out/$_out" $(program_sources "$_name") -lrt \
        > "$out/$_out.build.log" 2>&1
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

# set_exists RUN: true if a System V semaphore set has RUN's key.
set_exists() {
    _key=$((PC_KEY + $1))
    if [ -r /proc/sysvipc/sem ]; then
        awk -v k="$_key" 'NR > 1 && $1 == k { found = 1 } END { exit !found }' /proc/sysvipc/sem
    else
        ipcs -s | grep -qi "$(printf '0x%08x' "$_key")"
    fi
}

# leftovers RUN: prints what of run RUN exists (nothing if all is gone):
# the segment, a System V set with its key, the semaphore names.
leftovers() {
    segment_exists "$1" && printf 'segment key 0x%08x\n' $((PC_KEY + $1))
    set_exists "$1" && printf 'semaphore set key 0x%08x\n' $((PC_KEY + $1))
    for _f in $(names "$1"); do
        [ -e "$_f" ] && echo "$_f"
    done
    return 0
}

# nothing_left DESC RUN: a test that run RUN left nothing behind.
nothing_left() {
    _left=$(leftovers "$2")
    if [ -z "$_left" ]; then
        ok "$1: no segment, semaphore set or semaphore of the run is left"
    else
        not_ok "$1: no segment, semaphore set or semaphore of the run is left"
        echo "$_left" | diag
    fi
}

# remove_run RUN: removes whatever is left of run RUN (after a failure).
remove_run() {
    "$out/producer" -k "$1" --clean > /dev/null 2>&1
}

# attached RUN: the attach count of run RUN's segment (empty if none).
attached() {
    awk -v k=$((PC_KEY + $1)) 'NR > 1 && $1 == k { print $7 }' /proc/sysvipc/shm 2> /dev/null
}

# wait_attached RUN N SECONDS: polls until N processes are attached to run
# RUN's segment; false if that does not happen in time.
wait_attached() {
    _tries=$(($3 * 20))
    while [ "$(attached "$1")" != "$2" ]; do
        [ "$_tries" -gt 0 ] || return 1
        sleep 0.05
        _tries=$((_tries - 1))
    done
}

# blocked_in_write PID: polls (up to 10 s) until process PID is blocked in
# write(2) (x86-64 system call 1) on two samples in a row: a consumer
# whose output is full holds no semaphore, so it can be killed safely.
blocked_in_write() {
    _tries=200
    _seen=0
    while [ "$_tries" -gt 0 ]; do
        if [ "$(cut -d' ' -f1 "/proc/$1/syscall" 2> /dev/null)" = 1 ]; then
            _seen=$((_seen + 1))
            [ "$_seen" -ge 2 ] && return 0
        else
            _seen=0
        fi
        sleep 0.05
        _tries=$((_tries - 1))
    done
    return 1
}

# unreaped PIDFILE ERRFILE CMD...: runs CMD in the background as the child
# of a process that never reaps it (sleep), so that CMD, once killed, stays
# a zombie; CMD's pid goes to PIDFILE, its stderr to ERRFILE, and $holder
# is the sleep (kill it to let init reap CMD).
unreaped() {
    _pidf=$1
    _errf=$2
    shift 2
    PIDF=$_pidf ERRF=$_errf sh -c '"$@" 2> "$ERRF" & echo $! > "$PIDF"; exec sleep 60' sh "$@" \
        > /dev/null &
    holder=$!
    _tries=100
    while [ ! -s "$_pidf" ] && [ "$_tries" -gt 0 ]; do
        sleep 0.05
        _tries=$((_tries - 1))
    done
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# zombie PID: true if PID has exited and not been reaped.
zombie() {
    [ "$(sed 's/.*) //' "/proc/$1/stat" 2> /dev/null | cut -d' ' -f1)" = Z ]
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

# run_lab TAG RUN N CONSUMERS [MODE]: "producer MODE -c CONSUMERS N" and
# CONSUMERS "consumer MODE" of run RUN (MODE: --unnamed, --sysv, or none
# for named semaphores), all started together (-c: none of them can come
# after the end, however fast the run); consumer i writes $out/TAG.c<i>
# (stderr to $out/TAG.c<i>.err).  Sets $bad_status to the processes that
# did not exit 0 and $files to the consumers' output files.
run_lab() {
    # shellcheck disable=SC2086 # MODE: one word or none
    timeout 60 "$out/producer" ${5:-} -k "$2" -c "$4" "$3" 2> "$out/$1.p.err" &
    _pp=$!
    _pids=""
    files=""
    _i=1
    while [ "$_i" -le "$4" ]; do
        # shellcheck disable=SC2086
        timeout 60 "$out/consumer" -k "$2" ${5:-} > "$out/$1.c$_i" 2> "$out/$1.c$_i.err" &
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

# lab TAG DESC RUN N CONSUMERS [MODE]: run_lab plus its checks, named DESC.
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
    if build "$p" "$p"; then
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
# Strict ISO C: the programs define the POSIX feature macros they need.
for p in producer consumer; do
    if build "$p-c11" "$p" -std=c11; then
        ok "user/$p.c builds for Linux with -std=c11 too"
    else
        not_ok "user/$p.c builds for Linux with -std=c11 too"
        diag < "$out/$p-c11.build.log"
    fi
done

# The consumer that never finds a producer waits 10 s: start it now and
# look at it at the end.
lonely=$((base + 9))
remove_run "$lonely"
( start=$(date +%s)
  "$out/consumer" -k "$lonely" > "$out/lonely.out" 2> "$out/lonely.err"
  echo "$? $(($(date +%s) - start))" > "$out/lonely.status" ) &
lonely_job=$!

# A producer told to wait for 2 consumers that gets only 1 gives up after
# its 10 s too (it used to wait forever), and wakes its consumer: both
# exit 1 and the run is removed. Also looked at the end.
few=$((base + 10))
remove_run "$few"
( start=$(date +%s)
  timeout 30 "$out/producer" -k "$few" -c 2 20 2> "$out/few.p.err" &
  fp=$!
  timeout 30 "$out/consumer" -k "$few" > "$out/few.c1" 2> "$out/few.c1.err"
  cst=$?
  wait "$fp"
  echo "$? $cst $(($(date +%s) - start))" > "$out/few.status" ) &
few_job=$!

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
        "--clean 5" "5 --clean" "--sysv --unnamed" "--sysv 5 --sysv" "--named"; do
    # shellcheck disable=SC2086
    "$out/producer" $args > /dev/null 2> "$out/usage.err"
    st=$?
    check "producer $args: usage error, status 2 (got $st)" \
        test "$st" -eq 2 -a -n "$(grep '^usage: producer' "$out/usage.err")"
done
for args in "5" "-k" "-k 70000" "-k 1 2" "-k 1 -k 2" "--unnamed --sysv" "--sysv --sysv"; do
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

# objects MODE: how many objects a run with MODE's semaphores has: its
# segment, plus 3 names (named), 1 set (--sysv) or nothing (--unnamed).
objects() {
    case ${1:-} in
        --sysv) echo 2 ;;
        --unnamed) echo 1 ;;
        *) echo 4 ;;
    esac
}

# kill_set_up_producer RUN N [MODE]: starts "producer MODE -k RUN N", waits
# (up to 5 s) until its segment and semaphores exist, and SIGKILLs it while
# it waits for a consumer (it holds no semaphore then).
kill_set_up_producer() {
    # shellcheck disable=SC2086
    "$out/producer" ${3:-} -k "$1" "$2" 2> /dev/null &
    _p=$!
    _n=0
    while [ "$(leftovers "$1" | wc -l)" -lt "$(objects "${3:-}")" ] && [ "$_n" -lt 100 ]; do
        sleep 0.05
        _n=$((_n + 1))
    done
    sleep 0.2
    kill -KILL "$_p" 2> /dev/null
    wait "$_p" 2> /dev/null
}

# A killed run leaves everything behind; --clean removes it, and the run
# number works again. (A producer waiting for its consumer holds no
# semaphore: a sure moment to kill it.)
r=$((base + 7))
kill_set_up_producer "$r" 1000
left=$(leftovers "$r" | wc -l)
check "a killed producer leaves its segment and 3 semaphores ($left objects)" test "$left" -eq 4
"$out/producer" -k "$r" 5 > /dev/null 2> "$out/killed.p2.err"
st=$?
check "a new producer of that run number is refused ($st) and points at --clean" \
    test "$st" -eq 1 -a -n "$(grep -e "-k $r --clean" "$out/killed.p2.err")"
"$out/producer" -k "$r" --clean > "$out/clean.out" 2>&1
st=$?
check "producer --clean exits 0 and reports 4 objects removed" \
    test "$st" -eq 0 -a -n "$(grep -F 'removed 4 objects (segment 1, semaphore set 0, semaphore names 3)' "$out/clean.out")"
nothing_left "after --clean" "$r"
lab again "after --clean, 100 items" "$r" 100 1

# ---------------------------------------------------------------- dead partners
# The producer is killed while its consumer waits (it waits for a second
# consumer: it holds no semaphore), and its parent does not reap it: the
# consumer must see through the zombie, say the producer died, and remove
# the run (it used to wait forever).
r=$((base + 11))
unreaped "$out/pkill.pid" "$out/pkill.p.err" "$out/producer" -k "$r" -c 2 20
timeout 30 "$out/consumer" -k "$r" > "$out/pkill.c1" 2> "$out/pkill.c1.err" &
cjob=$!
pp=$(cat "$out/pkill.pid")
if wait_attached "$r" 2 5; then
    kill -KILL "$pp"
    start=$(now_ms)
    wait "$cjob"
    st=$?
    elapsed=$(($(now_ms) - start))
    check "producer killed (left a zombie) while its consumer waits: the consumer exits 1 ($st)" \
        test "$st" -eq 1
    check "... within 3 s (${elapsed} ms)" test "$elapsed" -lt 3000
    check "... while the producer was still unreaped" zombie "$pp"
    check "... saying the producer died" \
        grep -q "^consumer: run $r was abandoned: its producer died before the end (producer pid $pp)\$" \
        "$out/pkill.c1.err"
    nothing_left "producer killed while its consumer waits" "$r"
else
    not_ok "producer killed while its consumer waits: both attached (got '$(attached "$r")')"
    kill -KILL "$pp" "$cjob" 2> /dev/null
    wait "$cjob"
fi
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null
remove_run "$r"

# A killed producer's leftovers (set up, names there, producer gone): a
# consumer that joins them says so and removes them (it used to wait
# forever).
r=$((base + 12))
kill_set_up_producer "$r" 20
start=$(now_ms)
timeout 30 "$out/consumer" -k "$r" > "$out/late.c1" 2> "$out/late.c1.err"
st=$?
elapsed=$(($(now_ms) - start))
check "a consumer joining a killed producer's leftovers exits 1 ($st) within 3 s (${elapsed} ms)" \
    test "$st" -eq 1 -a "$elapsed" -lt 3000
check "... saying the producer died" \
    grep -q "^consumer: run $r was abandoned: its producer died before the end" "$out/late.c1.err"
nothing_left "a consumer joining a killed producer's leftovers" "$r"
remove_run "$r"

if [ "$(uname -m)" = x86_64 ] && [ -r /proc/self/syscall ]; then
    # The only consumer is killed mid-run (while blocked writing to a full
    # fifo: it holds no semaphore). The producer, blocked on a full ring,
    # notices, says so, exits 1 and removes the run (it used to wait
    # forever).
    r=$((base + 13))
    timeout 30 "$out/producer" -k "$r" 1000000 2> "$out/ckill.p.err" &
    pjob=$!
    mkfifo "$out/ckill.fifo"
    "$out/consumer" -k "$r" > "$out/ckill.fifo" 2> /dev/null &
    cp=$!
    sleep 60 < "$out/ckill.fifo" &
    reader=$!
    if blocked_in_write "$cp"; then
        kill -KILL "$cp"
        wait "$cp" 2> /dev/null
        start=$(now_ms)
        wait "$pjob"
        st=$?
        elapsed=$(($(now_ms) - start))
        check "its only consumer killed: the producer exits 1 ($st) within 3 s (${elapsed} ms)" \
            test "$st" -eq 1 -a "$elapsed" -lt 3000
        check "... saying every consumer is gone" \
            grep -Eq "^producer: every consumer of run $r is gone \(killed\?\) with [0-9]+ of 1000000 items not taken: giving up\$" \
            "$out/ckill.p.err"
        nothing_left "the only consumer killed" "$r"
    else
        not_ok "the only consumer killed: it blocks writing to a full fifo"
        kill -KILL "$cp" "$pjob" 2> /dev/null
    fi
    kill "$reader" 2> /dev/null
    wait "$reader" 2> /dev/null
    remove_run "$r"

    # One of two consumers is killed the same way: the other and the
    # producer finish normally, and the run is still removed (a killed
    # consumer used to keep it alive for ever).
    r=$((base + 14))
    timeout 60 "$out/producer" -k "$r" -c 2 200000 2> "$out/ckill2.p.err" &
    pjob=$!
    mkfifo "$out/ckill2.fifo"
    "$out/consumer" -k "$r" > "$out/ckill2.fifo" 2> /dev/null &
    cp=$!
    sleep 60 < "$out/ckill2.fifo" &
    reader=$!
    timeout 60 "$out/consumer" -k "$r" > "$out/ckill2.c2" 2> "$out/ckill2.c2.err" &
    c2job=$!
    if blocked_in_write "$cp"; then
        kill -KILL "$cp"
        wait "$cp" 2> /dev/null
        wait "$c2job"
        st=$?
        wait "$pjob"
        pst=$?
        check "one of two consumers killed: the producer and the other consumer exit 0 ($pst, $st)" \
            test "$pst" -eq 0 -a "$st" -eq 0
        nothing_left "one of two consumers killed" "$r"
    else
        not_ok "one of two consumers killed: it blocks writing to a full fifo"
        kill -KILL "$cp" "$pjob" "$c2job" 2> /dev/null
    fi
    kill "$reader" 2> /dev/null
    wait "$reader" 2> /dev/null
    remove_run "$r"
else
    skip "killed consumers: needs /proc/PID/syscall on x86-64 to kill them safely"
fi

# A producer that cannot set the run up (a directory where a semaphore
# goes makes sem_open fail) says why and leaves nothing of the run.
r=$((base + 15))
remove_run "$r"
mkdir "/dev/shm/sem.shmos-pc-full-$r"
"$out/producer" -k "$r" 5 > /dev/null 2> "$out/setup.p.err"
st=$?
rmdir "/dev/shm/sem.shmos-pc-full-$r"
check "a producer whose sem_open fails exits 1 ($st) naming the semaphore" \
    test "$st" -eq 1 -a -n "$(grep "^producer: /shmos-pc-full-$r: " "$out/setup.p.err")"
nothing_left "a producer whose sem_open fails" "$r"

# A consumer attached to a segment that is never set up is told why at
# once, rather than after 10 s with a guess: a stand-in producer creates
# the segment, waits 0.5 s (the consumer attaches), then marks the setup
# failed, dies, or has the segment removed.
cat > "$out/fake-producer.c" << 'END_OF_C'
/* fake-producer RUN fail|die|remove: creates run RUN's segment as the
 * producer does, waits 0.5 s, then, instead of setting the run up: fail -
 * marks it failed and removes it; die - exits, leaving it; remove -
 * removes it. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pc.h"

int main(int argc, char **argv)
{
    struct pc_run r;
    if (argc != 3)
        return 2;
    pc_run_init(&r, atoi(argv[1]), PC_NAMED);
    int id = shmget(pc_key(&r), sizeof(struct pc_ring), IPC_CREAT | IPC_EXCL | 0600);
    struct pc_ring *q = id < 0 ? (void *)-1 : shmat(id, NULL, 0);
    if (q == (void *)-1)
        return 1;
    nap_ms(500);
    if (strcmp(argv[2], "fail") == 0)
        __atomic_store_n(&q->magic, PC_MAGIC_FAILED, __ATOMIC_RELEASE);
    if (strcmp(argv[2], "die") != 0)
        shmctl(id, IPC_RMID, NULL);
    return 0;
}
END_OF_C
# shellcheck disable=SC2086
if $CC $HOST_CFLAGS -o "$out/fake-producer" "$out/fake-producer.c" user/lib/*.c -lrt \
        > "$out/fake.log" 2>&1; then
    for mode in fail die remove; do
        case $mode in
            fail) want="^consumer: the producer of run $r could not set it up \(see its message\)\$" ;;
            die) want="^consumer: the producer of run $r \(pid [0-9]+\) died before setting it up \('producer -k $r --clean' removes what it left\)\$" ;;
            remove) want="^consumer: run $r was removed before its producer set it up\$" ;;
        esac
        remove_run "$r"
        start=$(now_ms)
        timeout 30 "$out/consumer" -k "$r" > "$out/fake.c1" 2> "$out/fake.c1.err" &
        cjob=$!
        sleep 0.2
        "$out/fake-producer" "$r" "$mode"
        wait "$cjob"
        st=$?
        elapsed=$(($(now_ms) - start))
        if [ "$st" -eq 1 ] && [ "$elapsed" -lt 3000 ] && grep -Eq "$want" "$out/fake.c1.err"; then
            ok "setup $mode: the waiting consumer exits 1 at once (${elapsed} ms) and says so"
        else
            not_ok "setup $mode: the waiting consumer exits 1 at once and says so (status $st, ${elapsed} ms)"
            diag < "$out/fake.c1.err"
        fi
    done
    remove_run "$r"
else
    not_ok "the stand-in producer builds"
    diag < "$out/fake.log"
fi

# ---------------------------------------------------------------- the three kinds
# Each kind of semaphores: a producer with several consumers, every value
# exactly once, nothing left (lab's nothing_left looks for the segment and
# a System V set with the run's key, and the semaphore files).
r=$((base + 16))
for mode in --unnamed --sysv; do
    kind=${mode#--}
    lab "$kind-three" "$mode: 2000 items, 3 consumers" "$r" 2000 3 "$mode"
    lab "$kind-five" "$mode: 10 items, 5 consumers" $((r + 1)) 10 5 "$mode"
    lab "$kind-zero" "$mode: 0 items, 2 consumers" $((r + 2)) 0 2 "$mode"
    check "$mode, 0 items: nothing printed" test ! -s "$out/$kind-zero.c1" -a ! -s "$out/$kind-zero.c2"
    r=$((r + 3))
done
check "--sysv: the 2000-item run used a semaphore set, not named semaphores" \
    test ! -s "$out/sysv-three.p.err"

# -c 0, each kind: the producer finishes alone with 10 items in the ring,
# the run (segment, plus the set for --sysv) waits for a consumer.
r=$((base + 22))
for mode in --unnamed --sysv; do
    timeout 20 "$out/producer" "$mode" -k "$r" -c 0 10 2> "$out/alone$mode.p.err"
    st=$?
    left=$(leftovers "$r")
    want=$(objects "$mode")
    check "producer $mode -c 0 10: exits 0 ($st), leaving its $want objects (got: $(echo $left))" \
        test "$st" -eq 0 -a "$(echo "$left" | grep -c .)" -eq "$want" -a \
        -z "$(echo "$left" | grep /dev/shm)"
    timeout 20 "$out/consumer" "$mode" -k "$r" > "$out/alone$mode.c1" 2> "$out/alone$mode.c1.err"
    st=$?
    check "consumer $mode after that producer exited: exits 0 ($st)" test "$st" -eq 0
    expect_items "... and gets 0..9, each once, increasing" 10 "$out/alone$mode.c1"
    nothing_left "producer $mode -c 0 10 alone, then a consumer" "$r"
    remove_run "$r"
done

# A consumer of another kind than its run's says which option to use and
# exits 1 without joining; the run goes on with a consumer of its kind.
r=$((base + 23))
timeout 30 "$out/producer" --sysv -k "$r" 20 2> "$out/mismatch.p.err" &
pp=$!
timeout 30 "$out/consumer" -k "$r" > "$out/mismatch.c1" 2> "$out/mismatch.c1.err"
st1=$?
timeout 30 "$out/consumer" --unnamed -k "$r" > "$out/mismatch.c2" 2> "$out/mismatch.c2.err"
st2=$?
timeout 30 "$out/consumer" --sysv -k "$r" > "$out/mismatch.c3" 2> "$out/mismatch.c3.err"
st3=$?
wait "$pp"
pst=$?
check "consumers without --sysv of a --sysv run exit 1 ($st1, $st2), the one with it 0 ($st3)" \
    test "$st1" -eq 1 -a "$st2" -eq 1 -a "$st3" -eq 0 -a "$pst" -eq 0
check "... the named one is told to use --sysv" grep -qx \
    "consumer: run $r uses System V semaphores, not named ones: run 'consumer -k $r --sysv'" \
    "$out/mismatch.c1.err"
check "... the unnamed one too" grep -qx \
    "consumer: run $r uses System V semaphores, not unnamed ones: run 'consumer -k $r --sysv'" \
    "$out/mismatch.c2.err"
check "... and they printed no item" test ! -s "$out/mismatch.c1" -a ! -s "$out/mismatch.c2"
expect_items "... the --sysv consumer gets 0..19" 20 "$out/mismatch.c3"
nothing_left "a consumer of the wrong kind" "$r"
remove_run "$r"

# Dead partners, each kind: a producer killed while its consumer waits (it
# waits for a second consumer: sem_timedwait or semtimedop slices) is
# noticed within 3 s, and the consumer removes the run; a consumer that
# joins a killed producer's leftovers says so and removes them.
r=$((base + 24))
for mode in --unnamed --sysv; do
    "$out/producer" "$mode" -k "$r" -c 2 20 2> /dev/null &
    pp=$!
    timeout 30 "$out/consumer" "$mode" -k "$r" > "$out/pkill$mode.c1" 2> "$out/pkill$mode.c1.err" &
    cjob=$!
    if wait_attached "$r" 2 5; then
        sleep 0.2
        kill -KILL "$pp"
        start=$(now_ms)
        wait "$cjob"
        st=$?
        elapsed=$(($(now_ms) - start))
        check "$mode: producer killed while its consumer waits: the consumer exits 1 ($st) within 3 s (${elapsed} ms)" \
            test "$st" -eq 1 -a "$elapsed" -lt 3000
        check "... saying the producer died" \
            grep -q "^consumer: run $r was abandoned: its producer died before the end" \
            "$out/pkill$mode.c1.err"
        nothing_left "$mode: producer killed while its consumer waits" "$r"
    else
        not_ok "$mode: producer killed while its consumer waits: both attached (got '$(attached "$r")')"
        kill -KILL "$pp" "$cjob" 2> /dev/null
    fi
    wait "$pp" 2> /dev/null
    remove_run "$r"

    kill_set_up_producer "$r" 20 "$mode"
    left=$(leftovers "$r" | wc -l)
    check "$mode: a killed producer leaves its $(objects "$mode") objects ($left)" \
        test "$left" -eq "$(objects "$mode")"
    start=$(now_ms)
    timeout 30 "$out/consumer" "$mode" -k "$r" > "$out/late$mode.c1" 2> "$out/late$mode.c1.err"
    st=$?
    elapsed=$(($(now_ms) - start))
    check "$mode: a consumer joining the leftovers exits 1 ($st) within 3 s (${elapsed} ms)" \
        test "$st" -eq 1 -a "$elapsed" -lt 3000
    nothing_left "$mode: a consumer joining a killed producer's leftovers" "$r"
    remove_run "$r"
    r=$((r + 1))
done

# --sysv takes the mutex with SEM_UNDO: a process killed while it holds
# it does not block the run. A stand-in (hold-mutex) takes the mutex of a
# --sysv run and sleeps; the producer and a consumer block on it; when the
# stand-in is killed the kernel gives the unit back and the run completes.
# (With named or unnamed semaphores the run would stay blocked: the
# documented limit.)
cat > "$out/hold-mutex.c" << 'END_OF_C'
/* hold-mutex RUN: opens run RUN's System V set, takes its mutex (as the
 * lab does, with SEM_UNDO), says "held" and sleeps until killed. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pc.h"

int main(int argc, char **argv)
{
    struct pc_run r;
    const char *what;
    if (argc != 2)
        return 2;
    pc_run_init(&r, atoi(argv[1]), PC_SYSV);
    if (pc_sems_open(&r.sems, NULL, &what) != 0 || pc_wait(&r, PC_MUTEX) != 0)
        return 1;
    printf("held\n");
    fflush(stdout);
    sleep(60);
    return 0;
}
END_OF_C
r=$((base + 26))
# shellcheck disable=SC2086
if $CC $HOST_CFLAGS -o "$out/hold-mutex" "$out/hold-mutex.c" user/lib/*.c -lrt \
        > "$out/hold.log" 2>&1; then
    timeout 60 "$out/producer" --sysv -k "$r" 100 2> "$out/undo.p.err" &
    pp=$!
    n=0
    while ! set_exists "$r" && [ "$n" -lt 100 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    sleep 0.2
    "$out/hold-mutex" "$r" > "$out/undo.hold" 2> /dev/null &
    holder=$!
    n=0
    while [ ! -s "$out/undo.hold" ] && [ "$n" -lt 100 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    timeout 60 "$out/consumer" --sysv -k "$r" > "$out/undo.c1" 2> "$out/undo.c1.err" &
    cjob=$!
    sleep 1
    blocked=0
    kill -0 "$pp" 2> /dev/null && kill -0 "$cjob" 2> /dev/null && [ ! -s "$out/undo.c1" ] && blocked=1
    check "--sysv: while another process holds the mutex, producer and consumer wait" \
        test "$(cat "$out/undo.hold")" = held -a "$blocked" -eq 1
    kill -KILL "$holder"
    wait "$holder" 2> /dev/null
    start=$(now_ms)
    wait "$cjob"
    cst=$?
    wait "$pp"
    pst=$?
    elapsed=$(($(now_ms) - start))
    check "--sysv: once the holder is killed, both finish: exit 0 ($pst, $cst) within 5 s (${elapsed} ms)" \
        test "$pst" -eq 0 -a "$cst" -eq 0 -a "$elapsed" -lt 5000
    expect_items "--sysv: ... and the consumer gets 0..99" 100 "$out/undo.c1"
    nothing_left "--sysv: a mutex holder killed" "$r"
    remove_run "$r"
else
    not_ok "the mutex-holding stand-in builds"
    diag < "$out/hold.log"
fi

# ---------------------------------------------------------------- too few consumers
wait "$few_job"
read -r pst cst elapsed < "$out/few.status"
check "producer -c 2 with one consumer: both exit 1 (producer $pst, consumer $cst)" \
    test "$pst" -eq 1 -a "$cst" -eq 1
check "... after the producer's 10 s wait (${elapsed} s)" test "$elapsed" -ge 9 -a "$elapsed" -le 20
check "... the producer says why" \
    grep -q "^producer: only 1 of 2 consumers joined run $few within 10 s: giving up\$" "$out/few.p.err"
check "... the consumer says the run was abandoned" \
    grep -q "^consumer: run $few was abandoned: its producer gave up waiting for consumers" \
    "$out/few.c1.err"
nothing_left "producer -c 2 with one consumer" "$few"
remove_run "$few"

# ---------------------------------------------------------------- no producer
wait "$lonely_job"
read -r st elapsed < "$out/lonely.status"
check "a consumer with no producer exits 1 ($st)" test "$st" -eq 1
check "... after its 10 s wait (${elapsed} s)" test "$elapsed" -ge 9 -a "$elapsed" -le 20
check "... saying there was no producer" grep -q '^consumer: no producer for run' "$out/lonely.err"
check "... printing nothing on stdout" test ! -s "$out/lonely.out"
nothing_left "a consumer with no producer" "$lonely"

tap_done
