#!/bin/sh
# tests/guest-cmd/pc.sh - /bin/producer and /bin/consumer on shmos (TAP):
# the lab's runs typed at the shell, as in tests/host/pc.sh on Linux.
# Every value 0..N-1 is printed exactly once across the consumers, each
# consumer's values increase, no error message appears, and afterwards
# ipcs lists no segment and no semaphore, and
# "producer --clean" finds none of the run's segment and semaphore names.
# Also: consumer first, a producer that leaves the run to a later consumer
# (-c 0), a pipe, usage errors, a second producer refused while a run is
# live, --clean, and a consumer with no producer. Last, partners that die
# or do not come: a producer short of consumers gives up after 10 s, a
# killed producer is noticed by its consumer and by one that joins its
# leftovers, and the run is removed each time.
# Each kind of semaphores (named by default, --unnamed, --sysv): a producer
# with three consumers, every value exactly once, and afterwards free
# counts no segment and no System V semaphore set, ipcs lists no segment
# or named semaphore, and --clean finds no segment, set or name of the
# run; a killed producer is noticed by its consumer with each kind.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

# items NAME N [FILE]: the "pid: value" lines of FILE (default: the boot's
# output) hold each of 0..N-1 exactly once and each pid's values increase.
items() {
    grep -E '^[0-9]+: [0-9]+$' "${3:-$log}" | awk -v n="$2" '
        {
            split($0, f, ": ")
            pid = f[1]; v = f[2] + 0
            if ((pid in last) && v <= last[pid])
                printf "pid %s printed %d after %d\n", pid, v, last[pid]
            last[pid] = v
            seen[v]++
        }
        END {
            for (v in seen)
                if (v + 0 >= n)
                    printf "value %s is outside 0..%d\n", v, n - 1
            bad = 0
            for (v = 0; v < n; v++)
                if (seen[v] != 1 && bad++ < 10)
                    printf "value %d printed %d times\n", v, seen[v]
        }' > "$guest_logs/$1.items"
    if [ -s "$guest_logs/$1.items" ]; then
        not_ok "$1: 0..$(($2 - 1)) each printed once, each consumer's values increasing"
        sed 's/^/# /' "$guest_logs/$1.items" | head -n 20
        show_log
    else
        ok "$1: 0..$(($2 - 1)) each printed once, each consumer's values increasing"
    fi
}

# consumers NAME: the number of distinct pids on "pid: value" lines.
consumers() {
    grep -E '^[0-9]+: [0-9]+$' "$log" | sed 's/:.*//' | sort -u | wc -l
}

# no_errors NAME: neither program printed an error ("producer: ..." or
# "consumer: ..."), and no process was killed.
no_errors() {
    if grep -Eq '^(producer|consumer): |killed by' "$log"; then
        not_ok "$1: no error message"
        grep -E '^(producer|consumer): |killed by' "$log" | head -n 10 | sed 's/^/# /'
    else
        ok "$1: no error message"
    fi
}

# objects_after NAME MARK: the segment and semaphore lines (System V and
# named POSIX) of the first ipcs listing after the line MARK (the whole
# output if MARK is empty).
objects_after() {
    ipcs_rows "$2" "Shared Memory Segments"
    ipcs_rows "$2" "Semaphore Arrays"
    ipcs_rows "$2" "POSIX Named Semaphores"
}

# ipcs_clean NAME [MARK]: the ipcs listing (after MARK) shows no segment
# and no semaphore, and no line of the output names one of the run's
# semaphores.
ipcs_clean() {
    _segs=$(objects_after "$1" "${2:-}")
    if [ -z "$_segs" ] && ! grep -q 'shmos-pc-' "$log" && grep -q '^free pages: ' "$log"; then
        ok "$1: ipcs afterwards shows no segment or semaphore"
    else
        not_ok "$1: ipcs afterwards shows no segment or semaphore"
        echo "$_segs" | sed 's/^/# /'
        show_log
    fi
}

# nothing_of_run NAME RUN: "producer -k RUN --clean", run last in the
# boot, found none of the run's objects, of any kind (segment, System V
# set, 3 semaphore names).
nothing_of_run() {
    _line="producer --clean: run $2 (key $(printf '0x%08x' $((0x50430000 + $2)))): removed 0 objects (segment 0, semaphore set 0, semaphore names 0)"
    if has_line "$_line"; then
        ok "$1: afterwards no segment or semaphore of run $2 exists (--clean finds none)"
    else
        not_ok "$1: afterwards no segment or semaphore of run $2 exists (--clean finds none)"
        grep "^producer --clean: run " "$log" | sed 's/^/# /'
    fi
}

