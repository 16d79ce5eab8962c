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
# These runs use the default, named semaphores; tests/host/pc-kinds.sh
# runs the other two kinds. Helpers: tests/host/lib/pc.sh.
# Runs use run numbers (-k) derived from this shell's pid, so parallel runs
# of this test cannot meet; run 0 (the default) is tried only if free.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
# shellcheck source=SCRIPTDIR/lib/pc.sh
. "$(dirname "$0")/lib/pc.sh"
tap_init
pc_setup pc                     # run numbers base .. base+15

# ---------------------------------------------------------------- build
if ! build_programs; then
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
