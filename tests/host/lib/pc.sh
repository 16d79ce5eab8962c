# shellcheck shell=sh
# tests/host/lib/pc.sh - helpers of the producer/consumer tests on Linux
# (sourced by tests/host/pc.sh and tests/host/pc-kinds.sh, after
# tests/host/lib/tap.sh): building the programs as the Makefile does,
# running a lab (a producer and consumers of one run), checking that every
# value arrives exactly once, and looking for what a run left behind: its
# segment and a System V semaphore set with its key, its semaphore files
# in /dev/shm.

# pc_setup NAME: the output directory build/host/tests/NAME, emptied, in
# $out; run numbers from $base (derived from this shell's pid, so parallel
# runs of the tests do not meet: each script uses base .. base+15); the
# lab's key base in $PC_KEY.
pc_setup() {
    out=build/host/tests/$1
    rm -rf "$out"
    mkdir -p "$out"
    # shellcheck disable=SC2034 # used by the scripts that source this
    base=$(($$ % 60000 + 1))
    PC_KEY=$((0x50430000))
}

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
    # shellcheck disable=SC2034 # the caller kills it
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

# build_programs: builds producer and consumer into $out, one test each;
# false if either failed.
build_programs() {
    _built=0
    for _p in producer consumer; do
        if build "$_p" "$_p"; then
            ok "user/$_p.c builds for Linux with HOST_CFLAGS"
        else
            not_ok "user/$_p.c builds for Linux with HOST_CFLAGS"
            diag < "$out/$_p.build.log"
            _built=1
        fi
    done
    return "$_built"
}