# lab NAME N CMDS: boots CMDS (a run 0 of N items ending in "wait; ipcs")
# followed by "producer --clean" to look for leftovers.
lab() {
    if boot "$1" "$3; producer --clean"; then
        expect_status "$1" 0
        items "$1" "$2"
        no_errors "$1"
        ipcs_clean "$1"
        nothing_of_run "$1" 0
    fi
}

lab pc-100 100 'producer 100 & consumer; wait; ipcs'
lab pc-default 500 'producer & consumer; wait; ipcs'
lab pc-3x2000 2000 'producer 2000 & consumer & consumer & consumer; wait; ipcs'
n=$(consumers pc-3x2000)
check "pc-3x2000: items went to 1 to 3 consumers ($n)" test "$n" -ge 1 -a "$n" -le 3
# kernel_counts_clean NAME: the last "free -x" line of the boot counts no
# shared-memory segment and no System V semaphore set.
kernel_counts_clean() {
    _counts=$(grep '^processes [0-9]*, open files' "$log" | tail -n 1)
    case $_counts in
        *", shm segments 0, semaphores 0")
            ok "$1: free afterwards counts no segment and no semaphore set" ;;
        *)
            not_ok "$1: free afterwards counts no segment and no semaphore set (got '$_counts')"
            show_log ;;
    esac
}

