#!/bin/sh
# tests/host/pc-kinds.sh - user/producer.c and user/consumer.c on Linux
# (TAP) with the two other kinds of semaphores beside the default named
# ones (tests/host/pc.sh): unnamed ones in the segment (--unnamed) and one
# System V set (--sysv). For each: a producer with several consumers,
# every value exactly once, everyone exits 0, and afterwards nothing left
# (no segment or System V set with the run's key, no semaphore file in
# /dev/shm); N = 0; a producer that finishes alone (-c 0) and a later
# consumer; a killed producer noticed by its waiting consumer, and its
# leftovers by a later one, who removes them. Also: a consumer of the
# wrong kind is refused, and, with --sysv, a process killed while it
# holds the mutex does not block the run (SEM_UNDO gives the unit back).
# Helpers: tests/host/lib/pc.sh.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
# shellcheck source=SCRIPTDIR/lib/pc.sh
. "$(dirname "$0")/lib/pc.sh"
tap_init
pc_setup pc-kinds               # run numbers base .. base+10

if ! build_programs; then
    tap_done
    exit 1
fi

# Each kind of semaphores: a producer with several consumers, every value
# exactly once, nothing left (lab's nothing_left looks for the segment and
# a System V set with the run's key, and the semaphore files).
r=$base
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
r=$((base + 6))
for mode in --unnamed --sysv; do
    timeout 20 "$out/producer" "$mode" -k "$r" -c 0 10 2> "$out/alone$mode.p.err"
    st=$?
    left=$(leftovers "$r" | tr '\n' ' ')
    want=$(objects "$mode")
    check "producer $mode -c 0 10: exits 0 ($st), leaving its $want objects (got: $left)" \
        test "$st" -eq 0 -a "$(leftovers "$r" | grep -c .)" -eq "$want" -a \
        -z "$(leftovers "$r" | grep /dev/shm)"
    timeout 20 "$out/consumer" "$mode" -k "$r" > "$out/alone$mode.c1" 2> "$out/alone$mode.c1.err"
    st=$?
    check "consumer $mode after that producer exited: exits 0 ($st)" test "$st" -eq 0
    expect_items "... and gets 0..9, each once, increasing" 10 "$out/alone$mode.c1"
    nothing_left "producer $mode -c 0 10 alone, then a consumer" "$r"
    remove_run "$r"
done

# A consumer of another kind than its run's says which option to use and
# exits 1 without joining; the run goes on with a consumer of its kind.
r=$((base + 7))
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
r=$((base + 8))
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
r=$((base + 10))
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

tap_done
