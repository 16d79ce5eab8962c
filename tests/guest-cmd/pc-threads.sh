#!/bin/sh
# tests/guest-cmd/pc-threads.sh - /bin/pc-threads on shmos and
# build/host/pc-threads on Linux (TAP): the lab's producer and consumers
# as threads of one process (a mutex, two condition variables). On each
# system: 300 items to 3 consumers, every value printed exactly once and
# each consumer's values increasing; 20000 items to 8 consumers quietly;
# the final line; usage errors (status 2). Then ps -T on shmos lists a
# threaded process's threads under its one pid.
set -u
: "${GUEST_CMD_TIMEOUT:=120}"
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

# items NAME FILE N C: FILE's "consumer K: VALUE" lines hold each of
# 0..N-1 once, each consumer's values increase, and K is below C.
items() {
    grep -E '^consumer [0-9]+: [0-9]+$' "$2" | awk -v n="$3" -v c="$4" '
        {
            k = $2 + 0; v = $3 + 0
            if (k >= c) printf "consumer %d out of range\n", k
            if ((k in last) && v <= last[k]) printf "consumer %d printed %d after %d\n", k, v, last[k]
            last[k] = v
            seen[v]++
        }
        END { for (v = 0; v < n; v++) if (seen[v] != 1) printf "value %d printed %d times\n", v, seen[v] }
    ' > "$guest_logs/$1.items"
    if [ -s "$guest_logs/$1.items" ]; then
        not_ok "$1: 0..$(($3 - 1)) each printed once, each consumer's values increasing"
        sed 's/^/# /' "$guest_logs/$1.items" | head -n 10
    else
        ok "$1: 0..$(($3 - 1)) each printed once, each consumer's values increasing"
    fi
}

# The Linux build: the same checks against the same source.
make -s build/host/pc-threads > /dev/null 2>&1 || not_ok "build/host/pc-threads builds"
linux=$guest_logs/linux.txt
build/host/pc-threads -n 300 -c 3 > "$linux" 2>&1
check "linux: -n 300 -c 3 exits 0" [ $? -eq 0 ]
items linux "$linux" 300 3
check "linux: the final line" grep -Fxq "pc-threads: 300 items, 3 consumers, each item taken once" "$linux"
build/host/pc-threads -n 20000 -c 8 -q > "$linux.q" 2>&1
check "linux: -n 20000 -c 8 -q prints only the final line" \
    [ "$(cat "$linux.q")" = "pc-threads: 20000 items, 8 consumers, each item taken once" ]
build/host/pc-threads -c 0 2> /dev/null
check "linux: -c 0 is a usage error (status 2)" [ $? -eq 2 ]

cmds='pc-threads -n 300 -c 3; echo "status $?"; echo ===;'
cmds="$cmds pc-threads -n 20000 -c 8 -q; pc-threads -c 0 2> /dev/null; echo \"usage \$?\";"
cmds="$cmds pc-threads -n 5000000 -c 2 -q & sleep 1; ps -T > /tmp/ps; ps > /tmp/ps1; kill \$!; wait;"
cmds="$cmds echo '=== ps -T'; cat /tmp/ps; echo '=== ps'; cat /tmp/ps1; echo '=== end'"
if boot pc-threads "$cmds"; then
    expect_status pc-threads 0
    sed -n '1,/^===$/p' "$log" > "$guest_logs/first.txt"
    items shmos "$guest_logs/first.txt" 300 3
    expect_line shmos "pc-threads: 300 items, 3 consumers, each item taken once"
    expect_line shmos "status 0"
    expect_line shmos "pc-threads: 20000 items, 8 consumers, each item taken once"
    expect_line shmos "usage 2"
    # ps -T: the process's 4 threads (main, producer, 2 consumers), one PID,
    # 4 TIDs; plain ps: one line for it.
    awk '/^=== ps -T$/ { on = 1; next } /^=== / { on = 0 } on && / pc-threads +pc-threads /' "$log" \
        > "$guest_logs/ps-T.txt"
    awk '/^=== ps$/ { on = 1; next } /^=== / { on = 0 } on && / pc-threads +pc-threads /' "$log" \
        > "$guest_logs/ps.txt"
    pids=$(awk '{ print $1 }' "$guest_logs/ps-T.txt" | sort -u | wc -l)
    tids=$(awk '{ print $2 }' "$guest_logs/ps-T.txt" | sort -u | wc -l)
    check "ps -T: 4 threads of pc-threads, one PID and 4 TIDs" [ "$pids" -eq 1 ] && [ "$tids" -eq 4 ]
    check "ps -T: the header has a TID column" grep -Eq '^ +PID +TID +PPID ' "$log"
    check "ps: pc-threads listed once" [ "$(wc -l < "$guest_logs/ps.txt")" -eq 1 ]
fi
tap_done