# Each kind: -c 3 so that no consumer can miss the run.
for mode in "" --unnamed --sysv; do
    name=pc${mode:+-${mode#--}}-c3
    c="consumer${mode:+ $mode}"
    lab "$name" 2000 "producer${mode:+ $mode} -c 3 2000 & $c & $c & $c; wait; ipcs; free -x"
    n=$(consumers "$name")
    check "$name: items went to 1 to 3 consumers ($n)" test "$n" -ge 1 -a "$n" -le 3
    kernel_counts_clean "$name"
done
lab pc-consumer-first 50 'consumer & producer 50; wait; ipcs'
lab pc-pipe 200 'producer 200 & consumer | cat; wait; ipcs'

# Two runs side by side (-k): each consumer gets all of its own run.
if boot pc-two-runs 'producer -k 7 300 & consumer -k 7 & producer -k 8 200 & consumer -k 8; wait; ipcs; producer -k 7 --clean; producer -k 8 --clean'; then
    expect_status pc-two-runs 0
    grep -E '^[0-9]+: [0-9]+$' "$log" | sed 's/:.*//' | sort -u > "$guest_logs/pc-two-runs.pids"
    check "pc-two-runs: two consumers printed" test "$(wc -l < "$guest_logs/pc-two-runs.pids")" -eq 2
    while read -r pid; do
        grep -E "^$pid: [0-9]+\$" "$log" > "$guest_logs/pc-two-runs.$pid"
        n=$(wc -l < "$guest_logs/pc-two-runs.$pid")
        echo "$n" >> "$guest_logs/pc-two-runs.counts"
        items "pc-two-runs-consumer-$pid" "$n" "$guest_logs/pc-two-runs.$pid"
    done < "$guest_logs/pc-two-runs.pids"
    counts=$(sort -n "$guest_logs/pc-two-runs.counts" | tr '\n' ' ')
    check "pc-two-runs: one consumer took its run's 200 items, the other 300 ($counts)" \
        test "$counts" = "200 300 "
    no_errors pc-two-runs
    ipcs_clean pc-two-runs
    nothing_of_run pc-two-runs 7
    nothing_of_run pc-two-runs 8
fi

# -c 0: the producer leaves 10 items in the ring and exits; the segment
# stays (nattch 0) until a consumer takes them, then goes.
if boot pc-later 'producer -c 0 10; echo "producer $?"; ipcs; echo MARK; consumer; ipcs; producer --clean'; then
    expect_status pc-later 0
    expect_line pc-later "producer 0"
    left=$(ipcs_rows "" "Shared Memory Segments" | awk '$1 == "0x50430000" && $6 == 0' | wc -l)
    check "pc-later: while waiting for a consumer, ipcs lists the run's segment, nattch 0" \
        test "$left" -eq 1
    items pc-later 10
    no_errors pc-later
    if [ -z "$(objects_after pc-later MARK)" ]; then
        ok "pc-later: after the consumer, ipcs shows no segment"
    else
        not_ok "pc-later: after the consumer, ipcs shows no segment"
        show_log
    fi
    nothing_of_run pc-later 0
fi

# A second producer is refused while a run is live (the first producer
# waits for a consumer); --clean removes the run under it (the segment is
# only marked, the first producer still has it attached).
if boot pc-clean 'producer 30 & sleep 3; producer 5; echo "second $?"; producer --clean; echo "clean $?"; ipcs'; then
    expect_status pc-clean 0
    expect_line pc-clean "second 1"
    check "pc-clean: the second producer says the run exists already" \
        grep -q '^producer: run 0 (key 0x50430000) exists already' "$log"
    expect_line pc-clean "clean 0"
    expect_line pc-clean "producer --clean: run 0 (key 0x50430000): removed 4 objects (segment 1, semaphore set 0, semaphore names 3)"
    dest=$(ipcs_rows "" "Shared Memory Segments" | awk 'NF == 7 && $7 == "dest"' | wc -l)
    check "pc-clean: ipcs shows the segment marked for removal, still attached" test "$dest" -eq 1
fi

if boot pc-usage 'producer 12x'; then
    expect_status pc-usage 2
    check "pc-usage: the usage is printed" grep -q '^usage: producer' "$log"
fi

# A consumer with no producer gives up after 10 s.
if boot pc-lonely 'consumer -k 3'; then
    expect_status pc-lonely 1
    expect_line pc-lonely "consumer: no producer for run 3 (key 0x50430003) after 10 s"
fi

# Dead partners and too few consumers: no one waits forever, and the run
# is removed all the same. These boot last: before the fix they hung,
# which ends the boots of this script.

# -c 3, one of the two consumers killed while it waits (it holds no
# semaphore): the producer gives up after 10 s, the other consumer says
# the run was abandoned, and the producer, last out, removes the run
# although the killed consumer never left it.
if boot pc-too-few 'producer -c 3 20 & consumer & consumer & sleep 1; kill -9 $!; wait; ipcs; producer --clean'; then
    expect_status pc-too-few 0
    expect_line pc-too-few "producer: only 2 of 3 consumers joined run 0 within 10 s: giving up"
    check "pc-too-few: the surviving consumer says the run was abandoned" \
        grep -q '^consumer: run 0 was abandoned: its producer gave up waiting for consumers' "$log"
    ipcs_clean pc-too-few
    nothing_of_run pc-too-few 0
fi

# The producer killed while its consumer waits (for a second consumer):
# the consumer notices, says so, and removes the run.
if boot pc-producer-killed 'consumer & producer -c 2 20 & sleep 1; kill -9 $!; wait; ipcs; producer --clean'; then
    expect_status pc-producer-killed 0
    check "pc-producer-killed: the consumer says the producer died" \
        grep -q '^consumer: run 0 was abandoned: its producer died before the end' "$log"
    ipcs_clean pc-producer-killed
    nothing_of_run pc-producer-killed 0
fi

# A killed producer's leftovers: a consumer that joins them says the
# producer died, exits 1 and removes them.
if boot pc-leftovers 'producer 20 & sleep 1; kill -9 $!; consumer; echo "consumer $?"; ipcs; producer --clean'; then
    expect_status pc-leftovers 0
    expect_line pc-leftovers "consumer 1"
    check "pc-leftovers: the consumer says the producer died" \
        grep -q '^consumer: run 0 was abandoned: its producer died before the end' "$log"
    ipcs_clean pc-leftovers
    nothing_of_run pc-leftovers 0
fi

# The same with the other kinds: the consumer's slices are sem_timedwait
# (--unnamed) or semtimedop (--sysv) calls; it notices, removes the run
# (for --sysv its set too).
for mode in --unnamed --sysv; do
    name=pc-${mode#--}-producer-killed
    if boot "$name" "consumer $mode & producer $mode -c 2 20 & sleep 1; kill -9 \$!; wait; ipcs; free -x; producer --clean"; then
        expect_status "$name" 0
        check "$name: the consumer says the producer died" \
            grep -q '^consumer: run 0 was abandoned: its producer died before the end' "$log"
        ipcs_clean "$name"
        kernel_counts_clean "$name"
        nothing_of_run "$name" 0
    fi
done

tap_done
